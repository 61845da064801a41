//! `t.pivot({ index, columns, values, agg })` (API.md §8): long rows to wide columns.
//!
//! The output columns depend on the data, so this is the one transform that **reads data while
//! planning**: unless the caller lists `columnValues`, it runs a blocking distinct scan of the
//! `columns` column (at most `MAX_VALUES + 1` values, so a runaway column fails fast). The pivot
//! itself is an ordinary DataFusion aggregate — group by the index, one
//! `agg(CASE WHEN columns = v THEN values END)` per value `v` — sorted by the index, so it stays
//! lazy, explainable and has a SQL form like any other plan.

use datafusion::arrow::datatypes::DataType;
use datafusion::common::{Column, ScalarValue};
use datafusion::functions_aggregate::expr_fn::{avg, count, max, min, sum};
use datafusion::logical_expr::{LogicalPlanBuilder, cast, col, lit, when};

use crate::error::{LtseqError, Result};
use crate::exec;
use crate::lower::{DfExpr, Lowerer, is_numeric_or_null, is_string_or_null, is_temporal_or_null, type_name};
use crate::table::Table;

/// The JSON the runtime sends (`runtime/pivot.ts` normalises the user's options into it).
#[derive(Clone, Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PivotSpec {
    pub index: Vec<String>,
    pub columns: String,
    pub values: String,
    pub agg: String,
    /// Explicit output values, in output order; `None` scans the data. Dates arrive as
    /// `{"date": <epoch ms>}` and bigints as `{"bigint": "<digits>"}` (JSON has neither).
    #[serde(default)]
    pub column_values: Option<Vec<serde_json::Value>>,
}

pub const AGGS: [&str; 5] = ["sum", "mean", "count", "min", "max"];
/// More output columns than this from a scan is almost always a mistake (a pivot on an id column).
pub const MAX_VALUES: usize = 1000;
/// The scan's only column; the `__ltseq_` prefix cannot clash with user columns.
const VALUE: &str = "__ltseq_pivot_value";

impl Table {
    /// One row per distinct index (in the input, NULL included, ascending, NULLs last), then one
    /// column per value of `columns` (ascending from the scan, or `column_values` in their order).
    /// Cells: `agg` of `values` over the rows with that index and value; NULL where there are
    /// none, except `count`, which gives 0. NULL values of `columns` never become a column.
    pub fn pivot(&self, spec: &PivotSpec) -> Result<Table> {
        let schema = self.plan.schema().clone();
        let l = Lowerer::new(&schema);
        let available = || self.column_names();
        let find = |option: &str, name: &str| {
            l.column(name).map_err(|_| {
                LtseqError::ColumnNotFound(format!(
                    "pivot: {option} \"{name}\" not found; available: {}",
                    available().join(", ")
                ))
            })
        };
        if spec.index.is_empty() {
            return Err(LtseqError::InvalidArgument("pivot: index must name at least one column".into()));
        }
        let mut index = Vec::with_capacity(spec.index.len());
        for (i, name) in spec.index.iter().enumerate() {
            if spec.index[..i].contains(name) {
                return Err(LtseqError::InvalidArgument(format!("pivot: index lists \"{name}\" twice")));
            }
            index.push(find("index", name)?);
        }
        let pivot_col = find("columns", &spec.columns)?;
        let values = find("values", &spec.values)?;
        if spec.index.contains(&spec.columns) {
            return Err(LtseqError::InvalidArgument(format!(
                "pivot: \"{}\" is both an index column and the columns option; pick another index",
                spec.columns
            )));
        }
        if !AGGS.contains(&spec.agg.as_str()) {
            return Err(LtseqError::InvalidArgument(format!(
                "pivot: unknown agg \"{}\"; use one of {}",
                spec.agg,
                AGGS.map(|a| format!("\"{a}\"")).join(", ")
            )));
        }
        if matches!(spec.agg.as_str(), "sum" | "mean") {
            let ty = l.type_of(&values)?;
            if !is_numeric_or_null(&ty) {
                return Err(LtseqError::TypeMismatch(format!(
                    "pivot: agg \"{}\" needs number values, but values \"{}\" is {}; use \"count\", \"min\" or \"max\", or cast it",
                    spec.agg,
                    spec.values,
                    type_name(&ty)
                )));
            }
        }
        let col_ty = l.type_of(&pivot_col)?;
        if !nameable(&col_ty) {
            return Err(LtseqError::TypeMismatch(format!(
                "pivot: columns \"{}\" is {}; its values cannot name columns (use a string, number, bool or date column)",
                spec.columns,
                type_name(&col_ty)
            )));
        }
        let keys = match &spec.column_values {
            Some(list) => list.iter().map(|v| from_json(v, &col_ty, &spec.columns)).collect::<Result<Vec<_>>>()?,
            None => self.distinct_values(&spec.columns, pivot_col.clone())?,
        };
        let mut names: Vec<String> = Vec::with_capacity(keys.len());
        for k in &keys {
            let name = column_name(k)?;
            if spec.index.contains(&name) {
                return Err(LtseqError::SchemaMismatch(format!(
                    "pivot: the value \"{name}\" of column \"{}\" would name an output column, but \"{name}\" is an index column; rename the index column first, e.g. .rename({{ {name}: \"{name}_key\" }})",
                    spec.columns
                )));
            }
            if names.contains(&name) {
                return Err(LtseqError::InvalidArgument(format!(
                    "pivot: two values of column \"{}\" give the same column name \"{name}\"{}",
                    spec.columns,
                    if spec.column_values.is_some() { "; list each value once in columnValues" } else { "" }
                )));
            }
            names.push(name);
        }
        let aggs = keys
            .into_iter()
            .zip(&names)
            .map(|(k, name)| {
                // NULL where the row belongs to another column, so every aggregate skips it.
                let cell = when(pivot_col.clone().eq(lit(k)), values.clone()).end()?;
                let a = match spec.agg.as_str() {
                    "sum" => sum(cell),
                    "mean" => avg(cast(cell, DataType::Float64)),
                    "count" => count(cell),
                    "min" => min(cell),
                    _ => max(cell),
                };
                Ok(a.alias(name))
            })
            .collect::<Result<Vec<_>>>()?;
        let sort = spec.index.iter().map(|n| DfExpr::Column(Column::from_name(n)).sort(true, false)).collect::<Vec<_>>();
        // The projection only restates the output order, so `toSql()` lists the index first too.
        let out = spec.index.iter().chain(&names).map(|n| DfExpr::Column(Column::from_name(n))).collect::<Vec<_>>();
        let plan = LogicalPlanBuilder::from(self.plan.clone()).aggregate(index, aggs)?.sort(sort)?.project(out)?.build()?;
        Ok(self.with_plan(plan))
    }

    /// The distinct non-NULL values of `column`, ascending: the blocking plan-time scan.
    fn distinct_values(&self, name: &str, column: DfExpr) -> Result<Vec<ScalarValue>> {
        let plan = LogicalPlanBuilder::from(self.plan.clone())
            .project(vec![column.alias(VALUE)])?
            .filter(col(VALUE).is_not_null())?
            .distinct()?
            .sort(vec![col(VALUE).sort(true, false)])?
            .limit(0, Some(MAX_VALUES + 1))?
            .build()?;
        let scan = self.with_plan(plan);
        let (_, batches) = exec::block_on(async move { exec::collect_batches(&scan).await })
            .map_err(|e| e.context(format_args!("pivot: reading the values of column \"{name}\"")))?;
        let mut out = Vec::new();
        for b in &batches {
            for i in 0..b.num_rows() {
                out.push(ScalarValue::try_from_array(b.column(0).as_ref(), i)?);
            }
        }
        if out.len() > MAX_VALUES {
            return Err(LtseqError::InvalidArgument(format!(
                "pivot: column \"{name}\" has more than {MAX_VALUES} distinct values, too many output columns; pass columnValues: [...] with the values you want, or filter the table first"
            )));
        }
        Ok(out)
    }
}

fn nameable(t: &DataType) -> bool {
    is_numeric_or_null(t) || is_string_or_null(t) || is_temporal_or_null(t) || matches!(t, DataType::Boolean)
}

/// The output column name of a value: `String(value)` as JavaScript writes it for numbers,
/// strings and booleans; dates as `yyyy-mm-dd`; timestamps as `Date#toISOString()`.
pub fn column_name(v: &ScalarValue) -> Result<String> {
    Ok(match v {
        ScalarValue::Utf8(Some(s)) | ScalarValue::LargeUtf8(Some(s)) | ScalarValue::Utf8View(Some(s)) => s.clone(),
        ScalarValue::Boolean(Some(b)) => b.to_string(),
        ScalarValue::Float32(Some(f)) => js_number(*f as f64),
        ScalarValue::Float64(Some(f)) => js_number(*f),
        ScalarValue::TimestampSecond(Some(s), _) => iso_timestamp(s.saturating_mul(1000))?,
        ScalarValue::TimestampMillisecond(Some(ms), _) => iso_timestamp(*ms)?,
        ScalarValue::TimestampMicrosecond(Some(us), _) => iso_timestamp(us.div_euclid(1000))?,
        ScalarValue::TimestampNanosecond(Some(ns), _) => iso_timestamp(ns.div_euclid(1_000_000))?,
        // Integers, decimals and dates: Arrow's text form is JavaScript's (dates: yyyy-mm-dd).
        other => match other.cast_to(&DataType::Utf8)? {
            ScalarValue::Utf8(Some(s)) => s,
            _ => return Err(LtseqError::TypeMismatch(format!("pivot: the value {other} cannot name a column"))),
        },
    })
}

/// `String(x)` for a JS number, for the values that occur as column names.
fn js_number(f: f64) -> String {
    if f.is_infinite() {
        return if f > 0.0 { "Infinity".into() } else { "-Infinity".into() };
    }
    // Rust prints 2.0 as "2" and 1.5 as "1.5", like JavaScript.
    format!("{f}")
}

/// `new Date(ms).toISOString()`: the date part from Arrow's date formatting, the time by hand.
fn iso_timestamp(ms: i64) -> Result<String> {
    let day = ms.div_euclid(86_400_000);
    let t = ms.rem_euclid(86_400_000);
    let date = column_name(&ScalarValue::Date32(Some(day as i32)))?;
    Ok(format!("{date}T{:02}:{:02}:{:02}.{:03}Z", t / 3_600_000, t / 60_000 % 60, t / 1000 % 60, t % 1000))
}

/// One `columnValues` entry as a scalar of the `columns` column's type. Kinds must match (a
/// string for a string column, a number for a number column, a Date or "yyyy-mm-dd" for dates).
fn from_json(v: &serde_json::Value, ty: &DataType, column: &str) -> Result<ScalarValue> {
    use serde_json::Value as J;
    let bad = || {
        LtseqError::TypeMismatch(format!(
            "pivot: columnValues entry {v} does not match column \"{column}\", which is {}",
            type_name(ty)
        ))
    };
    let date_ms = match v {
        J::Object(o) if o.len() == 1 => o.get("date").and_then(J::as_f64),
        _ => None,
    };
    let raw = match v {
        J::String(s) if is_string_or_null(ty) || is_temporal_or_null(ty) => ScalarValue::Utf8(Some(s.clone())),
        J::Bool(b) if matches!(ty, DataType::Boolean) => ScalarValue::Boolean(Some(*b)),
        J::Number(n) if is_numeric_or_null(ty) => match n.as_i64() {
            Some(i) => ScalarValue::Int64(Some(i)),
            None if ty.is_integer() => return Err(bad()),
            None => ScalarValue::Float64(n.as_f64()),
        },
        J::Object(o) if is_numeric_or_null(ty) && o.len() == 1 && o.contains_key("bigint") => {
            let s = o["bigint"].as_str().ok_or_else(bad)?;
            ScalarValue::Int64(Some(s.parse().map_err(|_| bad())?))
        }
        // In the column's time zone, so the cast below keeps the instant.
        _ if is_temporal_or_null(ty) && date_ms.is_some() => {
            let tz = match ty {
                DataType::Timestamp(_, tz) => tz.clone(),
                _ => None,
            };
            ScalarValue::TimestampMillisecond(date_ms.map(|ms| ms as i64), tz)
        }
        J::Null => {
            return Err(LtseqError::InvalidArgument(
                "pivot: columnValues cannot contain null (NULL values of the columns column are skipped)".into(),
            ));
        }
        _ => return Err(bad()),
    };
    let out = raw.cast_to(ty).map_err(|_| bad())?;
    // A cast that loses information (300 into an int8 column) is a mismatch.
    if out.is_null() || (ty.is_integer() && out.cast_to(&raw.data_type()).ok().as_ref() != Some(&raw)) {
        return Err(bad());
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
