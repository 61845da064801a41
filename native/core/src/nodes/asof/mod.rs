//! `AsofJoin`: for each left row, the right row nearest in time (backward, forward or nearest)
//! among rows with equal `by` keys — a streaming merge of two inputs sorted by (by..., time).
//!
//! Why a plan node rather than SQL: DataFusion has no ASOF JOIN, and the SQL spelling (a range
//! join plus "keep the max per left row") materialises every pair. Here both inputs are read once,
//! in order, with forward-only cursors over the right side (`merge.rs`): linear, and it streams.
//!
//! Requirements stated to the planner: one partition per side, each ordered by (by..., time)
//! ascending with NULLs last. NULLs last is the order `sort`/`assumeSorted` produce for ascending
//! keys (`Lowerer::sort_exprs`), so an input the user already sorted is not sorted again; rows with
//! a NULL key never match, so where NULLs sit does not matter to the merge. EnforceSorting inserts
//! the sorts (and merges of several partitions) where an input is not ordered yet, on both
//! sessions: the order-keeping one and the parallel one `count()` may use.

mod exec;
mod keyed;
mod merge;
#[cfg(test)]
mod tests;

pub use exec::AsofJoinExec;

use std::collections::BTreeSet;
use std::fmt;
use std::sync::Arc;

use datafusion::arrow::compute::{SortOptions, can_cast_types};
use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use datafusion::catalog::Session;
use datafusion::common::{Column, DFSchema, DFSchemaRef, plan_err};
use datafusion::error::Result;
use datafusion::logical_expr::type_coercion::binary::comparison_coercion;
use datafusion::logical_expr::{Expr, LogicalPlan, UserDefinedLogicalNodeCore};
use datafusion::physical_expr::PhysicalSortExpr;
use datafusion::physical_expr::expressions::Column as PhysColumn;
use datafusion::physical_plan::ExecutionPlan;

use crate::table::right_output_names;

/// The comparison in `(l, r) => l.time OP r.time`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd)]
pub enum AsofOp {
    /// `>=`: the last right row at or before the left time.
    Ge,
    /// `>`: the last right row strictly before.
    Gt,
    /// `<=`: the first right row at or after.
    Le,
    /// `<`: the first right row strictly after.
    Lt,
}

impl AsofOp {
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            ">=" => Self::Ge,
            ">" => Self::Gt,
            "<=" => Self::Le,
            "<" => Self::Lt,
            _ => return None,
        })
    }
    pub fn symbol(self) -> &'static str {
        match self {
            Self::Ge => ">=",
            Self::Gt => ">",
            Self::Le => "<=",
            Self::Lt => "<",
        }
    }
    /// Equal times are excluded.
    pub fn strict(self) -> bool {
        matches!(self, Self::Gt | Self::Lt)
    }
    pub fn backward(self) -> bool {
        matches!(self, Self::Ge | Self::Gt)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AsofJoin {
    pub left: LogicalPlan,
    pub right: LogicalPlan,
    pub left_on: Column,
    pub right_on: Column,
    pub left_by: Vec<Column>,
    pub right_by: Vec<Column>,
    pub op: AsofOp,
    /// The closer of the backward and forward candidates (ties go backward); `op` then only says
    /// whether equal times count.
    pub nearest: bool,
    /// Output name of every right column (colliding names carry the suffix). Fixed when the join
    /// is built: if projection pushdown later prunes the colliding left column, the surviving right
    /// column must keep the name the plan above it refers to.
    pub right_names: Vec<(String, String)>,
    schema: DFSchemaRef,
}

/// Ordered like its defining fields; the schema is derived from them.
impl PartialOrd for AsofJoin {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        fn key(j: &AsofJoin) -> impl PartialOrd + '_ {
            (&j.left, &j.right, &j.left_on, &j.right_on, &j.left_by, &j.right_by, j.op, j.nearest, &j.right_names)
        }
        key(self).partial_cmp(&key(other))
    }
}

impl AsofJoin {
    /// Names right columns (a name the left side has gets `suffix`) and builds the node.
    #[allow(clippy::too_many_arguments)]
    pub fn try_new(
        left: LogicalPlan,
        right: LogicalPlan,
        left_on: Column,
        right_on: Column,
        left_by: Vec<Column>,
        right_by: Vec<Column>,
        op: AsofOp,
        nearest: bool,
        suffix: &str,
    ) -> Result<Self> {
        let names = |p: &LogicalPlan| p.schema().fields().iter().map(|f| f.name().clone()).collect::<Vec<_>>();
        let right_in = names(&right);
        let right_out = match right_output_names(&names(&left), &right_in, suffix) {
            Ok(out) => out,
            Err((name, out)) => {
                return plan_err!(
                    "asofJoin: the right column \"{name}\" would be named \"{out}\", which is already an output column; choose another suffix"
                );
            }
        };
        let right_names = right_in.into_iter().zip(right_out).collect();
        Self::with_names(left, right, left_on, right_on, left_by, right_by, op, nearest, right_names)
    }

    #[allow(clippy::too_many_arguments)]
    fn with_names(
        left: LogicalPlan,
        right: LogicalPlan,
        left_on: Column,
        right_on: Column,
        left_by: Vec<Column>,
        right_by: Vec<Column>,
        op: AsofOp,
        nearest: bool,
        right_names: Vec<(String, String)>,
    ) -> Result<Self> {
        // Unqualified output: the two sides may share a table name, and later steps refer to
        // columns by name only.
        let mut fields: Vec<(Option<datafusion::common::TableReference>, Arc<Field>)> =
            left.schema().fields().iter().map(|f| (None, f.clone())).collect();
        for f in right.schema().fields() {
            let out = right_names.iter().find(|(n, _)| n == f.name()).map_or(f.name().as_str(), |(_, o)| o.as_str());
            // Right columns are NULL where nothing matches.
            fields.push((None, Arc::new(f.as_ref().clone().with_name(out).with_nullable(true))));
        }
        let schema = Arc::new(DFSchema::new_with_metadata(fields, Default::default())?);
        Ok(Self { left, right, left_on, right_on, left_by, right_by, op, nearest, right_names, schema })
    }

    fn mode_word(&self) -> &'static str {
        match (self.nearest, self.op.backward()) {
            (true, _) => "nearest",
            (false, true) => "backward",
            (false, false) => "forward",
        }
    }
}

impl UserDefinedLogicalNodeCore for AsofJoin {
    fn name(&self) -> &str {
        "AsofJoin"
    }
    fn inputs(&self) -> Vec<&LogicalPlan> {
        vec![&self.left, &self.right]
    }
    fn schema(&self) -> &DFSchemaRef {
        &self.schema
    }
    /// Left by keys, left time, right by keys, right time (the order `with_exprs_and_inputs` reads).
    fn expressions(&self) -> Vec<Expr> {
        let l = self.left_by.iter().chain([&self.left_on]);
        let r = self.right_by.iter().chain([&self.right_on]);
        l.chain(r).map(|c| Expr::Column(c.clone())).collect()
    }
    fn fmt_for_explain(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let by: Vec<String> = self
            .left_by
            .iter()
            .zip(&self.right_by)
            .map(|(l, r)| if l.name == r.name { l.name.clone() } else { format!("{} = {}", l.name, r.name) })
            .collect();
        write!(f, "AsofJoin: {} {} {}", self.left_on.name, self.op.symbol(), self.right_on.name)?;
        if !by.is_empty() {
            write!(f, " by [{}]", by.join(", "))?;
        }
        write!(f, ", {}", self.mode_word())
    }
    fn with_exprs_and_inputs(&self, exprs: Vec<Expr>, mut inputs: Vec<LogicalPlan>) -> Result<Self> {
        let cols = exprs
            .iter()
            .map(|e| match e {
                Expr::Column(c) => Ok(c.clone()),
                other => plan_err!("AsofJoin expects column references, got {other}"),
            })
            .collect::<Result<Vec<_>>>()?;
        let n = self.left_by.len();
        if cols.len() != 2 * n + 2 || inputs.len() != 2 {
            return plan_err!("AsofJoin: unexpected number of expressions or inputs");
        }
        let right = inputs.pop().expect("two inputs");
        let left = inputs.pop().expect("two inputs");
        let (l, r) = cols.split_at(n + 1);
        Self::with_names(
            left,
            right,
            l[n].clone(),
            r[n].clone(),
            l[..n].to_vec(),
            r[..n].to_vec(),
            self.op,
            self.nearest,
            self.right_names.clone(),
        )
    }
    /// Left output columns come from the left input, the rest from the right; keys always.
    fn necessary_children_exprs(&self, output_columns: &[usize]) -> Option<Vec<Vec<usize>>> {
        let nl = self.left.schema().fields().len();
        let mut left: BTreeSet<usize> = output_columns.iter().copied().filter(|&i| i < nl).collect();
        let mut right: BTreeSet<usize> = output_columns.iter().filter(|&&i| i >= nl).map(|i| i - nl).collect();
        for c in self.left_by.iter().chain([&self.left_on]) {
            left.insert(self.left.schema().index_of_column(c).ok()?);
        }
        for c in self.right_by.iter().chain([&self.right_on]) {
            right.insert(self.right.schema().index_of_column(c).ok()?);
        }
        Some(vec![left.into_iter().collect(), right.into_iter().collect()])
    }
}

/// Key columns of both sides as indices, and the type each pair is compared in.
#[derive(Debug, Clone)]
pub(crate) struct Keys {
    /// by..., time
    pub left: Vec<usize>,
    pub right: Vec<usize>,
    pub types: Vec<DataType>,
}

impl AsofJoin {
    pub fn plan(
        &self,
        logical_inputs: &[&LogicalPlan],
        physical: &[Arc<dyn ExecutionPlan>],
        _session: &dyn Session,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        let (ls, rs) = (logical_inputs[0].schema(), logical_inputs[1].schema());
        let idx = |s: &DFSchema, cols: &mut dyn Iterator<Item = &Column>| cols.map(|c| s.index_of_column(c)).collect::<Result<Vec<_>>>();
        let left = idx(ls, &mut self.left_by.iter().chain([&self.left_on]))?;
        let right = idx(rs, &mut self.right_by.iter().chain([&self.right_on]))?;
        let mut types = Vec::with_capacity(left.len());
        for (i, (&l, &r)) in left.iter().zip(&right).enumerate() {
            let (lf, rf) = (ls.field(l), rs.field(r));
            match key_type(lf.data_type(), rf.data_type(), i + 1 == left.len()) {
                Some(t) => types.push(t),
                None => return plan_err!("{}", key_type_error(lf, rf, i + 1 == left.len())),
            }
        }
        let ordering = |s: &SchemaRef, keys: &[usize]| -> Vec<PhysicalSortExpr> {
            let opts = SortOptions { descending: false, nulls_first: false };
            keys.iter().map(|&k| PhysicalSortExpr::new(Arc::new(PhysColumn::new(s.field(k).name(), k)), opts)).collect()
        };
        let lo = ordering(&physical[0].schema(), &left);
        let ro = ordering(&physical[1].schema(), &right);
        let schema: SchemaRef = Arc::new(Schema::from(self.schema.as_ref().as_arrow().clone()));
        let keys = Keys { left, right, types };
        Ok(Arc::new(AsofJoinExec::new(physical[0].clone(), physical[1].clone(), lo, ro, Arc::new(keys), self.op, self.nearest, schema)))
    }
}

/// Which type families compare with each other: the sort order of each side must survive the
/// cast to the common type, so a string is never compared with a number.
#[derive(PartialEq)]
enum Family {
    Number,
    Temporal,
    String,
    Other,
}

fn family(t: &DataType) -> Family {
    match t {
        DataType::Dictionary(_, v) => family(v),
        t if t.is_numeric() => Family::Number,
        DataType::Date32 | DataType::Date64 | DataType::Timestamp(_, _) => Family::Temporal,
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => Family::String,
        _ => Family::Other,
    }
}

/// Types a time key may have: integers, floats, dates, timestamps (all fixed width, which the
/// merge relies on: a row's time encoding has a known length at its end).
pub fn is_time_type(t: &DataType) -> bool {
    t.is_integer() || t.is_floating() || matches!(t, DataType::Date32 | DataType::Date64 | DataType::Timestamp(_, _))
}

/// The type a key pair is compared in, if the two can be compared: equal types as they are, else
/// DataFusion's comparison coercion within one type family.
pub fn key_type(l: &DataType, r: &DataType, time: bool) -> Option<DataType> {
    if time && !(is_time_type(l) && is_time_type(r)) {
        return None;
    }
    if l == r {
        return Some(l.clone());
    }
    if family(l) != family(r) || family(l) == Family::Other {
        return None;
    }
    let t = comparison_coercion(l, r)?;
    let ok = can_cast_types(l, &t) && can_cast_types(r, &t) && (!time || is_time_type(&t));
    ok.then_some(t)
}

pub fn key_type_error(l: &Field, r: &Field, time: bool) -> String {
    let what = if time { "time keys" } else { "`by` keys" };
    let need = if time { " (time keys must be integers, floats, dates or timestamps)" } else { "" };
    format!(
        "asofJoin: {what} cannot be compared: left \"{}\" is {}, right \"{}\" is {}{need}",
        l.name(),
        l.data_type(),
        r.name(),
        r.data_type()
    )
}
