//! Which window groups the streaming `SeqWindow` kernel takes (LAG, LEAD, rolling, cumulative
//! over a column of a supported type, following the declared order), and building its node.

use std::sync::Arc;

use datafusion::common::Column;
use datafusion::logical_expr::{Expr as DfExpr, Extension, LogicalPlan};

use super::{int_arg, keeps_order};
use crate::error::Result;
use crate::lower::Lowerer;
use crate::nodes::seq_window::{Agg, Kind, SeqOp, SeqWindow, supports};
use crate::tree::{Expr, LitValue, SortKey};

/// Operators the streaming kernel implements (given a supported column type).
pub(super) fn kernel_func(func: &str, args: &[Expr]) -> bool {
    match func {
        "shift" => matches!(args.get(1), Some(Expr::Lit { value: LitValue::Int(n), .. }) if *n != 0),
        "cumSum" | "cumMax" | "cumMin" => true,
        f => f.starts_with("rolling."),
    }
}

pub(super) fn window_names(exprs: &[DfExpr]) -> Vec<String> {
    exprs.iter().map(|e| e.schema_name().to_string()).collect()
}

/// A group of windows the streaming `SeqWindow` kernel computes, waiting for its input plan.
pub(super) struct KernelGroup {
    pub(super) partition_by: Vec<Column>,
    pub(super) order: Vec<datafusion::logical_expr::SortExpr>,
    pub(super) ops: Vec<SeqOp>,
}

impl KernelGroup {
    pub(super) fn into_plan(self, input: LogicalPlan) -> Result<LogicalPlan> {
        let node = SeqWindow::try_new(input, self.partition_by, self.order, self.ops)?;
        Ok(LogicalPlan::Extension(Extension { node: Arc::new(node) }))
    }
}

/// The kernel takes a group when it follows the declared order (partitions = leading declared
/// keys, no own `orderBy`) and every operator is LAG, rolling or cumulative over a column of a
/// supported type. Anything else stays a DataFusion window.
pub(super) fn kernel_ops(
    l: &Lowerer,
    found: &[Expr],
    partition_by: &[Expr],
    keys: &[SortKey],
    declared: &[SortKey],
    names: &[String],
) -> Result<Option<KernelGroup>> {
    if keys != declared {
        return Ok(None);
    }
    let mut parts = Vec::new();
    for p in partition_by {
        match p {
            Expr::Col { name } => match l.column(name)? {
                DfExpr::Column(c) => parts.push(c),
                _ => return Ok(None),
            },
            _ => return Ok(None),
        }
    }
    let members: Vec<&Expr> = found
        .iter()
        .filter(|w| matches!(w, Expr::Window { partition_by: p, order_by, .. } if p.as_slice() == partition_by && order_by.is_empty()))
        .collect();
    if members.len() != names.len() {
        // A member with its own (equal) orderBy: keep the general path rather than guess.
        return Ok(None);
    }
    let mut ops = Vec::new();
    for (w, name) in members.into_iter().zip(names) {
        let Expr::Window { func, args, default, .. } = w else { unreachable!() };
        let Some(Expr::Col { name: col_name }) = args.first() else { return Ok(None) };
        let DfExpr::Column(column) = l.column(col_name)? else { return Ok(None) };
        let kind = match func.as_str() {
            "shift" => {
                let n = int_arg(args, 1, func)?;
                let default = match default.as_deref() {
                    None => None,
                    Some(Expr::Lit { value, ty }) => match l.lower(&Expr::Lit { value: value.clone(), ty: *ty })? {
                        DfExpr::Literal(v, _) => Some(v),
                        _ => return Ok(None),
                    },
                    Some(_) => return Ok(None),
                };
                match n {
                    0 => return Ok(None),
                    n if n > 0 => Kind::Lag { n: n as usize, default },
                    n => Kind::Lead { n: n.unsigned_abs() as usize, default },
                }
            }
            "cumSum" => Kind::Cum { agg: Agg::Sum },
            "cumMax" => Kind::Cum { agg: Agg::Max },
            "cumMin" => Kind::Cum { agg: Agg::Min },
            f if f.starts_with("rolling.") => {
                let agg = match &f["rolling.".len()..] {
                    "mean" => Agg::Mean,
                    "sum" => Agg::Sum,
                    "min" => Agg::Min,
                    "max" => Agg::Max,
                    "count" => Agg::Count,
                    "std" => Agg::Std,
                    _ => return Ok(None),
                };
                Kind::Rolling { agg, w: int_arg(args, 1, func)?.max(1) as usize }
            }
            _ => return Ok(None),
        };
        let t = l.type_of(&DfExpr::Column(column.clone()))?;
        if !supports(&kind, &t) {
            return Ok(None);
        }
        ops.push(SeqOp { kind, column, name: name.clone() });
    }
    // Rows must arrive partition by partition, each in the declared order: when the partitions are
    // not the leading declared keys, order by them first (the caller restores the table's order).
    let mut order = Vec::new();
    if !keeps_order(partition_by, &[], declared) {
        order.extend(parts.iter().map(|c| DfExpr::Column(c.clone()).sort(true, false)));
    }
    order.extend(l.sort_exprs(declared)?);
    Ok(Some(KernelGroup { partition_by: parts, order, ops }))
}
