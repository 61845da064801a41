//! Grouping by one string column straight over a Parquet file, by dictionary code. An execution-
//! time rewrite (`exec::dataframe` applies it): the table's plan, `toSql()` and later transforms
//! see the ordinary `Aggregate`.
//!
//! It applies when every aggregate is a row count (`g.count()`, the value-counts / top-N shape) and
//! the files say the key column is dictionary-encoded throughout with a small dictionary (checked
//! in their footers: a PLAIN-encoded or high-cardinality column would make the reader build a
//! dictionary per batch, far slower than DataFusion's own string grouping). The key is then read
//! dictionary-encoded (`dict_scan`), the `CodeCount` node counts codes per batch and maps each
//! dictionary's values once to query-wide ids (an `Interner`), DataFusion sums the partitions'
//! counts by id, and `ltseq_dict_value` turns the ids of the result rows back into strings. NULL
//! keys stay one group, as on the general path. Other aggregates would gain little: grouping by an
//! integer id costs about as much as DataFusion's string grouping.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex};

use datafusion::arrow::array::{ArrayRef, AsArray, Int64Array, StringViewArray};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Int64Type};
use datafusion::catalog::Session;
use datafusion::common::tree_node::{Transformed, TreeNode, TreeNodeRecursion};
use datafusion::common::{Column, ExprSchema};
use datafusion::datasource::TableProvider;
use datafusion::datasource::listing::ListingTable;
use datafusion::datasource::physical_plan::parquet::metadata::DFParquetMetadata;
use datafusion::datasource::{provider_as_source, source_as_provider};
use datafusion::error::Result as DfResult;
use datafusion::functions_aggregate::expr_fn::sum;
use datafusion::logical_expr::expr::AggregateFunction;
use datafusion::logical_expr::{
    Aggregate, ColumnarValue, Expr, Extension, LogicalPlan, LogicalPlanBuilder, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl,
    Signature, Volatility, col,
};
use datafusion::parquet::basic::Encoding;

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

/// `ltseq_dict_value(id)`: the string an id stands for.
#[derive(Debug)]
struct DictFn {
    interner: Arc<Interner>,
    signature: Signature,
}

/// Two functions are the same when they share an interner (one query's pair).
impl PartialEq for DictFn {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.interner, &other.interner)
    }
}
impl Eq for DictFn {}
impl Hash for DictFn {
    fn hash<H: Hasher>(&self, state: &mut H) {
        (Arc::as_ptr(&self.interner) as usize).hash(state);
    }
}

impl ScalarUDFImpl for DictFn {
    fn name(&self) -> &str {
        "ltseq_dict_value"
    }
    fn signature(&self) -> &Signature {
        &self.signature
    }
    fn return_type(&self, _args: &[DataType]) -> DfResult<DataType> {
        Ok(DataType::Utf8View)
    }
    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> DfResult<ColumnarValue> {
        let ids = args.args[0].to_array(args.number_rows)?;
        let guard = self.interner.ids.lock().expect("not poisoned");
        let out: StringViewArray = ids.as_primitive::<Int64Type>().iter().map(|id| id.map(|i| guard.1[i as usize].as_str())).collect();
        Ok(ColumnarValue::Array(Arc::new(out)))
    }
}

const ROWS: &str = "__ltseq_rows";

/// Largest dictionary page (compressed bytes) worth grouping by code.
const MAX_DICTIONARY_PAGE: i64 = 256 * 1024;

/// Every aggregate of row counts that groups by one plain string column of a bare Parquet scan
/// whose files keep that column dictionary-encoded, rewritten to count by dictionary code. Other
/// plans come back unchanged.
pub async fn rewrite(plan: LogicalPlan, state: &dyn Session) -> DfResult<LogicalPlan> {
    let mut candidates: Vec<(Arc<dyn TableProvider>, Column)> = Vec::new();
    plan.apply(|p| {
        if let LogicalPlan::Aggregate(a) = p {
            if let Some((provider, key)) = eligible(a) {
                candidates.push((provider, key.clone()));
            }
        }
        Ok(TreeNodeRecursion::Continue)
    })?;
    let mut approved = Vec::new();
    for (provider, key) in candidates {
        if dictionary_encoded(&provider, &key.name, state).await? {
            approved.push((Arc::as_ptr(&provider) as *const () as usize, key));
        }
    }
    if approved.is_empty() {
        return Ok(plan);
    }
    let out = plan.transform_up(|p| {
        let LogicalPlan::Aggregate(a) = &p else { return Ok(Transformed::no(p)) };
        let Some((provider, key)) = eligible(a) else { return Ok(Transformed::no(p)) };
        let id = Arc::as_ptr(&provider) as *const () as usize;
        if !approved.iter().any(|(i, k)| *i == id && k == key) {
            return Ok(Transformed::no(p));
        }
        Ok(Transformed::yes(by_code(a, provider, key)?))
    })?;
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

/// The scan's provider and the key column, when the aggregate has the shape the rewrite takes.
fn eligible(a: &Aggregate) -> Option<(Arc<dyn TableProvider>, &Column)> {
    let [group] = a.group_expr.as_slice() else { return None };
    let key = match group {
        Expr::Column(c) => c,
        Expr::Alias(al) => match al.expr.as_ref() {
            Expr::Column(c) => c,
            _ => return None,
        },
        _ => return None,
    };
    let LogicalPlan::TableScan(scan) = a.input.as_ref() else { return None };
    if !scan.filters.is_empty() || scan.fetch.is_some() || scan.projection.is_some() || !a.aggr_expr.iter().all(is_row_count) {
        return None;
    }
    let field = scan.projected_schema.field_from_column(key).ok()?;
    if !matches!(field.data_type(), DataType::Utf8View | DataType::Utf8) {
        return None;
    }
    let provider = source_as_provider(&scan.source).ok()?;
    DictParquetTable::wrap(provider.clone(), &[key.name.as_str()])?;
    Some((provider, key))
}

/// Whether every row group of every file stores `column` with dictionary pages only and a small
/// dictionary (from the footers; DataFusion caches them). Old writers list `BIT_PACKED` for levels.
#[allow(deprecated)]
async fn dictionary_encoded(provider: &Arc<dyn TableProvider>, column: &str, state: &dyn Session) -> DfResult<bool> {
    let Some(listing) = provider.downcast_ref::<ListingTable>() else { return Ok(false) };
    let Some(url) = listing.table_paths().first() else { return Ok(false) };
    let store = state.runtime_env().object_store(url.object_store())?;
    let cache = state.runtime_env().cache_manager.get_file_metadata_cache();
    let files = listing.list_files_for_scan(state, &[], None).await?;
    for file in files.file_groups.iter().flat_map(|g| g.iter()) {
        let meta = DFParquetMetadata::new(store.as_ref(), &file.object_meta)
            .with_file_metadata_cache(Some(cache.clone()))
            .fetch_metadata()
            .await?;
        let Some(i) = meta.file_metadata().schema_descr().columns().iter().position(|c| c.name() == column) else { return Ok(false) };
        for rg in meta.row_groups() {
            let c = rg.column(i);
            let Some(dict) = c.dictionary_page_offset() else { return Ok(false) };
            let only_dictionary = match c.page_encoding_stats_mask() {
                Some(mask) => mask.is_only(Encoding::PLAIN_DICTIONARY) || mask.is_only(Encoding::RLE_DICTIONARY),
                // No page statistics: every encoding listed must be a dictionary or level encoding.
                None => c.encodings().all(|e| matches!(e, Encoding::PLAIN_DICTIONARY | Encoding::RLE_DICTIONARY | Encoding::RLE | Encoding::BIT_PACKED)),
            };
            if !only_dictionary || c.data_page_offset() - dict > MAX_DICTIONARY_PAGE {
                return Ok(false);
            }
        }
    }
    Ok(true)
}

fn by_code(a: &Aggregate, provider: Arc<dyn TableProvider>, key: &Column) -> DfResult<LogicalPlan> {
    let LogicalPlan::TableScan(scan) = a.input.as_ref() else { unreachable!("checked by eligible") };
    let out_name = a.schema.field(0).name().clone();
    let dict = DictParquetTable::wrap(provider, &[key.name.as_str()]).expect("checked by eligible");
    let interner = Arc::new(Interner::default());
    let dict_scan = LogicalPlanBuilder::scan(scan.table_name.clone(), provider_as_source(Arc::new(dict)), None)?.build()?;
    let names: Vec<String> = a.aggr_expr.iter().map(|e| e.schema_name().to_string()).collect();
    let node = CodeCount::try_new(dict_scan, key.clone(), interner.clone(), ROWS)?;
    let aggs: Vec<Expr> = names.iter().map(|n| sum(col(ROWS)).alias(n)).collect();
    let value = ScalarUDF::new_from_impl(DictFn { interner, signature: Signature::any(1, Volatility::Immutable) });
    let mut out = vec![value.call(vec![col(out_name.as_str())]).alias(&out_name)];
    out.extend(names.iter().map(|n| col(n.as_str())));
    LogicalPlanBuilder::from(LogicalPlan::Extension(Extension { node: Arc::new(node) }))
        .aggregate(vec![col(key.name.as_str()).alias(&out_name)], aggs)?
        .project(out)?
        .build()
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use datafusion::arrow::array::{ArrayRef, Int64Array, RecordBatch, StringArray};
    use datafusion::config::TableParquetOptions;
    use datafusion::dataframe::DataFrameWriteOptions;
    use datafusion::prelude::SessionContext;

    use crate::tree::{Expr, Field};
    use crate::{exec, group, io};

    /// Writes keys a, b, NULL, a, a to Parquet, with or without dictionary pages.
    async fn file(dictionary: bool) -> String {
        let keys: ArrayRef = Arc::new(StringArray::from(vec![Some("a"), Some("b"), None, Some("a"), Some("a")]));
        let v: ArrayRef = Arc::new(Int64Array::from(vec![1, 2, 3, 4, 5]));
        let batch = RecordBatch::try_from_iter(vec![("k", keys), ("v", v)]).unwrap();
        let dir = std::env::temp_dir().join(format!("ltseq-dict-{}-{dictionary}-{:?}", std::process::id(), std::thread::current().id()));
        let path = dir.join("t.parquet").to_string_lossy().to_string();
        let mut opts = TableParquetOptions::default();
        opts.global.dictionary_enabled = Some(dictionary);
        let ctx = SessionContext::new();
        ctx.read_batch(batch).unwrap().write_parquet(&path, DataFrameWriteOptions::new(), Some(opts)).await.unwrap();
        path
    }

    async fn counts(path: &str) -> (String, Vec<String>) {
        let t = io::read_parquet(path).await.unwrap();
        let key = [Field { name: "k".into(), expr: Expr::Col { name: "k".into() } }];
        let n = [Field { name: "n".into(), expr: Expr::Agg { func: "count".into(), args: vec![] } }];
        let g = group::group_by(&t, &key, &n, &[]).unwrap();
        let plan = exec::explain(&g).await.unwrap();
        let (_, batches) = exec::collect_batches(&g).await.unwrap();
        let mut rows: Vec<String> = batches
            .iter()
            .flat_map(|b| {
                (0..b.num_rows()).map(move |i| {
                    let k = datafusion::arrow::util::display::array_value_to_string(b.column(0), i).unwrap();
                    let n = datafusion::arrow::util::display::array_value_to_string(b.column(1), i).unwrap();
                    format!("{k}:{n}")
                })
            })
            .collect();
        rows.sort();
        (plan, rows)
    }

    #[tokio::test]
    async fn counts_by_code_only_when_the_file_keeps_a_dictionary() {
        let want = vec![":1".to_string(), "a:3".into(), "b:1".into()];
        let (plan, rows) = counts(&file(true).await).await;
        assert!(plan.contains("CodeCount"), "{plan}");
        assert_eq!(rows, want);
        let (plan, rows) = counts(&file(false).await).await;
        assert!(!plan.contains("CodeCount"), "{plan}");
        assert_eq!(rows, want);
    }
}
