//! `t.asofJoin(other, (l, r) => l.time OP r.time, { by, strategy, suffix })`: checks the request
//! against both schemas at the call (so mistakes surface there, not at `collect()`) and adds the
//! `AsofJoin` plan node (`nodes::asof`), which does the work as a streaming merge.
//!
//! Output: every left row once, left columns then every right column (a right name the left side
//! has gets `suffix`); right columns are NULL where nothing matches. Rows come out sorted by the
//! left (by..., time) — the merge's order; the API does not promise it (asofJoin clears the
//! declared order), so callers must not rely on it.

use std::sync::Arc;

use datafusion::common::{Column, ExprSchema};
use datafusion::logical_expr::{Extension, LogicalPlan};

use crate::error::{LtseqError, Result, column_not_found};
use crate::nodes::asof::{AsofJoin, AsofOp, key_type, key_type_error};
use crate::table::Table;

/// The options as the runtime sends them (`asofJoin(other, specJson)`), e.g.
/// `{"leftOn":"time","rightOn":"time","op":">=","nearest":false,"leftBy":["symbol"],"rightBy":["symbol"],"suffix":"_right"}`.
#[derive(Clone, Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AsofSpec {
    pub left_on: String,
    pub right_on: String,
    /// ">=" | ">" | "<=" | "<"
    pub op: String,
    #[serde(default)]
    pub nearest: bool,
    #[serde(default)]
    pub left_by: Vec<String>,
    #[serde(default)]
    pub right_by: Vec<String>,
    #[serde(default = "default_suffix")]
    pub suffix: String,
}

fn default_suffix() -> String {
    "_right".into()
}

impl Table {
    pub fn asof_join(&self, other: &Table, spec: &AsofSpec) -> Result<Table> {
        let op = AsofOp::parse(&spec.op).ok_or_else(|| {
            LtseqError::InvalidArgument(format!(
                "asofJoin: the condition must compare the times with >=, >, <= or <; got {:?}",
                spec.op
            ))
        })?;
        if spec.left_by.len() != spec.right_by.len() {
            return Err(LtseqError::InvalidArgument(format!(
                "asofJoin: `by` needs as many left keys as right keys; left [{}], right [{}]",
                spec.left_by.join(", "),
                spec.right_by.join(", ")
            )));
        }
        let left_on = column_of(self, &spec.left_on, "left")?;
        let right_on = column_of(other, &spec.right_on, "right")?;
        let left_by = spec.left_by.iter().map(|c| column_of(self, c, "left")).collect::<Result<Vec<_>>>()?;
        let right_by = spec.right_by.iter().map(|c| column_of(other, c, "right")).collect::<Result<Vec<_>>>()?;
        let (ls, rs) = (self.plan.schema(), other.plan.schema());
        let pairs = left_by.iter().zip(&right_by).map(|p| (p, false)).chain([((&left_on, &right_on), true)]);
        for ((l, r), time) in pairs {
            let (lf, rf) = (ls.field_from_column(l)?, rs.field_from_column(r)?);
            if key_type(lf.data_type(), rf.data_type(), time).is_none() {
                return Err(LtseqError::TypeMismatch(key_type_error(lf, rf, time)));
            }
        }
        let node = AsofJoin::try_new(
            (*self.plan).clone(),
            (*other.plan).clone(),
            left_on,
            right_on,
            left_by,
            right_by,
            op,
            spec.nearest,
            &spec.suffix,
        )
        .map_err(|e| LtseqError::InvalidArgument(strip_plan_prefix(e)))?;
        Ok(self.joined(other, LogicalPlan::Extension(Extension { node: Arc::new(node) })))
    }
}

/// The column `name` of one side, or a ColumnNotFound listing that side's columns.
fn column_of(t: &Table, name: &str, side: &str) -> Result<Column> {
    match t.plan.schema().qualified_field_with_unqualified_name(name) {
        Ok((q, f)) => Ok(Column::new(q.cloned(), f.name())),
        Err(_) => Err(column_not_found(name, t.column_names()).context(format_args!("asofJoin: the {side} table"))),
    }
}

/// `plan_err!` messages start with "Error during planning: "; the user sees ours only.
fn strip_plan_prefix(e: datafusion::error::DataFusionError) -> String {
    match e {
        datafusion::error::DataFusionError::Plan(m) => m,
        other => other.to_string(),
    }
}
