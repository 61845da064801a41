//! LTSeq's own plan nodes (DataFusion extension nodes): each has a logical node, so plans stay
//! lazy, explainable and optimisable, and a physical `ExecutionPlan`, so they stream. The query
//! planner below teaches DataFusion's physical planner about them.

pub mod asof;
pub mod assume_sorted;
pub mod code_count;
pub mod link;
pub mod pattern;
pub mod prefetch;
pub mod seq_window;

use std::sync::Arc;

use async_trait::async_trait;
use datafusion::error::Result;
use datafusion::catalog::Session;
use datafusion::execution::context::QueryPlanner;
use datafusion::logical_expr::physical_planning_context::PhysicalPlanningContext;
use datafusion::logical_expr::{LogicalPlan, UserDefinedLogicalNode};
use datafusion::physical_plan::ExecutionPlan;
use datafusion::physical_planner::{DefaultPhysicalPlanner, ExtensionPlanner, PhysicalPlanner};

/// Plans LTSeq's extension nodes, then everything else the default way.
#[derive(Debug)]
pub struct LtseqQueryPlanner;

#[async_trait]
impl QueryPlanner for LtseqQueryPlanner {
    async fn create_physical_plan(&self, plan: &LogicalPlan, state: &dyn Session) -> Result<Arc<dyn ExecutionPlan>> {
        DefaultPhysicalPlanner::with_extension_planners(vec![Arc::new(LtseqExtensionPlanner)])
            .create_physical_plan(plan, state)
            .await
    }
}

struct LtseqExtensionPlanner;

#[async_trait]
impl ExtensionPlanner for LtseqExtensionPlanner {
    async fn plan_extension(
        &self,
        _planner: &dyn PhysicalPlanner,
        node: &dyn UserDefinedLogicalNode,
        logical_inputs: &[&LogicalPlan],
        physical_inputs: &[Arc<dyn ExecutionPlan>],
        session: &dyn Session,
        planning_ctx: &PhysicalPlanningContext,
    ) -> Result<Option<Arc<dyn ExecutionPlan>>> {
        if let Some(n) = node.as_any().downcast_ref::<assume_sorted::AssumeSorted>() {
            return n.plan(logical_inputs[0], physical_inputs[0].clone(), session, planning_ctx).map(Some);
        }
        if let Some(n) = node.as_any().downcast_ref::<seq_window::SeqWindow>() {
            return n.plan(logical_inputs[0], physical_inputs[0].clone(), session, planning_ctx).map(Some);
        }
        if let Some(n) = node.as_any().downcast_ref::<asof::AsofJoin>() {
            return n.plan(logical_inputs, physical_inputs, session).map(Some);
        }
        if let Some(n) = node.as_any().downcast_ref::<pattern::PatternSearch>() {
            return n.plan(logical_inputs[0], physical_inputs[0].clone(), session, planning_ctx).map(Some);
        }
        if let Some(n) = node.as_any().downcast_ref::<code_count::CodeCount>() {
            return n.plan(logical_inputs[0], physical_inputs[0].clone()).map(Some);
        }
        if let Some(n) = node.as_any().downcast_ref::<link::Link>() {
            return n.plan(physical_inputs[0].clone(), physical_inputs[1].clone()).map(Some);
        }
        Ok(None)
    }
}
