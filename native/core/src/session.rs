//! The engine's sessions. Two configurations share one runtime (memory pool, object stores):
//!
//! - `ordered()`: used whenever rows come back to the user. File scans are not split into byte
//!   ranges and batches are not round-robin repartitioned, so the physical order of the source
//!   survives filter/select/derive/slice (DataFusion's defaults interleave batches; see
//!   apache/datafusion#8451). Operators that need a distribution (sort, aggregate, join) still run
//!   in parallel and restore order where the plan asks for it; windows run unsplit.
//! - `parallel()`: for order-insensitive work, where interleaving is harmless: `count`, and row
//!   results whose order an aggregate decides anyway (see `order_free`).

use std::sync::{Arc, OnceLock};

use datafusion::execution::runtime_env::RuntimeEnv;
use datafusion::common::tree_node::TreeNode;
use datafusion::logical_expr::LogicalPlan;
use datafusion::execution::session_state::SessionStateBuilder;

use crate::nodes::LtseqQueryPlanner;
use datafusion::prelude::{SessionConfig, SessionContext};

struct Sessions {
    ordered: SessionContext,
    parallel: SessionContext,
}

fn sessions() -> &'static Sessions {
    static S: OnceLock<Sessions> = OnceLock::new();
    S.get_or_init(|| {
        let runtime = Arc::new(RuntimeEnv::default());
        let base = || {
            let mut c = SessionConfig::new().with_information_schema(false);
            // Parquet strings as Utf8View (DataFusion's default): faster grouping and comparison;
            // apache-arrow >= 21.2 decodes views, and `t.schema` reports them as "utf8".
            c.options_mut().execution.parquet.schema_force_view_types = true;
            c
        };
        // Windows are not hash-split by partition key either: each split partition would come back
        // whole, one after another, instead of in the declared order.
        let ordered_cfg = base()
            .with_repartition_file_scans(false)
            .with_round_robin_repartition(false)
            .with_repartition_windows(false)
            .with_prefer_existing_sort(true);
        let ctx = |cfg: SessionConfig| {
            let state = SessionStateBuilder::new()
                .with_config(cfg)
                .with_runtime_env(runtime.clone())
                .with_default_features()
                .with_query_planner(Arc::new(LtseqQueryPlanner))
                .build();
            SessionContext::new_with_state(state)
        };
        Sessions { ordered: ctx(ordered_cfg), parallel: ctx(base()) }
    })
}

/// The session that keeps physical row order (every row-returning terminal).
pub fn ordered() -> &'static SessionContext {
    &sessions().ordered
}

/// The session for order-insensitive work.
pub fn parallel() -> &'static SessionContext {
    &sessions().parallel
}

/// Whether a row-returning plan's order owes nothing to the input's physical order, so it can run
/// on the parallel session: below any sorts, limits and projections at the top sits a hash
/// aggregate (whose output order is arbitrary on either session; `groupBy` promises no order), and
/// nothing in the plan reads the order (no LTSeq node, no window function).
pub fn order_free(plan: &LogicalPlan) -> bool {
    let mut top = plan;
    loop {
        top = match top {
            LogicalPlan::Projection(p) => &p.input,
            LogicalPlan::Sort(s) => &s.input,
            LogicalPlan::Limit(l) => &l.input,
            LogicalPlan::SubqueryAlias(a) => &a.input,
            LogicalPlan::Aggregate(_) => break,
            _ => return false,
        };
    }
    // `CodeCount` (the dictionary path of groupBy counts) reads no order; every other LTSeq node does.
    let reads_order = |p: &LogicalPlan| match p {
        LogicalPlan::Extension(e) => e.node.name() != "CodeCount",
        LogicalPlan::Window(_) => true,
        _ => false,
    };
    !plan.exists(|p| Ok(reads_order(p))).unwrap_or(true)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use datafusion::arrow::array::{ArrayRef, Int64Array, RecordBatch};

    use super::order_free;
    use crate::tree::{Expr, Field, SortKey};
    use crate::{exec, group, io};

    #[test]
    fn only_plans_whose_order_an_aggregate_decides_are_order_free() {
        let b = RecordBatch::try_from_iter(vec![("k", Arc::new(Int64Array::from(vec![1, 2, 1])) as ArrayRef)]).unwrap();
        let t = io::from_ipc(&exec::to_ipc(&b.schema(), &[b]).unwrap()).unwrap();
        let k = || Expr::Col { name: "k".into() };
        let key = [Field { name: "k".into(), expr: k() }];
        let n = [Field { name: "n".into(), expr: Expr::Agg { func: "count".into(), args: vec![] } }];
        let by_key = group::group_by(&t, &key, &n, &[]).unwrap();
        assert!(order_free(&by_key.plan));
        assert!(order_free(&by_key.sort(&[SortKey { expr: Expr::Col { name: "n".into() }, desc: true }]).unwrap().limit(0, Some(1)).unwrap().plan));
        // Rows straight from the source, or an aggregate over ordered nodes, keep the ordered session.
        assert!(!order_free(&t.plan));
        let sorted = t.assume_sorted(&[SortKey { expr: k(), desc: false }]).unwrap();
        assert!(!order_free(&group::group_by(&sorted, &key, &n, &[]).unwrap().plan));
        assert!(!order_free(&by_key.tail(1, &[]).unwrap().plan));
    }
}
