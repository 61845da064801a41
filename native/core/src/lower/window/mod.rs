//! Sequence operators (API.md §5). DataFusion cannot nest window functions or use them inside
//! arithmetic directly, so trees are *staged*: the innermost window nodes are computed into hidden
//! columns by a `Window` plan node, replaced by references, and the process repeats until no window
//! is left (a rolling mean of a diff takes two stages). Identical nodes are computed once, so
//! `(p - p.shift(1)) / p.shift(1)` evaluates one LAG.
//!
//! Order: every window orders by the declared order (ranking may give its own `orderBy`). When a
//! window needs rows in another order (partitions that are not a prefix of the declared order, or a
//! ranking `orderBy`), the rows are numbered first and put back in their order afterwards, so a
//! derive never reorders the table.

mod datafusion_windows;
mod kernel;

use datafusion::logical_expr::{Expr as DfExpr, LogicalPlanBuilder, col};

use super::Lowerer;
use crate::nodes::seq_window::{Kind, SeqOp};
use crate::error::{LtseqError, Result};
use crate::tree::{BinaryOp, Expr, LitValue, SortKey};
use datafusion_windows::lower_window;
use kernel::{KernelGroup, kernel_func, kernel_ops, window_names};

pub const ROW_INDEX: &str = "__ltseq_idx";

/// Plan with every window computed into hidden columns, and the trees rewritten to read them.
pub struct Staged {
    pub builder: LogicalPlanBuilder,
    pub exprs: Vec<Expr>,
    /// Rows were numbered into `ROW_INDEX` because some window reorders them.
    pub restore_order: bool,
}

impl Staged {
    /// Puts rows back in their order (if a window moved them) after the final projection `exprs`.
    pub fn finish(self, builder: LogicalPlanBuilder, mut out: Vec<DfExpr>) -> Result<LogicalPlanBuilder> {
        if !self.restore_order {
            return Ok(builder.project(out)?);
        }
        let names: Vec<String> = out.iter().map(|e| e.schema_name().to_string()).collect();
        out.push(col(ROW_INDEX));
        Ok(builder
            .project(out)?
            .sort(vec![col(ROW_INDEX).sort(true, false)])?
            .project(names.iter().map(|n| DfExpr::Column(datafusion::common::Column::from_name(n))))?)
    }
}

pub fn has_window(e: &Expr) -> bool {
    let mut found = false;
    visit(e, &mut |x| found |= matches!(x, Expr::Window { .. }));
    found
}

pub fn visit(e: &Expr, f: &mut impl FnMut(&Expr)) {
    f(e);
    match e {
        Expr::Col { .. } | Expr::Lit { .. } => {}
        Expr::Unary { arg, .. } => visit(arg, f),
        Expr::Binary { left, right, .. } => {
            visit(left, f);
            visit(right, f);
        }
        Expr::Cond { test, then, otherwise } => {
            visit(test, f);
            visit(then, f);
            visit(otherwise, f);
        }
        Expr::Call { args, .. } | Expr::Agg { args, .. } => args.iter().for_each(|a| visit(a, f)),
        Expr::Window { args, partition_by, order_by, default, .. } => {
            args.iter().chain(partition_by).for_each(|a| visit(a, f));
            order_by.iter().for_each(|k| visit(&k.expr, f));
            if let Some(d) = default {
                visit(d, f);
            }
        }
    }
}

/// Rewrites bottom-up with `f` applied to every node after its children.
pub fn rewrite(e: Expr, f: &mut impl FnMut(Expr) -> Result<Expr>) -> Result<Expr> {
    let e = match e {
        Expr::Unary { op, arg } => Expr::Unary { op, arg: Box::new(rewrite(*arg, f)?) },
        Expr::Binary { op, left, right } => {
            Expr::Binary { op, left: Box::new(rewrite(*left, f)?), right: Box::new(rewrite(*right, f)?) }
        }
        Expr::Cond { test, then, otherwise } => Expr::Cond {
            test: Box::new(rewrite(*test, f)?),
            then: Box::new(rewrite(*then, f)?),
            otherwise: Box::new(rewrite(*otherwise, f)?),
        },
        Expr::Call { func, args } => Expr::Call { func, args: args.into_iter().map(|a| rewrite(a, f)).collect::<Result<_>>()? },
        Expr::Agg { func, args } => Expr::Agg { func, args: args.into_iter().map(|a| rewrite(a, f)).collect::<Result<_>>()? },
        Expr::Window { func, args, partition_by, order_by, default } => Expr::Window {
            func,
            args: args.into_iter().map(|a| rewrite(a, f)).collect::<Result<_>>()?,
            partition_by: partition_by.into_iter().map(|a| rewrite(a, f)).collect::<Result<_>>()?,
            order_by: order_by
                .into_iter()
                .map(|k| Ok(SortKey { expr: rewrite(k.expr, f)?, desc: k.desc }))
                .collect::<Result<_>>()?,
            default: default.map(|d| rewrite(*d, f).map(Box::new)).transpose()?,
        },
        leaf => leaf,
    };
    f(e)
}

pub(super) fn int_arg(args: &[Expr], i: usize, func: &str) -> Result<i64> {
    match args.get(i) {
        Some(Expr::Lit { value: LitValue::Int(n), .. }) => Ok(*n),
        _ => Err(LtseqError::InvalidArgument(format!("{func}: argument {i} must be an integer literal"))),
    }
}

/// `diff` and `pctChange` in terms of `shift`; `shift(0)` is the value itself.
fn desugar(e: Expr) -> Result<Expr> {
    rewrite(e, &mut |e| match e {
        Expr::Window { func, mut args, partition_by, order_by, default } if func == "diff" || func == "pctChange" => {
            let n = int_arg(&args, 1, &func)?;
            let x = args.swap_remove(0);
            let shifted = Expr::Window {
                func: "shift".into(),
                args: vec![x.clone(), Expr::Lit { value: LitValue::Int(n), ty: None }],
                partition_by,
                order_by,
                default,
            };
            let delta = Expr::Binary { op: BinaryOp::Sub, left: Box::new(x), right: Box::new(shifted.clone()) };
            Ok(if func == "diff" {
                delta
            } else {
                Expr::Binary { op: BinaryOp::Div, left: Box::new(delta), right: Box::new(shifted) }
            })
        }
        Expr::Window { ref func, ref args, .. } if func == "shift" && int_arg(args, 1, func)? == 0 => {
            let Expr::Window { mut args, .. } = e else { unreachable!() };
            Ok(args.swap_remove(0))
        }
        other => Ok(other),
    })
}

pub(super) fn sort_required(func: &str) -> LtseqError {
    let name = func.strip_prefix("rolling.").map(|a| format!("rolling().{a}")).unwrap_or_else(|| func.to_string());
    let how = if is_ranking(func) { ", or give one with .over({ orderBy: ... })" } else { "" };
    LtseqError::SortRequired(format!(
        "{name}() needs a declared order, but this table has none; call .sort(...) first, or .assumeSorted(...) if the rows are already in order{how}"
    ))
}

pub(super) fn is_ranking(func: &str) -> bool {
    matches!(func, "rowNumber" | "rank" | "denseRank" | "ntile")
}

/// Stages every window of `exprs` over `builder`, whose declared order is `order`.
pub fn stage(mut builder: LogicalPlanBuilder, exprs: &[Expr], order: &[SortKey]) -> Result<Staged> {
    if !exprs.iter().any(has_window) {
        return Ok(Staged { builder, exprs: exprs.to_vec(), restore_order: false });
    }
    if order.is_empty() {
        for e in exprs {
            let mut missing: Option<String> = None;
            visit(e, &mut |x| {
                if let Expr::Window { func, order_by, .. } = x {
                    if order_by.is_empty() && missing.is_none() {
                        missing = Some(func.clone());
                    }
                }
            });
            if let Some(func) = missing {
                return Err(sort_required(&func));
            }
        }
    }
    let mut exprs = exprs.iter().cloned().map(desugar).collect::<Result<Vec<_>>>()?;
    let restore_order = exprs.iter().any(|e| {
        let mut moves = false;
        visit(e, &mut |x| {
            if let Expr::Window { partition_by, order_by, .. } = x {
                moves |= !keeps_order(partition_by, order_by, order);
            }
        });
        moves
    });
    if restore_order {
        // Numbered by the streaming kernel: a DataFusion row_number() here could be the very same
        // expression as a user's rowNumber() in this projection, which DataFusion cannot tell apart.
        let schema = builder.schema().clone();
        let l = Lowerer::new(&schema);
        let node = KernelGroup {
            partition_by: vec![],
            order: l.sort_exprs(order)?,
            ops: vec![SeqOp { kind: Kind::RowNumber, column: schema.columns()[0].clone(), name: ROW_INDEX.into() }],
        };
        builder = LogicalPlanBuilder::from(node.into_plan(builder.build()?)?);
    }
    let mut n = 0usize;
    loop {
        // Innermost windows first, each distinct node once.
        let mut found: Vec<Expr> = Vec::new();
        for e in &exprs {
            visit(e, &mut |x| {
                if let Expr::Window { args, partition_by, order_by, default, .. } = x {
                    let nested = args.iter().chain(partition_by).any(has_window)
                        || order_by.iter().any(|k| has_window(&k.expr))
                        || default.as_deref().is_some_and(has_window);
                    if !nested && !found.contains(x) {
                        found.push(x.clone());
                    }
                }
            });
        }
        if found.is_empty() {
            break;
        }
        // Kernel-eligible operators over computed values (a rolling mean of a diff) read a hidden
        // column projected first, so the streaming kernel can take them.
        let mut effective = found.clone();
        let mut pre: Vec<(String, Expr)> = Vec::new();
        for w in effective.iter_mut() {
            if let Expr::Window { func, args, .. } = w {
                if kernel_func(func, args) && !matches!(args[0], Expr::Col { .. }) {
                    let name = format!("__ltseq_a{n}");
                    n += 1;
                    pre.push((name.clone(), std::mem::replace(&mut args[0], Expr::Col { name })));
                }
            }
        }
        if !pre.is_empty() {
            let schema = builder.schema().clone();
            let l = Lowerer::new(&schema);
            let mut cols: Vec<DfExpr> = schema.columns().into_iter().map(DfExpr::Column).collect();
            for (name, e) in &pre {
                cols.push(l.lower(e)?.alias(name));
            }
            builder = builder.project(cols)?;
        }
        let schema = builder.schema().clone();
        let l = Lowerer::new(&schema);
        // One Window node per distinct (partitions, ordering): DataFusion computes a node that mixes
        // orderings wrongly, and its own grouping helper rejects aliased expressions.
        let mut groups: Vec<(Vec<Expr>, Vec<SortKey>, Vec<DfExpr>)> = Vec::new();
        let mut refs = Vec::with_capacity(found.len());
        for w in &effective {
            let name = format!("__ltseq_w{n}");
            n += 1;
            let Expr::Window { func, partition_by, order_by, .. } = w else { unreachable!() };
            let keys = if order_by.is_empty() { order.to_vec() } else { order_by.clone() };
            let lowered = lower_window(&l, w, order)?.alias(&name);
            match groups.iter_mut().find(|(p, k, _)| p == partition_by && k == &keys) {
                Some(g) => g.2.push(lowered),
                None => groups.push((partition_by.clone(), keys, vec![lowered])),
            }
            let reference = Expr::Col { name };
            // Ranking functions return unsigned integers; users get int64 like every other count.
            refs.push(if is_ranking(func) {
                Expr::Call { func: "cast".into(), args: vec![reference, Expr::Lit { value: LitValue::Str("int64".into()), ty: None }] }
            } else {
                reference
            });
        }
        for (partition_by, keys, exprs) in groups {
            builder = match kernel_ops(&l, &effective, &partition_by, &keys, order, &window_names(&exprs))? {
                Some(node) => LogicalPlanBuilder::from(node.into_plan(builder.build()?)?),
                None => builder.window(exprs)?,
            };
        }
        exprs = exprs
            .into_iter()
            .map(|e| rewrite(e, &mut |x| Ok(match found.iter().position(|w| w == &x) { Some(i) => refs[i].clone(), None => x })))
            .collect::<Result<_>>()?;
    }
    Ok(Staged { builder, exprs, restore_order })
}

/// Whether a window with these partitions and ordering leaves rows in the declared order: its
/// partitions must be the leading declared keys and its ordering the declared order.
pub(super) fn keeps_order(partition_by: &[Expr], order_by: &[SortKey], declared: &[SortKey]) -> bool {
    if !order_by.is_empty() && order_by != declared {
        return false;
    }
    let k = partition_by.len();
    k <= declared.len() && partition_by.iter().all(|p| declared[..k].iter().any(|d| &d.expr == p))
}
