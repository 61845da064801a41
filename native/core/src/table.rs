//! `Table`: an immutable lazy query — a DataFusion `LogicalPlan` plus the files it reads (for error
//! messages). Every transform returns a new `Table`; nothing executes here.

use std::sync::Arc;

use datafusion::common::{Column, JoinType, NullEquality};
use datafusion::functions_window::expr_fn::row_number;
use datafusion::logical_expr::{Extension, ExprFunctionExt, LogicalPlan, LogicalPlanBuilder, SortExpr, col, lit};

use crate::nodes::assume_sorted::AssumeSorted;

use crate::error::{LtseqError, Result};
use crate::lower::window::{self, ROW_INDEX};
use crate::lower::{DfExpr, Lowerer, is_bool_or_null, type_name};
use crate::tree::{Expr, Field};

/// Hidden helper columns never collide with user columns: users cannot easily name them and the
/// runtime rejects the `__ltseq_` prefix.
const ROW_IN_KEY: &str = "__ltseq_rn";

#[derive(Clone, Debug)]
pub struct Table {
    pub plan: Arc<LogicalPlan>,
    /// Files read by this plan, so a parse error at execution time can name them.
    pub sources: Arc<Vec<String>>,
}

pub use crate::tree::SortKey;

/// One output column for the schema listing: name, short type name, nullable.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct ColumnInfo {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: String,
    pub nullable: bool,
}

impl Table {
    pub fn new(plan: LogicalPlan, sources: Vec<String>) -> Self {
        Self { plan: Arc::new(plan), sources: Arc::new(sources) }
    }

    /// The same sources, another plan.
    pub fn with_plan(&self, plan: LogicalPlan) -> Self {
        self.derive(plan)
    }

    /// `project`, allowing the reserved `__ltseq_` names (internal helper columns).
    pub fn project_hidden(&self, fields: &[Field], order: &[SortKey]) -> Result<Self> {
        self.project_impl(fields, order)
    }

    fn derive(&self, plan: LogicalPlan) -> Self {
        Self { plan: Arc::new(plan), sources: self.sources.clone() }
    }

    fn builder(&self) -> LogicalPlanBuilder {
        LogicalPlanBuilder::from(self.plan.clone())
    }

    fn lowerer(&self) -> Lowerer<'_> {
        Lowerer::new(self.plan.schema())
    }

    pub fn columns(&self) -> Vec<ColumnInfo> {
        self.plan
            .schema()
            .fields()
            .iter()
            .map(|f| ColumnInfo { name: f.name().clone(), ty: type_name(f.data_type()), nullable: f.is_nullable() })
            .collect()
    }

    pub fn column_names(&self) -> Vec<String> {
        self.plan.schema().fields().iter().map(|f| f.name().clone()).collect()
    }

    /// Keeps rows where `predicate` holds; `order` is the declared order its sequence operators use.
    pub fn filter(&self, predicate: &Expr, order: &[SortKey]) -> Result<Self> {
        let staged = window::stage(self.builder(), std::slice::from_ref(predicate), order)?;
        let schema = staged.builder.schema().clone();
        let l = Lowerer::new(&schema);
        let p = l.lower(&staged.exprs[0])?;
        l.expect(&p, "filter", "a boolean predicate", is_bool_or_null)?;
        if !window::has_window(predicate) {
            return Ok(self.derive(self.builder().filter(p)?.build()?));
        }
        // Drop the hidden window columns again.
        let keep = self.column_names().iter().map(|c| DfExpr::Column(Column::from_name(c))).collect();
        let b = staged.builder.clone().filter(p)?;
        Ok(self.derive(staged.finish(b, keep)?.build()?))
    }

    /// The single projection behind select, derive, rename and drop: the runtime lists every output
    /// column (kept ones as column references), so all of them read the *input* row.
    pub fn project(&self, fields: &[Field], order: &[SortKey]) -> Result<Self> {
        if fields.is_empty() {
            return Err(LtseqError::InvalidArgument("a projection must keep at least one column".into()));
        }
        let mut seen = std::collections::HashSet::new();
        for f in fields {
            if !seen.insert(f.name.as_str()) {
                return Err(LtseqError::InvalidArgument(format!("column \"{}\" appears twice in the output", f.name)));
            }
            if f.name.starts_with("__ltseq_") {
                return Err(LtseqError::InvalidArgument(format!("column names starting with __ltseq_ are reserved: \"{}\"", f.name)));
            }
        }
        self.project_impl(fields, order)
    }

    fn project_impl(&self, fields: &[Field], order: &[SortKey]) -> Result<Self> {
        let trees: Vec<Expr> = fields.iter().map(|f| f.expr.clone()).collect();
        let staged = window::stage(self.builder(), &trees, order)?;
        let schema = staged.builder.schema().clone();
        let l = Lowerer::new(&schema);
        let exprs = staged
            .exprs
            .iter()
            .zip(fields)
            .map(|(e, f)| Ok(l.lower(e)?.alias(&f.name)))
            .collect::<Result<Vec<_>>>()?;
        let b = staged.builder.clone();
        Ok(self.derive(staged.finish(b, exprs)?.build()?))
    }

    pub fn sort(&self, keys: &[SortKey]) -> Result<Self> {
        let sorts = self.sort_exprs(keys)?;
        Ok(self.derive(self.builder().sort(sorts)?.build()?))
    }

    /// Declares that rows already are in `keys` order, without sorting (see `nodes::assume_sorted`).
    pub fn assume_sorted(&self, keys: &[SortKey]) -> Result<Self> {
        let node = AssumeSorted { input: (*self.plan).clone(), keys: self.sort_exprs(keys)? };
        Ok(self.derive(LogicalPlan::Extension(Extension { node: Arc::new(node) })))
    }

    fn sort_exprs(&self, keys: &[SortKey]) -> Result<Vec<SortExpr>> {
        self.lowerer().sort_exprs(keys)
    }

    pub fn limit(&self, skip: usize, fetch: Option<usize>) -> Result<Self> {
        Ok(self.derive(self.builder().limit(skip, fetch)?.build()?))
    }

    /// The last `n` rows in the current order: number rows, keep the top `n` numbers (a bounded
    /// TopK, not a full sort), restore the order, drop the helper. `order` is the declared order.
    pub fn tail(&self, n: usize, order: &[SortKey]) -> Result<Self> {
        let names = self.column_names();
        let plan = self
            .with_row_index(order)?
            .sort(vec![col(ROW_INDEX).sort(false, false)])?
            .limit(0, Some(n))?
            .sort(vec![col(ROW_INDEX).sort(true, false)])?
            .project(names.iter().map(|c| DfExpr::Column(Column::from_name(c))))?
            .build()?;
        Ok(self.derive(plan))
    }

    /// Numbers rows in the current order. With a declared order the window states it (`OVER
    /// (ORDER BY keys)`): a bare `OVER ()` requires no order, so the optimizer would be free to drop
    /// the sort beneath it. Without one, `OVER ()` on the ordered session follows physical order.
    fn with_row_index(&self, order: &[SortKey]) -> Result<LogicalPlanBuilder> {
        let rn = if order.is_empty() {
            row_number()
        } else {
            row_number().order_by(self.sort_exprs(order)?).build()?
        };
        Ok(self.builder().window(vec![rn.alias(ROW_INDEX)])?)
    }

    pub fn distinct(&self) -> Result<Self> {
        Ok(self.derive(self.builder().distinct()?.build()?))
    }

    /// The first row of each key in the current order, returned in first-occurrence order.
    pub fn distinct_on(&self, keys: &[String], order: &[SortKey]) -> Result<Self> {
        let l = self.lowerer();
        let key_exprs = keys.iter().map(|k| l.column(k)).collect::<Result<Vec<_>>>()?;
        let names = self.column_names();
        let rn = row_number()
            .partition_by(key_exprs)
            .order_by(vec![col(ROW_INDEX).sort(true, false)])
            .build()?
            .alias(ROW_IN_KEY);
        let plan = self
            .with_row_index(order)?
            .window(vec![rn])?
            .filter(col(ROW_IN_KEY).eq(lit(1u64)))?
            .sort(vec![col(ROW_INDEX).sort(true, false)])?
            .project(names.iter().map(|c| DfExpr::Column(Column::from_name(c))))?
            .build()?;
        Ok(self.derive(plan))
    }

    /// Rows of `self` followed by rows of `other`, matched by column name.
    pub fn union(&self, other: &Table) -> Result<Self> {
        let mine = self.column_names();
        let theirs = other.column_names();
        let mut a = mine.clone();
        let mut b = theirs.clone();
        a.sort();
        b.sort();
        if a != b {
            return Err(LtseqError::SchemaMismatch(format!(
                "union needs the same columns on both sides; left has [{}], right has [{}]",
                mine.join(", "),
                theirs.join(", ")
            )));
        }
        let aligned = LogicalPlanBuilder::from(other.plan.clone())
            .project(mine.iter().map(|c| DfExpr::Column(Column::from_name(c))))?
            .build()?;
        Ok(self.joined(other, self.builder().union(aligned)?.build()?))
    }

    /// Rows of `self` whose key (all columns by default) does / does not occur in `other`.
    /// Duplicates on the left are kept; NULL keys match NULL keys, as in SQL INTERSECT/EXCEPT.
    pub fn semi(&self, other: &Table, on: Option<&[String]>, anti: bool) -> Result<Self> {
        let keys: Vec<String> = match on {
            Some(k) if !k.is_empty() => k.to_vec(),
            Some(_) => return Err(LtseqError::InvalidArgument("`on` must name at least one column".into())),
            None => self.column_names(),
        };
        let their_names = other.column_names();
        for k in &keys {
            self.lowerer().column(k)?;
            if !their_names.contains(k) {
                return Err(crate::error::column_not_found(k, their_names.clone()).context("the other table"));
            }
        }
        let left = self.builder().alias("__ltseq_l")?;
        let right = LogicalPlanBuilder::from(other.plan.clone()).alias("__ltseq_r")?.build()?;
        let lk: Vec<Column> = keys.iter().map(|k| Column::new(Some("__ltseq_l"), k)).collect();
        let rk: Vec<Column> = keys.iter().map(|k| Column::new(Some("__ltseq_r"), k)).collect();
        let jt = if anti { JoinType::LeftAnti } else { JoinType::LeftSemi };
        let names = self.column_names();
        let plan = left
            .join_detailed(right, jt, (lk, rk), None, NullEquality::NullEqualsNull)?
            .project(names.iter().map(|c| DfExpr::Column(Column::new(Some("__ltseq_l"), c)).alias(c)))?
            .build()?;
        Ok(self.joined(other, plan))
    }

    /// A table over `plan`, which reads both tables: its file list is both lists, so errors at
    /// execution can name either side's files.
    pub(crate) fn joined(&self, other: &Table, plan: LogicalPlan) -> Table {
        let mut sources = (*self.sources).clone();
        sources.extend(other.sources.iter().cloned());
        Table::new(plan, sources)
    }
}

/// Output names of a two-table result's right columns: a name the left side has gets `suffix`.
/// `Err((column, name))` when a suffixed name is still taken (by a left column or an earlier right one).
pub(crate) fn right_output_names(left: &[String], right: &[String], suffix: &str) -> std::result::Result<Vec<String>, (String, String)> {
    let mut taken: std::collections::HashSet<String> = left.iter().cloned().collect();
    let mut out = Vec::with_capacity(right.len());
    for c in right {
        let name = if left.contains(c) { format!("{c}{suffix}") } else { c.clone() };
        if !taken.insert(name.clone()) {
            return Err((c.clone(), name));
        }
        out.push(name);
    }
    Ok(out)
}
