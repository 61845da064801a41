//! `AssumeSorted`: states that rows already arrive in an order, without sorting. The physical node
//! passes batches through and reports the ordering, so DataFusion plans ordered work (windows,
//! merges, later LTSeq's ordered nodes) as streaming, with no re-sort.
//!
//! The claim is per partition, as DataFusion orderings are: true for a single scan and for scans
//! split into contiguous byte ranges, which is how file scans are partitioned.

use std::collections::BTreeSet;
use std::fmt;
use std::sync::Arc;

use datafusion::catalog::Session;
use datafusion::common::DFSchemaRef;
use datafusion::common::tree_node::TreeNodeRecursion;
use datafusion::error::Result;
use datafusion::execution::{SendableRecordBatchStream, TaskContext};
use datafusion::logical_expr::physical_planning_context::PhysicalPlanningContext;
use datafusion::logical_expr::{Expr, LogicalPlan, SortExpr, UserDefinedLogicalNodeCore};
use datafusion::physical_expr::{EquivalenceProperties, PhysicalExpr, create_physical_sort_exprs};
use datafusion::physical_plan::{DisplayAs, DisplayFormatType, ExecutionPlan, PlanProperties};

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd)]
pub struct AssumeSorted {
    pub input: LogicalPlan,
    pub keys: Vec<SortExpr>,
}

impl UserDefinedLogicalNodeCore for AssumeSorted {
    fn name(&self) -> &str {
        "AssumeSorted"
    }
    fn inputs(&self) -> Vec<&LogicalPlan> {
        vec![&self.input]
    }
    fn schema(&self) -> &DFSchemaRef {
        self.input.schema()
    }
    fn expressions(&self) -> Vec<Expr> {
        self.keys.iter().map(|k| k.expr.clone()).collect()
    }
    fn fmt_for_explain(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let keys: Vec<String> = self.keys.iter().map(|k| k.to_string()).collect();
        write!(f, "AssumeSorted: {}", keys.join(", "))
    }
    fn with_exprs_and_inputs(&self, exprs: Vec<Expr>, mut inputs: Vec<LogicalPlan>) -> Result<Self> {
        let keys = self.keys.iter().zip(exprs).map(|(k, e)| SortExpr { expr: e, ..k.clone() }).collect();
        Ok(Self { input: inputs.swap_remove(0), keys })
    }
    /// Pass-through: the input must provide the requested columns plus the sort keys' columns.
    fn necessary_children_exprs(&self, output_columns: &[usize]) -> Option<Vec<Vec<usize>>> {
        let schema = self.input.schema();
        let mut needed: BTreeSet<usize> = output_columns.iter().copied().collect();
        for k in &self.keys {
            for c in k.expr.column_refs() {
                needed.insert(schema.index_of_column(c).ok()?);
            }
        }
        Some(vec![needed.into_iter().collect()])
    }
    fn supports_limit_pushdown(&self) -> bool {
        true
    }
}

impl AssumeSorted {
    pub fn plan(
        &self,
        logical_input: &LogicalPlan,
        input: Arc<dyn ExecutionPlan>,
        session: &dyn Session,
        planning_ctx: &PhysicalPlanningContext,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        let ordering =
            create_physical_sort_exprs(&self.keys, logical_input.schema(), session.execution_props(), planning_ctx)?;
        Ok(Arc::new(AssumeSortedExec::new(input, ordering)))
    }
}

#[derive(Debug)]
pub struct AssumeSortedExec {
    input: Arc<dyn ExecutionPlan>,
    ordering: Vec<datafusion::physical_expr::PhysicalSortExpr>,
    props: Arc<PlanProperties>,
}

impl AssumeSortedExec {
    fn new(input: Arc<dyn ExecutionPlan>, ordering: Vec<datafusion::physical_expr::PhysicalSortExpr>) -> Self {
        let eq = EquivalenceProperties::new_with_orderings(input.schema(), [ordering.clone()]);
        let p = input.properties();
        let props = PlanProperties::new(eq, p.output_partitioning().clone(), p.emission_type, p.boundedness);
        Self { input, ordering, props: Arc::new(props) }
    }
}

impl DisplayAs for AssumeSortedExec {
    fn fmt_as(&self, _t: DisplayFormatType, f: &mut fmt::Formatter) -> fmt::Result {
        let keys: Vec<String> = self.ordering.iter().map(|k| k.to_string()).collect();
        write!(f, "AssumeSortedExec: [{}]", keys.join(", "))
    }
}

impl ExecutionPlan for AssumeSortedExec {
    fn name(&self) -> &str {
        "AssumeSortedExec"
    }
    fn properties(&self) -> &Arc<PlanProperties> {
        &self.props
    }
    fn children(&self) -> Vec<&Arc<dyn ExecutionPlan>> {
        vec![&self.input]
    }
    fn maintains_input_order(&self) -> Vec<bool> {
        vec![true]
    }
    /// The sort keys are metadata about the input, not expressions this node evaluates.
    fn apply_expressions(
        &self,
        _f: &mut dyn FnMut(&Arc<dyn PhysicalExpr>) -> Result<TreeNodeRecursion>,
    ) -> Result<TreeNodeRecursion> {
        Ok(TreeNodeRecursion::Continue)
    }
    /// No: splitting a sorted scan only forces ordered consumers to merge the pieces again.
    fn benefits_from_input_partitioning(&self) -> Vec<bool> {
        vec![false]
    }
    fn with_new_children(self: Arc<Self>, mut children: Vec<Arc<dyn ExecutionPlan>>) -> Result<Arc<dyn ExecutionPlan>> {
        Ok(Arc::new(Self::new(children.swap_remove(0), self.ordering.clone())))
    }
    fn execute(&self, partition: usize, context: Arc<TaskContext>) -> Result<SendableRecordBatchStream> {
        self.input.execute(partition, context)
    }
}
