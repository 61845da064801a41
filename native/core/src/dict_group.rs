//! Grouping by one string column straight over a Parquet file, by dictionary code. An execution-
//! time rewrite (`exec::dataframe` applies it): the table's plan, `toSql()` and later transforms
//! see the ordinary `Aggregate`.
//!
//! The key column is read dictionary-encoded (`dict_scan`). When every aggregate is a row count
//! (`g.count()`), the `CodeCount` node counts codes per batch and DataFusion sums the partitions'
//! counts by id. Otherwise `ltseq_dict_code` maps each batch's few dictionary values to query-wide
//! integer ids once (an interner shared by the plan's functions) and gathers every row's id, so
//! DataFusion groups by an Int64. Either way `ltseq_dict_value` turns the ids of the result rows
//! back into strings, and NULL keys stay one group, as on the general path.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex};

use datafusion::arrow::array::{Array, ArrayRef, AsArray, Int64Array, StringViewArray};
use datafusion::arrow::compute::{cast, take};
use datafusion::arrow::datatypes::{DataType, Int32Type};
use datafusion::datasource::{provider_as_source, source_as_provider};
use datafusion::error::Result as DfResult;
use datafusion::common::ExprSchema;
use datafusion::common::tree_node::{Transformed, TreeNode};
use datafusion::functions_aggregate::expr_fn::sum;
use datafusion::logical_expr::expr::AggregateFunction;
use datafusion::logical_expr::{
    Aggregate, ColumnarValue, Expr, Extension, LogicalPlan, LogicalPlanBuilder, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl,
    Signature, Volatility, col,
};

use crate::dict_scan::DictParquetTable;
use crate::nodes::code_count::CodeCount;

/// Strings seen by one query, numbered in order of first sight.
#[derive(Debug, Default)]
pub struct Interner {
    ids: Mutex<(HashMap<String, i64>, Vec<String>)>,
}

impl Interner {
    /// The id of every value (NULL stays NULL).
    pub fn ids_of(&self, values: &ArrayRef) -> DfResult<Int64Array> {
        let values = cast(values, &DataType::Utf8)?;
        let mut guard = self.ids.lock().expect("not poisoned");
        let (ids, strings) = &mut *guard;
        Ok(values
            .as_string::<i32>()
            .iter()
            .map(|v| {
                v.map(|s| match ids.get(s) {
                    Some(&id) => id,
                    None => {
                        let id = strings.len() as i64;
                        ids.insert(s.to_string(), id);
                        strings.push(s.to_string());
                        id
                    }
                })
            })
            .collect())
    }
}

/// `ltseq_dict_code(key)` (`decode` false) and `ltseq_dict_value(id)` (`decode` true).
#[derive(Debug)]
struct DictFn {
    interner: Arc<Interner>,
    decode: bool,
    signature: Signature,
}

/// Two functions are the same when they share an interner (one query's pair).
impl PartialEq for DictFn {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.interner, &other.interner) && self.decode == other.decode
    }
}
impl Eq for DictFn {}
impl Hash for DictFn {
    fn hash<H: Hasher>(&self, state: &mut H) {
        (Arc::as_ptr(&self.interner) as usize).hash(state);
        self.decode.hash(state);
    }
}

impl ScalarUDFImpl for DictFn {
    fn name(&self) -> &str {
        if self.decode { "ltseq_dict_value" } else { "ltseq_dict_code" }
    }
    fn signature(&self) -> &Signature {
        &self.signature
    }
    fn return_type(&self, _args: &[DataType]) -> DfResult<DataType> {
        Ok(if self.decode { DataType::Utf8View } else { DataType::Int64 })
    }
    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> DfResult<ColumnarValue> {
        let a = args.args[0].to_array(args.number_rows)?;
        if self.decode {
            let guard = self.interner.ids.lock().expect("not poisoned");
            let out: StringViewArray = a.as_primitive::<datafusion::arrow::datatypes::Int64Type>().iter().map(|id| id.map(|i| guard.1[i as usize].as_str())).collect();
            return Ok(ColumnarValue::Array(Arc::new(out)));
        }
        Ok(ColumnarValue::Array(match a.data_type() {
            // The point of it all: the ids of a batch's dictionary values, gathered by code.
            DataType::Dictionary(k, _) if **k == DataType::Int32 => {
                let d = a.as_dictionary::<Int32Type>();
                take(&self.interner.ids_of(d.values())?, d.keys(), None)?
            }
            _ => Arc::new(self.interner.ids_of(&a)?),
        }))
    }
}

const ROWS: &str = "__ltseq_rows";

/// Every aggregate that groups by one plain string column of a bare Parquet scan, rewritten to
/// group by dictionary code. Other plans come back unchanged.
pub fn rewrite(plan: LogicalPlan) -> DfResult<LogicalPlan> {
    let out = plan.transform_up(|p| match &p {
        LogicalPlan::Aggregate(a) => Ok(match by_code(a)? {
            Some(new) => Transformed::yes(new),
            None => Transformed::no(p),
        }),
        _ => Ok(Transformed::no(p)),
    })?;
    if !out.transformed {
        return Ok(out.data);
    }
    // Count columns become sums (nullable): let the nodes above recompute their schemas.
    Ok(out.data.transform_up(|p| p.recompute_schema().map(Transformed::yes))?.data)
}

/// `count(<non-NULL literal>)` with nothing else: a row count.
fn is_row_count(e: &Expr) -> bool {
    let e = match e {
        Expr::Alias(a) => a.expr.as_ref(),
        e => e,
    };
    matches!(e, Expr::AggregateFunction(AggregateFunction { func, params })
        if func.name() == "count" && !params.distinct && params.filter.is_none() && params.order_by.is_empty()
            && matches!(params.args.as_slice(), [Expr::Literal(v, _)] if !v.is_null()))
}

fn by_code(a: &Aggregate) -> DfResult<Option<LogicalPlan>> {
    let [group] = a.group_expr.as_slice() else { return Ok(None) };
    let (key, out_name) = match group {
        Expr::Column(c) => (c, c.name.clone()),
        Expr::Alias(al) => match al.expr.as_ref() {
            Expr::Column(c) => (c, al.name.clone()),
            _ => return Ok(None),
        },
        _ => return Ok(None),
    };
    let LogicalPlan::TableScan(scan) = a.input.as_ref() else { return Ok(None) };
    if !scan.filters.is_empty() || scan.fetch.is_some() || scan.projection.is_some() {
        return Ok(None);
    }
    let Ok(field) = scan.projected_schema.field_from_column(key) else { return Ok(None) };
    if !matches!(field.data_type(), DataType::Utf8View | DataType::Utf8) {
        return Ok(None);
    }
    let counts = a.aggr_expr.iter().all(is_row_count);
    // An aggregate reading the key itself would see ids.
    if !counts && a.aggr_expr.iter().any(|e| e.column_refs().contains(key)) {
        return Ok(None);
    }
    let Some(dict) = source_as_provider(&scan.source).ok().and_then(|p| DictParquetTable::wrap(p, &[key.name.as_str()])) else {
        return Ok(None);
    };
    let interner = Arc::new(Interner::default());
    let udf = |decode| ScalarUDF::new_from_impl(DictFn { interner: interner.clone(), decode, signature: Signature::any(1, Volatility::Immutable) });
    let dict_scan = LogicalPlanBuilder::scan(scan.table_name.clone(), provider_as_source(Arc::new(dict)), None)?.build()?;
    let names: Vec<String> = a.aggr_expr.iter().map(|e| e.schema_name().to_string()).collect();
    let grouped = if counts {
        let node = CodeCount::try_new(dict_scan, key.clone(), interner.clone(), ROWS)?;
        let aggs: Vec<Expr> = names.iter().map(|n| sum(col(ROWS)).alias(n)).collect();
        LogicalPlanBuilder::from(LogicalPlan::Extension(Extension { node: Arc::new(node) }))
            .aggregate(vec![col(key.name.as_str()).alias(&out_name)], aggs)?
    } else {
        let code = udf(false);
        let cols: Vec<Expr> = dict_scan
            .schema()
            .iter()
            .map(|(q, f)| {
                let c = Expr::Column(datafusion::common::Column::new(q.cloned(), f.name()));
                if f.name() == &key.name { code.call(vec![c]).alias_qualified(q.cloned(), f.name()) } else { c }
            })
            .collect();
        LogicalPlanBuilder::from(dict_scan).project(cols)?.aggregate(a.group_expr.clone(), a.aggr_expr.clone())?
    };
    let value = udf(true);
    let mut out = vec![value.call(vec![col(out_name.as_str())]).alias(&out_name)];
    out.extend(names.iter().map(|n| col(n.as_str())));
    Ok(Some(grouped.project(out)?.build()?))
}
