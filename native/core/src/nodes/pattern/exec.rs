//! `PatternSearchExec`: the physical side of `PatternSearch`, a stream over the matcher.

use std::fmt;
use std::sync::{Arc, Mutex};

use datafusion::arrow::datatypes::SchemaRef;
use datafusion::common::tree_node::TreeNodeRecursion;
use datafusion::error::Result;
use datafusion::execution::{SendableRecordBatchStream, TaskContext};
use datafusion::physical_expr::{EquivalenceProperties, LexOrdering, OrderingRequirements, PhysicalExpr, PhysicalSortExpr};
use datafusion::physical_plan::execution_plan::{Boundedness, EmissionType};
use datafusion::physical_plan::stream::RecordBatchStreamAdapter;
use datafusion::physical_plan::{DisplayAs, DisplayFormatType, Distribution, ExecutionPlan, Partitioning, PlanProperties};
use futures::StreamExt;

use super::matcher::Matcher;

#[derive(Debug)]
pub struct PatternSearchExec {
    input: Arc<dyn ExecutionPlan>,
    keys: Vec<usize>,
    ordering: Vec<PhysicalSortExpr>,
    steps: Vec<Arc<dyn PhysicalExpr>>,
    count_only: bool,
    schema: SchemaRef,
    props: Arc<PlanProperties>,
}

impl PatternSearchExec {
    pub fn new(
        input: Arc<dyn ExecutionPlan>,
        keys: Vec<usize>,
        ordering: Vec<PhysicalSortExpr>,
        steps: Vec<Arc<dyn PhysicalExpr>>,
        count_only: bool,
        schema: SchemaRef,
    ) -> Self {
        // Matches leave in input order (a subsequence): advertise the input's ordering, else the
        // one this node requires. A count has no columns, hence no ordering.
        let eq = if count_only {
            EquivalenceProperties::new(schema.clone())
        } else {
            let out: Vec<PhysicalSortExpr> = match input.properties().output_ordering() {
                Some(o) => o.iter().cloned().collect(),
                None => ordering.clone(),
            };
            EquivalenceProperties::new_with_orderings(schema.clone(), [out])
        };
        let props = PlanProperties::new(eq, Partitioning::UnknownPartitioning(1), EmissionType::Incremental, Boundedness::Bounded);
        Self { input, keys, ordering, steps, count_only, schema, props: Arc::new(props) }
    }
}

impl DisplayAs for PatternSearchExec {
    fn fmt_as(&self, _t: DisplayFormatType, f: &mut fmt::Formatter) -> fmt::Result {
        let steps: Vec<String> = self.steps.iter().map(|s| s.to_string()).collect();
        let mode = if self.count_only { ", count_only" } else { "" };
        write!(f, "PatternSearchExec: keys={:?}, steps=[{}]{mode}", self.keys, steps.join(", "))
    }
}

impl ExecutionPlan for PatternSearchExec {
    fn name(&self) -> &str {
        "PatternSearchExec"
    }
    fn properties(&self) -> &Arc<PlanProperties> {
        &self.props
    }
    fn children(&self) -> Vec<&Arc<dyn ExecutionPlan>> {
        vec![&self.input]
    }
    fn required_input_distribution(&self) -> Vec<Distribution> {
        vec![Distribution::SinglePartition]
    }
    fn required_input_ordering(&self) -> Vec<Option<OrderingRequirements>> {
        vec![LexOrdering::new(self.ordering.clone()).map(OrderingRequirements::from)]
    }
    /// False on purpose (as in `SeqWindowExec`): "maintains" would let the optimizer move a sort
    /// needed above this node below it, replacing the order the matching depends on.
    fn maintains_input_order(&self) -> Vec<bool> {
        vec![false]
    }
    fn benefits_from_input_partitioning(&self) -> Vec<bool> {
        vec![false]
    }
    fn apply_expressions(
        &self,
        f: &mut dyn FnMut(&Arc<dyn PhysicalExpr>) -> Result<TreeNodeRecursion>,
    ) -> Result<TreeNodeRecursion> {
        for s in &self.steps {
            if f(s)? == TreeNodeRecursion::Stop {
                return Ok(TreeNodeRecursion::Stop);
            }
        }
        Ok(TreeNodeRecursion::Continue)
    }
    fn with_new_children(self: Arc<Self>, mut children: Vec<Arc<dyn ExecutionPlan>>) -> Result<Arc<dyn ExecutionPlan>> {
        Ok(Arc::new(Self::new(
            children.swap_remove(0),
            self.keys.clone(),
            self.ordering.clone(),
            self.steps.clone(),
            self.count_only,
            self.schema.clone(),
        )))
    }
    fn execute(&self, partition: usize, context: Arc<TaskContext>) -> Result<SendableRecordBatchStream> {
        let batch_size = context.session_config().batch_size();
        let input = crate::nodes::prefetch::prefetch(self.input.execute(partition, context)?, 4);
        let matcher = Arc::new(Mutex::new(Matcher::new(self.keys.clone(), self.steps.clone(), self.count_only, self.schema.clone(), batch_size)));
        let tail = matcher.clone();
        let body = input.map(move |b| b.and_then(|b| matcher.lock().expect("not poisoned").push(&b)));
        let end = futures::stream::once(async move { tail.lock().expect("not poisoned").finish() });
        let out = body.chain(end).flat_map(|r| {
            futures::stream::iter(match r {
                Ok(v) => v.into_iter().map(Ok).collect::<Vec<_>>(),
                Err(e) => vec![Err(e)],
            })
        });
        Ok(Box::pin(RecordBatchStreamAdapter::new(self.schema.clone(), out)))
    }
}
