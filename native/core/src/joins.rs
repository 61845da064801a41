//! Joining tables: `link` (many-to-one pointer, the `Link` node), `semiJoin`/`antiJoin` (the same
//! node as a filter) and the general `join` (DataFusion's hash join). Validation happens here, at
//! the call, so unknown columns, bad key types and name collisions surface before execution.

use std::sync::Arc;

use datafusion::common::{Column, JoinType, NullEquality};
use datafusion::logical_expr::{Extension, LogicalPlan, LogicalPlanBuilder};

use crate::error::{LtseqError, Result, column_not_found};
use crate::lower::DfExpr;
use crate::nodes::link::{Link, LinkMode, common_key_type};
use crate::table::{Table, right_output_names};

#[cfg(test)]
mod tests;

/// Qualifiers for the two sides of a join: both sides are often scans named alike ("data").
const LEFT: &str = "__ltseq_l";
const RIGHT: &str = "__ltseq_r";

impl Table {
    /// `source.link(target, on, as)`: every source row once, in order, plus `{alias}_{c}` for every
    /// target column `c` (NULL without a match; `inner` drops such rows). Target keys must be unique.
    pub fn link(&self, target: &Table, source_keys: &[String], target_keys: &[String], alias: &str, inner: bool) -> Result<Table> {
        if alias.is_empty() {
            return Err(LtseqError::InvalidArgument("link needs a non-empty name (`as`) for the linked columns".into()));
        }
        let what = format!("link \"{alias}\"");
        let (sk, tk) = self.key_columns(target, source_keys, target_keys, &what, ("source", "target"))?;
        let mine = self.column_names();
        for c in target.column_names() {
            let added = format!("{alias}_{c}");
            if mine.contains(&added) {
                return Err(LtseqError::SchemaMismatch(format!(
                    "{what}: the source already has a column \"{added}\", the name the link gives target column \"{c}\"; pick another `as`"
                )));
            }
        }
        let node = Link::try_new((*self.plan).clone(), (*target.plan).clone(), sk, tk, alias.to_string(), LinkMode::Pointer { inner })?;
        Ok(self.joined(target, LogicalPlan::Extension(Extension { node: Arc::new(node) })))
    }

    /// Rows of `self` whose key occurs (`anti`: does not occur) in `other`; order and duplicates on
    /// the left are kept, duplicates on the right do not matter, NULL keys never match.
    pub fn semi_join(&self, other: &Table, left_keys: &[String], right_keys: &[String], anti: bool) -> Result<Table> {
        let (what, mode) = if anti { ("antiJoin", LinkMode::Anti) } else { ("semiJoin", LinkMode::Semi) };
        let (lk, rk) = self.key_columns(other, left_keys, right_keys, what, ("left", "right"))?;
        let node = Link::try_new((*self.plan).clone(), (*other.plan).clone(), lk, rk, String::new(), mode)?;
        Ok(self.joined(other, LogicalPlan::Extension(Extension { node: Arc::new(node) })))
    }

    /// The general join (DataFusion's hash join; NULL keys never match). Output: every left column,
    /// then every right column, right names that clash with a left name getting `suffix`. Row order
    /// is the hash join's, not the left table's.
    pub fn join(&self, other: &Table, left_keys: &[String], right_keys: &[String], how: &str, suffix: &str) -> Result<Table> {
        let jt = match how {
            "inner" => JoinType::Inner,
            "left" => JoinType::Left,
            "right" => JoinType::Right,
            "full" => JoinType::Full,
            other => {
                return Err(LtseqError::InvalidArgument(format!(
                    "join: unknown how \"{other}\"; expected one of \"inner\", \"left\", \"right\", \"full\""
                )));
            }
        };
        self.key_columns(other, left_keys, right_keys, "join", ("left", "right"))?;
        let left = self.column_names();
        let right = other.column_names();
        let names = right_output_names(&left, &right, suffix).map_err(|(c, name)| {
            LtseqError::SchemaMismatch(format!(
                "join: right column \"{c}\" would be named \"{name}\", which is already taken; choose another suffix"
            ))
        })?;
        let mut exprs: Vec<DfExpr> = left.iter().map(|c| DfExpr::Column(Column::new(Some(LEFT), c)).alias(c)).collect();
        exprs.extend(right.iter().zip(&names).map(|(c, name)| DfExpr::Column(Column::new(Some(RIGHT), c)).alias(name)));
        let lk: Vec<Column> = left_keys.iter().map(|k| Column::new(Some(LEFT), k)).collect();
        let rk: Vec<Column> = right_keys.iter().map(|k| Column::new(Some(RIGHT), k)).collect();
        let right_plan = LogicalPlanBuilder::from(other.plan.clone()).alias(RIGHT)?.build()?;
        let plan = LogicalPlanBuilder::from(self.plan.clone())
            .alias(LEFT)?
            .join_detailed(right_plan, jt, (lk, rk), None, NullEquality::NullEqualsNothing)?
            .project(exprs)?
            .build()?;
        Ok(self.joined(other, plan))
    }

    /// Resolves both sides' key columns (by unqualified name, as users see them) and checks their
    /// types can be compared. `sides` names the two tables in messages.
    fn key_columns(
        &self,
        other: &Table,
        mine: &[String],
        theirs: &[String],
        what: &str,
        sides: (&str, &str),
    ) -> Result<(Vec<Column>, Vec<Column>)> {
        if mine.is_empty() || mine.len() != theirs.len() {
            return Err(LtseqError::InvalidArgument(format!(
                "{what}: needs the same number (at least one) of {} and {} keys, got {} and {}",
                sides.0,
                sides.1,
                mine.len(),
                theirs.len()
            )));
        }
        let resolve = |t: &Table, name: &str, side: &str| -> Result<(Column, datafusion::arrow::datatypes::DataType)> {
            match t.plan.schema().qualified_field_with_unqualified_name(name) {
                Ok((q, f)) => Ok((Column::new(q.cloned(), name), f.data_type().clone())),
                Err(_) => Err(column_not_found(name, t.column_names()).context(format_args!("{what} ({side} table)"))),
            }
        };
        let mut out = (Vec::new(), Vec::new());
        for (a, b) in mine.iter().zip(theirs) {
            let (ca, ta) = resolve(self, a, sides.0)?;
            let (cb, tb) = resolve(other, b, sides.1)?;
            common_key_type((a, &ta), (b, &tb), what)?;
            out.0.push(ca);
            out.1.push(cb);
        }
        Ok(out)
    }
}
