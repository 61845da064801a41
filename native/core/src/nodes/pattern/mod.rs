//! `PatternSearch`: `searchPattern([step1, step2, ...], { partitionBy })` as a plan node. It keeps
//! the rows `i` where step `k` holds at row `i + k` for every step, all within one partition, in
//! one streaming pass over rows in the declared order (see `matcher.rs`). Matches may overlap.
//!
//! Steps are boolean expressions over one row. Sequence operators inside a step (`shift`, ...) are
//! staged into hidden columns *below* this node by the window staging, so the node itself only
//! evaluates scalar expressions. In `count_only` mode (what `count()` plans) the node outputs no
//! columns, only row counts: matched rows are never materialised.
//!
//! Requirements stated to the planner, as for `SeqWindow`: one input partition, ordered by the
//! partition keys then the declared order. When the input already is, nothing is added.

mod exec;
mod matcher;
mod steps;
#[cfg(test)]
mod tests;

pub use exec::PatternSearchExec;
pub use matcher::Matcher;

use std::collections::BTreeSet;
use std::fmt;
use std::sync::Arc;

use datafusion::arrow::datatypes::{Schema, SchemaRef};
use datafusion::catalog::Session;
use datafusion::common::{Column, DFSchema, DFSchemaRef};
use datafusion::error::Result;
use datafusion::logical_expr::physical_planning_context::PhysicalPlanningContext;
use datafusion::logical_expr::{Expr, LogicalPlan, SortExpr, UserDefinedLogicalNodeCore};
use datafusion::physical_expr::create_physical_sort_exprs;
use datafusion::physical_plan::ExecutionPlan;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PatternSearch {
    pub input: LogicalPlan,
    pub partition_by: Vec<Column>,
    /// The order rows are matched in: the partition keys, then the declared order.
    pub order: Vec<SortExpr>,
    pub steps: Vec<Expr>,
    pub count_only: bool,
    schema: DFSchemaRef,
}

/// Ordered like its defining fields; the schema is derived from them.
impl PartialOrd for PatternSearch {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        (&self.input, &self.partition_by, &self.order, &self.steps, self.count_only)
            .partial_cmp(&(&other.input, &other.partition_by, &other.order, &other.steps, other.count_only))
    }
}

impl PatternSearch {
    pub fn try_new(input: LogicalPlan, partition_by: Vec<Column>, order: Vec<SortExpr>, steps: Vec<Expr>, count_only: bool) -> Result<Self> {
        if steps.is_empty() {
            return datafusion::common::plan_err!("PatternSearch needs at least one step");
        }
        let schema = if count_only { Arc::new(DFSchema::empty()) } else { input.schema().clone() };
        Ok(Self { input, partition_by, order, steps, count_only, schema })
    }

    /// The same search, outputting only the number of matches (row-less batches).
    pub fn counting(&self) -> Result<Self> {
        Self::try_new(self.input.clone(), self.partition_by.clone(), self.order.clone(), self.steps.clone(), true)
    }

    pub fn plan(
        &self,
        logical_input: &LogicalPlan,
        input: Arc<dyn ExecutionPlan>,
        session: &dyn Session,
        planning_ctx: &PhysicalPlanningContext,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        let in_schema = logical_input.schema();
        let ordering = create_physical_sort_exprs(&self.order, in_schema, session.execution_props(), planning_ctx)?;
        let keys = self.partition_by.iter().map(|c| in_schema.index_of_column(c)).collect::<Result<Vec<_>>>()?;
        let steps = self.steps.iter().map(|s| session.create_physical_expr(s.clone(), in_schema)).collect::<Result<Vec<_>>>()?;
        let schema: SchemaRef = Arc::new(Schema::from(self.schema.as_ref().as_arrow().clone()));
        Ok(Arc::new(PatternSearchExec::new(input, keys, ordering, steps, self.count_only, schema)))
    }
}

impl UserDefinedLogicalNodeCore for PatternSearch {
    fn name(&self) -> &str {
        "PatternSearch"
    }
    fn inputs(&self) -> Vec<&LogicalPlan> {
        vec![&self.input]
    }
    fn schema(&self) -> &DFSchemaRef {
        &self.schema
    }
    /// Partition keys, then order keys, then steps (the order `with_exprs_and_inputs` reads).
    fn expressions(&self) -> Vec<Expr> {
        let parts = self.partition_by.iter().map(|c| Expr::Column(c.clone()));
        let order = self.order.iter().map(|s| s.expr.clone());
        parts.chain(order).chain(self.steps.iter().cloned()).collect()
    }
    fn fmt_for_explain(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let list = |v: Vec<String>| v.join(", ");
        write!(
            f,
            "PatternSearch: partition_by=[{}], order=[{}], steps=[{}]{}",
            list(self.partition_by.iter().map(|c| c.to_string()).collect()),
            list(self.order.iter().map(|s| s.to_string()).collect()),
            list(self.steps.iter().map(|s| s.to_string()).collect()),
            if self.count_only { ", count_only" } else { "" }
        )
    }
    fn with_exprs_and_inputs(&self, exprs: Vec<Expr>, mut inputs: Vec<LogicalPlan>) -> Result<Self> {
        let (p, rest) = exprs.split_at(self.partition_by.len());
        let (o, steps) = rest.split_at(self.order.len());
        let partition_by = p
            .iter()
            .map(|e| match e {
                Expr::Column(c) => Ok(c.clone()),
                other => datafusion::common::plan_err!("PatternSearch partitions by columns, got {other}"),
            })
            .collect::<Result<_>>()?;
        let order = self.order.iter().zip(o).map(|(s, e)| SortExpr { expr: e.clone(), ..s.clone() }).collect();
        Self::try_new(inputs.swap_remove(0), partition_by, order, steps.to_vec(), self.count_only)
    }
    /// Input columns asked for (the output is the input's columns), plus every column the node
    /// reads. Filters are never pushed below this node (the default for extension nodes): that
    /// would change which rows are neighbours.
    fn necessary_children_exprs(&self, output_columns: &[usize]) -> Option<Vec<Vec<usize>>> {
        let schema = self.input.schema();
        let mut needed: BTreeSet<usize> = if self.count_only { BTreeSet::new() } else { output_columns.iter().copied().collect() };
        for e in self.expressions() {
            for c in e.column_refs() {
                needed.insert(schema.index_of_column(c).ok()?);
            }
        }
        Some(vec![needed.into_iter().collect()])
    }
}
