//! Ordered grouping (API.md §6) and aggregation (§8).
//!
//! `group_ordered` / `group_when` add `__group_id__` (consecutive runs, numbered 1, 2, … in
//! sequence order), `__rn__` (1-based position in the run) and a hidden row position, all in one
//! streaming `SeqWindow` pass over the declared order. Group expressions (`agg` nodes) lower to a
//! DataFusion `Aggregate` by group id; `filter`/`derive` join the per-group values back to the rows
//! and restore their order by position, so group ids are never recomputed.

use std::sync::Arc;

use datafusion::arrow::datatypes::DataType;
use datafusion::common::{Column, JoinType};
use datafusion::functions_aggregate::expr_fn::{
    avg, bool_and, bool_or, count, first_value, last_value, max, median, min, stddev, sum, var_sample,
};
use datafusion::logical_expr::{Extension, LogicalPlan, LogicalPlanBuilder, cast, col, lit};

use crate::error::{LtseqError, Result};
use crate::lower::window::{self, rewrite, visit};
use crate::lower::{DfExpr, Lowerer, is_bool_or_null, is_numeric_or_null};
use crate::nodes::seq_window::{Kind, SeqOp, SeqWindow};
use crate::table::Table;
use crate::tree::{Expr, Field, LitValue, SortKey};

pub const GROUP_ID: &str = "__group_id__";
pub const GROUP_COUNT: &str = "__group_count__";
pub const RN: &str = "__rn__";
pub const POS: &str = "__ltseq_pos";
const KEY: &str = "__ltseq_key";

fn cols(names: &[String]) -> Vec<DfExpr> {
    names.iter().map(|n| DfExpr::Column(Column::from_name(n))).collect()
}

fn seq(input: LogicalPlan, partition_by: &[&str], order: Vec<datafusion::logical_expr::SortExpr>, ops: Vec<(Kind, &str, &str)>) -> Result<LogicalPlan> {
    let ops = ops.into_iter().map(|(kind, column, name)| SeqOp { kind, column: Column::from_name(column), name: name.into() }).collect();
    let node = SeqWindow::try_new(input, partition_by.iter().map(|p| Column::from_name(*p)).collect(), order, ops)?;
    Ok(LogicalPlan::Extension(Extension { node: Arc::new(node) }))
}

fn need_order(order: &[SortKey], what: &str) -> Result<()> {
    if order.is_empty() {
        return Err(LtseqError::SortRequired(format!(
            "{what} needs a declared order, but this table has none; call .sort(...) first, or .assumeSorted(...) if the rows are already in order"
        )));
    }
    Ok(())
}

/// Runs: computes `run` (a `__ltseq_key` or a boolean start flag) and numbers the runs.
fn number_runs(t: &Table, computed: &Expr, kind: Kind, order: &[SortKey]) -> Result<Table> {
    let names = t.column_names();
    let mut fields: Vec<Field> = names.iter().map(|n| Field { name: n.clone(), expr: Expr::Col { name: n.clone() } }).collect();
    fields.push(Field { name: KEY.into(), expr: computed.clone() });
    let with_key = t.project_hidden(&fields, order)?;
    let l = Lowerer::new(with_key.plan.schema());
    let sort = l.sort_exprs(order)?;
    let (parts, op): (Vec<&str>, (Kind, &str, &str)) = match kind {
        Kind::RunId => (vec![KEY], (Kind::RunId, KEY, GROUP_ID)),
        _ => (vec![], (Kind::RunIdWhen, KEY, GROUP_ID)),
    };
    let ids = seq((*with_key.plan).clone(), &parts, sort.clone(), vec![op])?;
    // Position within the run and in the table: a second pass partitioned by the (now numbered) run.
    let first = names[0].as_str();
    let numbered = seq(ids, &[GROUP_ID], sort, vec![(Kind::RowNumber, first, RN), (Kind::Position, first, POS)])?;
    let mut out = names.clone();
    out.extend([GROUP_ID.to_string(), RN.to_string(), POS.to_string()]);
    Ok(t.with_plan(LogicalPlanBuilder::from(numbered).project(cols(&out))?.build()?))
}

/// The rows that open a group of `groupOrdered` (`when` false) or `groupWhen` (`when` true), with
/// the table's columns: one `SeqWindow` pass flags them and a filter keeps them. No group ids, no
/// positions: this is what `count()` and `first()` of a fresh `NestedTable` need.
pub fn group_starts(t: &Table, computed: &Expr, when: bool, order: &[SortKey]) -> Result<Table> {
    if when {
        check_when(t, computed, order)?;
    } else {
        need_order(order, "groupOrdered")?;
    }
    let names = t.column_names();
    let mut fields: Vec<Field> = names.iter().map(|n| Field { name: n.clone(), expr: Expr::Col { name: n.clone() } }).collect();
    fields.push(Field { name: KEY.into(), expr: computed.clone() });
    let with_key = t.project_hidden(&fields, order)?;
    let sort = Lowerer::new(with_key.plan.schema()).sort_exprs(order)?;
    const STARTS: &str = "__ltseq_starts";
    let flagged = match when {
        true => seq((*with_key.plan).clone(), &[], sort, vec![(Kind::StartsRunWhen, KEY, STARTS)])?,
        false => seq((*with_key.plan).clone(), &[KEY], sort, vec![(Kind::StartsRun, KEY, STARTS)])?,
    };
    Ok(t.with_plan(LogicalPlanBuilder::from(flagged).filter(col(STARTS))?.project(cols(&names))?.build()?))
}

/// `groupOrdered(r => key)`: a new group wherever the key differs from the previous row's
/// (NULL equals NULL).
pub fn group_ordered(t: &Table, key: &Expr, order: &[SortKey]) -> Result<Table> {
    need_order(order, "groupOrdered")?;
    number_runs(t, key, Kind::RunId, order)
}

/// `groupWhen(r => predicate)`: a new group starts at each row where the predicate holds.
pub fn group_when(t: &Table, predicate: &Expr, order: &[SortKey]) -> Result<Table> {
    check_when(t, predicate, order)?;
    number_runs(t, predicate, Kind::RunIdWhen, order)
}

fn check_when(t: &Table, predicate: &Expr, order: &[SortKey]) -> Result<()> {
    need_order(order, "groupWhen")?;
    let l = Lowerer::new(t.plan.schema());
    if !window::has_window(predicate) {
        let p = l.lower(predicate)?;
        l.expect(&p, "groupWhen", "a boolean predicate", is_bool_or_null)?;
    }
    Ok(())
}

/// One group expression → a DataFusion aggregate over rows in position order.
fn lower_agg(l: &Lowerer, func: &str, args: &[Expr], pos: Option<&str>) -> Result<DfExpr> {
    let arg = |i: usize| -> Result<DfExpr> {
        args.get(i).map(|a| l.lower(a)).transpose()?.ok_or_else(|| LtseqError::InvalidArgument(format!("{func}() needs an argument")))
    };
    let num = |what: &str| -> Result<DfExpr> {
        let e = arg(0)?;
        l.expect(&e, what, "a number", is_numeric_or_null)?;
        Ok(cast(e, DataType::Float64))
    };
    let by_pos = || pos.map(|p| vec![col(p).sort(true, false)]).unwrap_or_default();
    Ok(match func {
        "count" if args.is_empty() => count(lit(1i64)),
        "count" => count(arg(0)?),
        "first" => first_value(arg(0)?, by_pos()),
        "last" => last_value(arg(0)?, by_pos()),
        "sum" | "min" | "max" => {
            let e = arg(0)?;
            if func == "sum" {
                l.expect(&e, "g.col.sum()", "a number", is_numeric_or_null)?;
            }
            match func {
                "sum" => sum(e),
                "min" => min(e),
                _ => max(e),
            }
        }
        "mean" => avg(num("g.col.mean()")?),
        "median" => median(num("g.col.median()")?),
        "std" => stddev(num("g.col.std()")?),
        "var" => var_sample(num("g.col.var()")?),
        "percentile" => {
            let p = match args.get(1) {
                Some(Expr::Lit { value: LitValue::Float(p), .. }) => *p,
                Some(Expr::Lit { value: LitValue::Int(p), .. }) => *p as f64,
                _ => return Err(LtseqError::InvalidArgument("percentile(p) takes a number literal".into())),
            };
            if !(0.0..=1.0).contains(&p) {
                return Err(LtseqError::InvalidArgument(format!("percentile({p}): p must be between 0 and 1")));
            }
            crate::percentile::percentile_udaf(p).call(vec![num("g.col.percentile()")?])
        }
        "all" | "any" | "none" => {
            let e = arg(0)?;
            l.expect(&e, &format!("g.{func}(r => …)"), "a boolean predicate", is_bool_or_null)?;
            match func {
                "all" => bool_and(e),
                "any" => bool_or(e),
                _ => DfExpr::Not(Box::new(bool_or(e))),
            }
        }
        other => return Err(LtseqError::InvalidArgument(format!("unknown group function {other}()"))),
    })
}

/// Groups rows by `keys` and computes `fields`, whose trees combine `agg` nodes with ordinary
/// expressions. `pos` orders rows for `first`/`last`.
pub fn aggregate(t: &Table, keys: &[Field], fields: &[Field], pos: Option<&str>) -> Result<Table> {
    let l = Lowerer::new(t.plan.schema());
    let group_exprs = keys.iter().map(|k| Ok(l.lower(&k.expr)?.alias(&k.name))).collect::<Result<Vec<_>>>()?;
    let mut found: Vec<Expr> = Vec::new();
    for f in fields {
        visit(&f.expr, &mut |x| {
            if matches!(x, Expr::Agg { .. }) && !found.contains(x) {
                found.push(x.clone());
            }
        });
    }
    let mut aggs = Vec::with_capacity(found.len());
    for (i, a) in found.iter().enumerate() {
        let Expr::Agg { func, args } = a else { unreachable!() };
        aggs.push(lower_agg(&l, func, args, pos)?.alias(format!("__ltseq_g{i}")));
    }
    let b = LogicalPlanBuilder::from(t.plan.clone()).aggregate(group_exprs, aggs)?;
    let schema = b.schema().clone();
    let out_l = Lowerer::new(&schema);
    let mut out: Vec<DfExpr> = keys.iter().map(|k| DfExpr::Column(Column::from_name(&k.name))).collect();
    for f in fields {
        let e = rewrite(f.expr.clone(), &mut |x| {
            Ok(match found.iter().position(|a| a == &x) {
                Some(i) => Expr::Col { name: format!("__ltseq_g{i}") },
                None => x,
            })
        })?;
        let mut bare = None;
        visit(&e, &mut |x| {
            if let Expr::Col { name } = x {
                if !name.starts_with("__ltseq_g") && !keys.iter().any(|k| &k.name == name) {
                    bare.get_or_insert(name.clone());
                }
            }
        });
        if let Some(name) = bare {
            return Err(LtseqError::InvalidArgument(format!(
                "\"{}\": column \"{name}\" is not a group value; aggregate it, e.g. g.{name}.sum(), g.first().{name}",
                f.name
            )));
        }
        out.push(out_l.lower(&e)?.alias(&f.name));
    }
    Ok(t.with_plan(b.project(out)?.build()?))
}

/// NestedTable.agg: one row per group, in sequence order.
pub fn nested_agg(t: &Table, fields: &[Field]) -> Result<Table> {
    let key = [Field { name: GROUP_ID.into(), expr: Expr::Col { name: GROUP_ID.into() } }];
    let per_group = aggregate(t, &key, fields, Some(POS))?;
    let sorted = LogicalPlanBuilder::from(per_group.plan.clone()).sort(vec![col(GROUP_ID).sort(true, false)])?;
    let names: Vec<String> = fields.iter().map(|f| f.name.clone()).collect();
    Ok(t.with_plan(sorted.project(cols(&names))?.build()?))
}

/// Rows joined with per-group values (`fields`, computed as `__ltseq_v<i>` so they cannot clash
/// with the rows' own columns), back in their order.
fn broadcast(t: &Table, fields: &[Field]) -> Result<LogicalPlanBuilder> {
    let key = [Field { name: "__ltseq_gk".into(), expr: Expr::Col { name: GROUP_ID.into() } }];
    let internal: Vec<Field> =
        fields.iter().enumerate().map(|(i, f)| Field { name: format!("__ltseq_v{i}"), expr: f.expr.clone() }).collect();
    let per_group = aggregate(t, &key, &internal, Some(POS))?;
    Ok(LogicalPlanBuilder::from(t.plan.clone())
        .join((*per_group.plan).clone(), JoinType::Inner, (vec![Column::from_name(GROUP_ID)], vec![Column::from_name("__ltseq_gk")]), None)?
        .sort(vec![col(POS).sort(true, false)])?)
}

/// NestedTable.derive: every row plus group values; a value named like a column replaces it in place.
pub fn nested_derive(t: &Table, fields: &[Field]) -> Result<Table> {
    let joined = broadcast(t, fields)?;
    let value = |name: &str| fields.iter().position(|f| f.name == name);
    let mut out: Vec<DfExpr> = t
        .column_names()
        .iter()
        .map(|n| match value(n) {
            Some(i) => col(format!("__ltseq_v{i}")).alias(n),
            None => DfExpr::Column(Column::from_name(n)),
        })
        .collect();
    for (i, f) in fields.iter().enumerate() {
        if !t.column_names().contains(&f.name) {
            out.push(col(format!("__ltseq_v{i}")).alias(&f.name));
        }
    }
    Ok(t.with_plan(joined.project(out)?.build()?))
}

/// NestedTable.filter: keeps whole groups whose predicate holds (ids unchanged).
pub fn nested_filter(t: &Table, predicate: &Expr) -> Result<Table> {
    let joined = broadcast(t, &[Field { name: "keep".into(), expr: predicate.clone() }])?;
    let schema = joined.schema().clone();
    let p = Lowerer::new(&schema).lower(&Expr::Col { name: "__ltseq_v0".into() })?;
    let ty = Lowerer::new(&schema).type_of(&p)?;
    if !is_bool_or_null(&ty) {
        return Err(LtseqError::TypeMismatch(format!(
            "NestedTable.filter needs a condition (a boolean), but the lambda returns {}; e.g. g => g.count() > 3",
            crate::lower::type_name(&ty)
        )));
    }
    Ok(t.with_plan(joined.filter(p)?.project(cols(&t.column_names()))?.build()?))
}

/// Rows plus `__group_count__`; first/last/flatten read it.
pub fn with_counts(t: &Table) -> Result<Table> {
    nested_derive(t, &[Field { name: GROUP_COUNT.into(), expr: Expr::Agg { func: "count".into(), args: vec![] } }])
}

/// `groupBy(keys).agg(fields)` / `agg(fields)` (no keys): `first`/`last` follow the declared order
/// (or the physical order when none is declared).
pub fn group_by(t: &Table, keys: &[Field], fields: &[Field], order: &[SortKey]) -> Result<Table> {
    let mut positional = false;
    for f in fields {
        visit(&f.expr, &mut |x| positional |= matches!(x, Expr::Agg { func, .. } if func == "first" || func == "last"));
    }
    if !positional {
        return aggregate(t, keys, fields, None);
    }
    let l = Lowerer::new(t.plan.schema());
    let sort = l.sort_exprs(order)?;
    let first = t.column_names()[0].clone();
    let numbered = t.with_plan(seq((*t.plan).clone(), &[], sort, vec![(Kind::Position, first.as_str(), POS)])?);
    aggregate(&numbered, keys, fields, Some(POS))
}
