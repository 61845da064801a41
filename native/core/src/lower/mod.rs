//! Lowering of expression trees (`tree::Expr`) to DataFusion `Expr`s against an input schema.
//!
//! TypeScript semantics win where SQL differs (see API.md §4): `/` is true division, `+` on a
//! string concatenates, `x === null` is IS NULL. Types are checked here, before DataFusion sees
//! the expression, so errors name the column and say what to write instead.

mod functions;
mod types;
pub mod window;

pub use functions::function_names;
pub use types::{arrow_type_of_name, type_name};

use datafusion::arrow::datatypes::{DataType, TimeUnit};
use datafusion::common::{Column, DFSchema, ScalarValue};
use datafusion::logical_expr::{ExprSchemable, Operator, binary_expr, cast, lit, when};

use crate::error::{LtseqError, Result, column_not_found};
use crate::tree::{BinaryOp, Expr, LitType, LitValue, SortKey, UnaryOp};
use types::{is_numeric, is_string, is_temporal};

pub type DfExpr = datafusion::logical_expr::Expr;

/// Lowers trees against one input schema.
pub struct Lowerer<'a> {
    pub schema: &'a DFSchema,
}

impl<'a> Lowerer<'a> {
    pub fn new(schema: &'a DFSchema) -> Self {
        Self { schema }
    }

    pub fn lower(&self, e: &Expr) -> Result<DfExpr> {
        match e {
            Expr::Col { name } => self.column(name),
            Expr::Lit { value, ty } => literal(value, *ty),
            Expr::Unary { op, arg } => {
                let a = self.lower(arg)?;
                match op {
                    UnaryOp::Neg => {
                        self.expect(&a, "unary -", "a number", is_numeric_or_null)?;
                        Ok(DfExpr::Negative(Box::new(a)))
                    }
                    UnaryOp::Not => {
                        self.expect(&a, "!", "a boolean", is_bool_or_null)?;
                        Ok(DfExpr::Not(Box::new(a)))
                    }
                }
            }
            Expr::Binary { op, left, right } => self.binary(*op, left, right),
            Expr::Cond { test, then, otherwise } => {
                let t = self.lower(test)?;
                self.expect(&t, "the condition of ?:", "a boolean", is_bool_or_null)?;
                Ok(when(t, self.lower(then)?).otherwise(self.lower(otherwise)?)?)
            }
            Expr::Call { func, args } => functions::lower_call(self, func, args),
            Expr::Window { func, .. } => Err(LtseqError::Execution(format!(
                "internal: sequence operator {func}() reached scalar lowering unstaged"
            ))),
            Expr::Agg { func, .. } => Err(LtseqError::InvalidArgument(format!(
                "the group expression {func}() can only be used in a group lambda (NestedTable filter/derive/agg, groupBy().agg, agg)"
            ))),
        }
    }

    pub fn column(&self, name: &str) -> Result<DfExpr> {
        match self.schema.qualified_field_with_unqualified_name(name) {
            Ok((q, f)) => Ok(DfExpr::Column(Column::new(q.cloned(), f.name()))),
            Err(_) => Err(column_not_found(
                name,
                self.schema.fields().iter().map(|f| f.name().clone()),
            )),
        }
    }

    /// Sort keys as DataFusion sort expressions: NULLs last ascending, first descending (API.md §5).
    pub fn sort_exprs(&self, keys: &[SortKey]) -> Result<Vec<datafusion::logical_expr::SortExpr>> {
        keys.iter().map(|k| Ok(self.lower(&k.expr)?.sort(!k.desc, k.desc))).collect()
    }

    pub fn type_of(&self, e: &DfExpr) -> Result<DataType> {
        Ok(e.get_type(self.schema)?)
    }

    /// Checks the type of an operand; the error names the column (or says "expression").
    pub fn expect(
        &self,
        e: &DfExpr,
        what: &str,
        wanted: &str,
        ok: fn(&DataType) -> bool,
    ) -> Result<DataType> {
        let t = self.type_of(e)?;
        if ok(&t) {
            Ok(t)
        } else {
            Err(LtseqError::TypeMismatch(format!(
                "{what} needs {wanted}, but {} is {}",
                describe(e),
                type_name(&t)
            )))
        }
    }

    fn binary(&self, op: BinaryOp, left: &Expr, right: &Expr) -> Result<DfExpr> {
        let l = self.lower(left)?;
        let r = self.lower(right)?;
        let (lt, rt) = (self.type_of(&l)?, self.type_of(&r)?);
        let sym = op_symbol(op);
        let df_op = match op {
            BinaryOp::Add if is_string(&lt) || is_string(&rt) => {
                // JS: `"a" + 1` is "a1". NULL propagates (SQL `||`).
                return Ok(binary_expr(to_utf8(l, &lt), Operator::StringConcat, to_utf8(r, &rt)));
            }
            BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Rem => {
                let temporal_ok = matches!(op, BinaryOp::Sub) && is_temporal(&lt) && is_temporal(&rt);
                if !temporal_ok {
                    self.expect(&l, sym, "numbers", is_numeric_or_null)?;
                    self.expect(&r, sym, "numbers", is_numeric_or_null)?;
                }
                if temporal_ok {
                    // Date arithmetic in JS is on epoch ms: `a - b` is milliseconds.
                    return Ok(binary_expr(epoch_ms(l, &lt), Operator::Minus, epoch_ms(r, &rt)));
                }
                match op {
                    BinaryOp::Add => Operator::Plus,
                    BinaryOp::Sub => Operator::Minus,
                    BinaryOp::Mul => Operator::Multiply,
                    _ => Operator::Modulo,
                }
            }
            BinaryOp::Div => {
                self.expect(&l, sym, "numbers", is_numeric_or_null)?;
                self.expect(&r, sym, "numbers", is_numeric_or_null)?;
                // True division, as in TypeScript: 7 / 2 === 3.5 even on int64 columns.
                return Ok(binary_expr(
                    cast(l, DataType::Float64),
                    Operator::Divide,
                    cast(r, DataType::Float64),
                ));
            }
            BinaryOp::Eq | BinaryOp::NotEq | BinaryOp::Lt | BinaryOp::LtEq | BinaryOp::Gt | BinaryOp::GtEq => {
                if !comparable(&lt, &rt) {
                    return Err(LtseqError::TypeMismatch(format!(
                        "cannot compare {} ({}) with {} ({}) using {sym}; cast one side with .cast(\"...\") first",
                        describe(&l), type_name(&lt), describe(&r), type_name(&rt)
                    )));
                }
                match op {
                    BinaryOp::Eq => Operator::Eq,
                    BinaryOp::NotEq => Operator::NotEq,
                    BinaryOp::Lt => Operator::Lt,
                    BinaryOp::LtEq => Operator::LtEq,
                    BinaryOp::Gt => Operator::Gt,
                    _ => Operator::GtEq,
                }
            }
            BinaryOp::And | BinaryOp::Or => {
                self.expect(&l, sym, "booleans", is_bool_or_null)?;
                self.expect(&r, sym, "booleans", is_bool_or_null)?;
                if op == BinaryOp::And { Operator::And } else { Operator::Or }
            }
        };
        Ok(binary_expr(l, df_op, r))
    }
}

fn op_symbol(op: BinaryOp) -> &'static str {
    match op {
        BinaryOp::Add => "+", BinaryOp::Sub => "-", BinaryOp::Mul => "*", BinaryOp::Div => "/",
        BinaryOp::Rem => "%", BinaryOp::Eq => "===", BinaryOp::NotEq => "!==", BinaryOp::Lt => "<",
        BinaryOp::LtEq => "<=", BinaryOp::Gt => ">", BinaryOp::GtEq => ">=", BinaryOp::And => "&&",
        BinaryOp::Or => "||",
    }
}

/// "column \"age\"" for a column, "a literal" or "an expression" otherwise.
pub fn describe(e: &DfExpr) -> String {
    match e {
        DfExpr::Column(c) => format!("column \"{}\"", c.name),
        DfExpr::Literal(v, _) => format!("the literal {v}"),
        DfExpr::Cast(c) => describe(&c.expr),
        _ => "an expression".to_string(),
    }
}

pub fn is_numeric_or_null(t: &DataType) -> bool {
    is_numeric(t) || t.is_null()
}
pub fn is_bool_or_null(t: &DataType) -> bool {
    matches!(t, DataType::Boolean | DataType::Null)
}
pub fn is_string_or_null(t: &DataType) -> bool {
    is_string(t) || t.is_null()
}
pub fn is_temporal_or_null(t: &DataType) -> bool {
    is_temporal(t) || t.is_null()
}

fn comparable(a: &DataType, b: &DataType) -> bool {
    a.is_null() || b.is_null()
        || (is_numeric(a) && is_numeric(b))
        || (is_string(a) && is_string(b))
        || (is_temporal(a) && is_temporal(b))
        || a == b
}

pub fn to_utf8(e: DfExpr, t: &DataType) -> DfExpr {
    if is_string(t) { e } else { cast(e, DataType::Utf8) }
}

/// Epoch milliseconds of a date or timestamp, as int64 (JS `getTime()`).
pub fn epoch_ms(e: DfExpr, t: &DataType) -> DfExpr {
    let ms = match t {
        DataType::Timestamp(TimeUnit::Millisecond, _) => e,
        _ => cast(e, DataType::Timestamp(TimeUnit::Millisecond, None)),
    };
    cast(ms, DataType::Int64)
}

fn literal(value: &LitValue, ty: Option<LitType>) -> Result<DfExpr> {
    let bad = |why: &str| LtseqError::InvalidArgument(format!("invalid literal {value:?}: {why}"));
    let sv = match (ty, value) {
        (_, LitValue::Null) => ScalarValue::Null,
        (Some(LitType::Int64), LitValue::Str(s)) => {
            ScalarValue::Int64(Some(s.parse::<i64>().map_err(|_| bad("not an int64"))?))
        }
        (Some(LitType::Float64), LitValue::Int(i)) => ScalarValue::Float64(Some(*i as f64)),
        (Some(LitType::Timestamp), LitValue::Int(ms)) => ScalarValue::TimestampMillisecond(Some(*ms), None),
        (Some(LitType::Timestamp), LitValue::Float(ms)) => {
            ScalarValue::TimestampMillisecond(Some(*ms as i64), None)
        }
        (Some(LitType::Date32), LitValue::Int(days)) => ScalarValue::Date32(Some(*days as i32)),
        (None | Some(LitType::Int64), LitValue::Int(i)) => ScalarValue::Int64(Some(*i)),
        (None | Some(LitType::Float64), LitValue::Float(f)) => ScalarValue::Float64(Some(*f)),
        (None | Some(LitType::Utf8), LitValue::Str(s)) => ScalarValue::Utf8(Some(s.clone())),
        (None | Some(LitType::Bool), LitValue::Bool(b)) => ScalarValue::Boolean(Some(*b)),
        (Some(t), _) => return Err(bad(&format!("does not match its type {t:?}"))),
    };
    Ok(lit(sv))
}

#[cfg(test)]
mod tests;
