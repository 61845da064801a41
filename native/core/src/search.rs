//! `searchPattern(steps, { partitionBy })` (API.md §7) lowered to the `PatternSearch` plan node.
//!
//! Sequence operators inside a step (`r.p > r.p.shift(1)`) are staged into hidden columns first by
//! the window staging, exactly as in `filter`; the node then evaluates step `k` on row `i + k`.
//! Partitions that are not the leading declared keys make the node match in (partition, declared
//! order); the rows are numbered first and put back in the declared order afterwards, so the
//! result keeps the table's order either way.

use std::sync::Arc;

use datafusion::common::Column;
use datafusion::logical_expr::{Extension, LogicalPlan, LogicalPlanBuilder, SortExpr, col};

use crate::error::{LtseqError, Result};
use crate::lower::window;
use crate::lower::{DfExpr, Lowerer, is_bool_or_null};
use crate::nodes::pattern::PatternSearch;
use crate::nodes::seq_window::{Kind, SeqOp, SeqWindow};
use crate::table::Table;
use crate::tree::{Expr, SortKey};

/// Declared position of each row, when the matching order differs from the declared one.
const POS: &str = "__ltseq_pidx";

fn extension(node: impl datafusion::logical_expr::UserDefinedLogicalNode + 'static) -> LogicalPlan {
    LogicalPlan::Extension(Extension { node: Arc::new(node) })
}

pub fn search_pattern(t: &Table, steps: &[Expr], partition_by: &[String], order: &[SortKey]) -> Result<Table> {
    if steps.is_empty() {
        return Err(LtseqError::InvalidArgument(
            "searchPattern needs a non-empty array of step lambdas, e.g. [r => r.url === \"/a\", r => r.url === \"/b\"]".into(),
        ));
    }
    if order.is_empty() && steps.len() > 1 {
        return Err(LtseqError::SortRequired(
            "searchPattern needs a declared order (step k is read k rows later), but this table has none; call .sort(...) first, or .assumeSorted(...) if the rows are already in order".into(),
        ));
    }
    let l = Lowerer::new(t.plan.schema());
    for p in partition_by {
        l.column(p).map_err(|e| e.context("searchPattern partitionBy"))?;
    }
    // Partitions are consecutive in the declared order only when they are its leading keys.
    let k = partition_by.len();
    let moves = k > order.len()
        || partition_by.iter().any(|p| !order[..k].iter().any(|d| matches!(&d.expr, Expr::Col { name } if name == p)));
    let mut builder = LogicalPlanBuilder::from(t.plan.clone());
    if moves {
        let first = t.plan.schema().columns()[0].clone();
        let ops = vec![SeqOp { kind: Kind::RowNumber, column: first, name: POS.into() }];
        builder = LogicalPlanBuilder::from(extension(SeqWindow::try_new(builder.build()?, vec![], l.sort_exprs(order)?, ops)?));
    }
    let staged = window::stage(builder, steps, order)?;
    let schema = staged.builder.schema().clone();
    let sl = Lowerer::new(&schema);
    let mut lowered = Vec::with_capacity(steps.len());
    for (i, s) in staged.exprs.iter().enumerate() {
        let e = sl.lower(s)?;
        sl.expect(&e, &format!("searchPattern step {}", i + 1), "a boolean predicate", is_bool_or_null)?;
        lowered.push(e);
    }
    let parts: Vec<Column> = partition_by
        .iter()
        .map(|p| match sl.column(p)? {
            DfExpr::Column(c) => Ok(c),
            _ => unreachable!("column() returns a column"),
        })
        .collect::<Result<_>>()?;
    let mut sort: Vec<SortExpr> = Vec::new();
    if moves {
        sort.extend(parts.iter().map(|c| DfExpr::Column(c.clone()).sort(true, false)));
    }
    sort.extend(sl.sort_exprs(order)?);
    let node = PatternSearch::try_new(staged.builder.clone().build()?, parts, sort, lowered, false)?;
    let keep: Vec<DfExpr> = t.column_names().iter().map(|c| DfExpr::Column(Column::from_name(c))).collect();
    let mut b = LogicalPlanBuilder::from(extension(node));
    if moves && !staged.restore_order {
        b = b.sort(vec![col(POS).sort(true, false)])?;
    }
    Ok(t.with_plan(staged.finish(b, keep)?.build()?))
}

/// For `count()`: when the plan is a pattern search under operators that keep the row count
/// (projections, sorts), the search in counting mode, which never builds the matched rows.
pub fn counting_plan(plan: &LogicalPlan) -> Option<LogicalPlan> {
    match plan {
        LogicalPlan::Projection(p) => counting_plan(&p.input),
        LogicalPlan::Sort(s) if s.fetch.is_none() => counting_plan(&s.input),
        LogicalPlan::SubqueryAlias(a) => counting_plan(&a.input),
        LogicalPlan::Extension(e) => {
            let n = e.node.as_any().downcast_ref::<PatternSearch>()?;
            n.counting().ok().map(extension)
        }
        _ => None,
    }
}
