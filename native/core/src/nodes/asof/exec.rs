//! `AsofJoinExec`: the physical node. States its needs (one partition per side, each sorted by
//! (by..., time) ascending, NULLs last) and drives `merge::Merger` over the two streams, pulling
//! from whichever side the merge asks for.

use std::fmt;
use std::sync::Arc;

use datafusion::arrow::datatypes::SchemaRef;
use datafusion::common::tree_node::TreeNodeRecursion;
use datafusion::error::Result;
use datafusion::execution::{SendableRecordBatchStream, TaskContext};
use datafusion::physical_expr::{EquivalenceProperties, LexOrdering, OrderingRequirements, PhysicalExpr, PhysicalSortExpr};
use datafusion::physical_plan::execution_plan::{Boundedness, EmissionType};
use datafusion::physical_plan::stream::RecordBatchStreamAdapter;
use datafusion::physical_plan::{DisplayAs, DisplayFormatType, Distribution, ExecutionPlan, Partitioning, PlanProperties};
use futures::StreamExt;

use super::merge::{Merger, Step};
use crate::nodes::prefetch::prefetch;
use super::{AsofOp, Keys};

#[derive(Debug)]
pub struct AsofJoinExec {
    left: Arc<dyn ExecutionPlan>,
    right: Arc<dyn ExecutionPlan>,
    left_order: Vec<PhysicalSortExpr>,
    right_order: Vec<PhysicalSortExpr>,
    keys: Arc<Keys>,
    op: AsofOp,
    nearest: bool,
    schema: SchemaRef,
    props: Arc<PlanProperties>,
}

impl AsofJoinExec {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn new(
        left: Arc<dyn ExecutionPlan>,
        right: Arc<dyn ExecutionPlan>,
        left_order: Vec<PhysicalSortExpr>,
        right_order: Vec<PhysicalSortExpr>,
        keys: Arc<Keys>,
        op: AsofOp,
        nearest: bool,
        schema: SchemaRef,
    ) -> Self {
        // Output rows follow the left input, which is sorted by (by..., time); left columns keep
        // their positions and names, so the left ordering holds for the output as stated. (The
        // API does not promise an order after asofJoin; this only spares a later sort.)
        let eq = EquivalenceProperties::new_with_orderings(schema.clone(), [left_order.clone()]);
        let props = PlanProperties::new(eq, Partitioning::UnknownPartitioning(1), EmissionType::Incremental, Boundedness::Bounded);
        Self { left, right, left_order, right_order, keys, op, nearest, schema, props: Arc::new(props) }
    }
}

impl DisplayAs for AsofJoinExec {
    fn fmt_as(&self, _t: DisplayFormatType, f: &mut fmt::Formatter) -> fmt::Result {
        let mode = if self.nearest { "nearest" } else if self.op.backward() { "backward" } else { "forward" };
        let names = |o: &[PhysicalSortExpr]| o.iter().map(|s| s.expr.to_string()).collect::<Vec<_>>().join(", ");
        write!(
            f,
            "AsofJoinExec: {}, {}, left=[{}], right=[{}]",
            self.op.symbol(),
            mode,
            names(&self.left_order),
            names(&self.right_order)
        )
    }
}

impl ExecutionPlan for AsofJoinExec {
    fn name(&self) -> &str {
        "AsofJoinExec"
    }
    fn properties(&self) -> &Arc<PlanProperties> {
        &self.props
    }
    fn children(&self) -> Vec<&Arc<dyn ExecutionPlan>> {
        vec![&self.left, &self.right]
    }
    fn required_input_distribution(&self) -> Vec<Distribution> {
        vec![Distribution::SinglePartition, Distribution::SinglePartition]
    }
    fn required_input_ordering(&self) -> Vec<Option<OrderingRequirements>> {
        [&self.left_order, &self.right_order]
            .into_iter()
            .map(|o| LexOrdering::new(o.clone()).map(OrderingRequirements::from))
            .collect()
    }
    /// False on purpose (as in `SeqWindowExec`): "maintains" would let the optimizer push a sort
    /// wanted above this node below it, replacing the order the merge needs.
    fn maintains_input_order(&self) -> Vec<bool> {
        vec![false, false]
    }
    fn benefits_from_input_partitioning(&self) -> Vec<bool> {
        vec![false, false]
    }
    fn apply_expressions(
        &self,
        _f: &mut dyn FnMut(&Arc<dyn PhysicalExpr>) -> Result<TreeNodeRecursion>,
    ) -> Result<TreeNodeRecursion> {
        Ok(TreeNodeRecursion::Continue)
    }
    fn with_new_children(self: Arc<Self>, mut children: Vec<Arc<dyn ExecutionPlan>>) -> Result<Arc<dyn ExecutionPlan>> {
        let right = children.pop().expect("two children");
        let left = children.pop().expect("two children");
        Ok(Arc::new(Self::new(
            left,
            right,
            self.left_order.clone(),
            self.right_order.clone(),
            self.keys.clone(),
            self.op,
            self.nearest,
            self.schema.clone(),
        )))
    }
    fn execute(&self, partition: usize, context: Arc<TaskContext>) -> Result<SendableRecordBatchStream> {
        // Each input runs on a task of its own, a couple of batches ahead: decoding (or sorting)
        // the two sides and the merge proceed in parallel instead of taking turns on one task.
        let left = prefetch(self.left.execute(partition, context.clone())?, 2);
        let right = prefetch(self.right.execute(partition, context)?, 2);
        let merger = Merger::new(&self.keys, self.op, self.nearest, &self.right.schema(), self.schema.clone())?;
        Ok(drive(merger, left, right, self.schema.clone()))
    }
}

/// Runs the merge: each poll resolves left rows until a batch is ready, pulling the side it needs.
/// The right stream is dropped unread once the left one ends.
fn drive(merger: Merger, left: SendableRecordBatchStream, right: SendableRecordBatchStream, schema: SchemaRef) -> SendableRecordBatchStream {
    let out = futures::stream::unfold(Some((merger, left, right)), |state| async move {
        let (mut m, mut left, mut right) = state?;
        loop {
            let pulled = match m.step() {
                Err(e) => return Some((Err(e), None)),
                Ok(Step::Emit(b)) => return Some((Ok(b), Some((m, left, right)))),
                Ok(Step::NeedRight) => match right.next().await {
                    None => {
                        m.right_done();
                        Ok(())
                    }
                    Some(b) => b.and_then(|b| m.push_right(b)),
                },
                Ok(Step::NeedLeft) => match left.next().await {
                    None => return None,
                    Some(b) => b.and_then(|b| m.push_left(b)),
                },
            };
            if let Err(e) = pulled {
                return Some((Err(e), None));
            }
        }
    });
    Box::pin(RecordBatchStreamAdapter::new(schema, out))
}
