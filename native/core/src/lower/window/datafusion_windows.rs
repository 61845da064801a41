//! One window node → a DataFusion window expression (the general path: LEAD/LAG, ranking,
//! rolling and cumulative aggregates the kernel does not take).

use datafusion::arrow::datatypes::DataType;
use datafusion::common::ScalarValue;
use datafusion::functions_aggregate::{average, count, min_max, stddev, sum};
use datafusion::functions_window::expr_fn::{dense_rank, lag, lead, ntile, rank, row_number};
use datafusion::logical_expr::expr::WindowFunction;
use datafusion::logical_expr::{Expr as DfExpr, ExprFunctionExt, WindowFrame, WindowFrameBound, WindowFrameUnits, lit};

use super::{int_arg, sort_required};
use crate::error::{LtseqError, Result};
use crate::lower::{Lowerer, is_numeric_or_null};
use crate::tree::{Expr, LitValue, SortKey};


/// A `shift` default must be of the column's kind (a number for numbers, a string for strings...):
/// DataFusion would happily cast `0` to `"0"`.
fn check_default(l: &Lowerer, value: &LitValue, ty: Option<crate::tree::LitType>, column: &DataType) -> Result<()> {
    if matches!(value, LitValue::Null) {
        return Ok(());
    }
    let lit_type = l.type_of(&l.lower(&Expr::Lit { value: value.clone(), ty })?)?;
    let kind = |t: &DataType| {
        if t.is_numeric() {
            "number"
        } else if crate::lower::types::is_string(t) {
            "string"
        } else if crate::lower::types::is_temporal(t) {
            "date"
        } else if matches!(t, DataType::Boolean) {
            "boolean"
        } else {
            "other"
        }
    };
    if kind(&lit_type) != kind(column) {
        return Err(LtseqError::TypeMismatch(format!(
            "shift default {value:?} is a {} but the column is {}; give a default of the column's type",
            kind(&lit_type),
            crate::lower::type_name(column)
        )));
    }
    Ok(())
}

fn frame(preceding: Option<u64>) -> WindowFrame {
    WindowFrame::new_bounds(
        WindowFrameUnits::Rows,
        WindowFrameBound::Preceding(ScalarValue::UInt64(preceding)),
        WindowFrameBound::CurrentRow,
    )
}

/// One window node (whose arguments hold no windows) → a DataFusion window expression.
pub(super) fn lower_window(l: &Lowerer, w: &Expr, declared: &[SortKey]) -> Result<DfExpr> {
    let Expr::Window { func, args, partition_by, order_by, default } = w else { unreachable!() };
    let keys = if order_by.is_empty() { declared } else { order_by.as_slice() };
    if keys.is_empty() {
        return Err(sort_required(func));
    }
    let order = l.sort_exprs(keys)?;
    let partition = partition_by.iter().map(|p| l.lower(p)).collect::<Result<Vec<_>>>()?;
    let x = || l.lower(&args[0]);
    let numeric = |what: &str| -> Result<DfExpr> {
        let e = x()?;
        l.expect(&e, what, "a number", is_numeric_or_null)?;
        Ok(e)
    };
    let (base, window_frame): (DfExpr, Option<WindowFrame>) = match func.as_str() {
        "shift" => {
            let n = int_arg(args, 1, func)?;
            let e = x()?;
            let d = match default.as_deref() {
                None => None,
                Some(Expr::Lit { value, ty }) => {
                    let t: DataType = l.type_of(&e)?;
                    check_default(l, value, *ty, &t)?;
                    let DfExpr::Literal(v, _) = l.lower(&Expr::Lit { value: value.clone(), ty: *ty })? else { unreachable!() };
                    Some(v.cast_to(&t).map_err(|_| {
                        LtseqError::TypeMismatch(format!("shift default {v} does not fit the column's type {}", crate::lower::type_name(&t)))
                    })?)
                }
                Some(_) => {
                    return Err(LtseqError::InvalidArgument(
                        "shift(n, { default }) takes a literal default value, e.g. { default: 0 }".into(),
                    ));
                }
            };
            (if n > 0 { lag(e, Some(n), d) } else { lead(e, Some(-n), d) }, None)
        }
        "cumSum" | "cumMax" | "cumMin" => {
            let e = numeric(&format!(".{func}()"))?;
            let udaf = match func.as_str() {
                "cumSum" => sum::sum_udaf(),
                "cumMax" => min_max::max_udaf(),
                _ => min_max::min_udaf(),
            };
            (DfExpr::from(WindowFunction::new(udaf, vec![e])), Some(frame(None)))
        }
        f if f.starts_with("rolling.") => {
            let w = int_arg(args, 1, func)?;
            if w < 1 {
                return Err(LtseqError::InvalidArgument(format!("rolling({w}): the window must be at least 1 row")));
            }
            let agg = &f["rolling.".len()..];
            let e = if agg == "count" { x()? } else { numeric(&format!(".rolling({w}).{agg}()"))? };
            let udaf = match agg {
                "mean" => average::avg_udaf(),
                "sum" => sum::sum_udaf(),
                "min" => min_max::min_udaf(),
                "max" => min_max::max_udaf(),
                "count" => count::count_udaf(),
                "std" => stddev::stddev_udaf(),
                other => return Err(LtseqError::InvalidArgument(format!("unknown rolling aggregate {other:?}"))),
            };
            (DfExpr::from(WindowFunction::new(udaf, vec![e])), Some(frame(Some((w - 1) as u64))))
        }
        "rowNumber" => (row_number(), None),
        "rank" => (rank(), None),
        "denseRank" => (dense_rank(), None),
        "ntile" => {
            let b = int_arg(args, 0, func)?;
            if b < 1 {
                return Err(LtseqError::InvalidArgument(format!("ntile({b}): needs at least 1 bucket")));
            }
            (ntile(lit(b)), None)
        }
        other => return Err(LtseqError::InvalidArgument(format!("unknown sequence operator {other:?}"))),
    };
    let mut b = base.partition_by(partition).order_by(order);
    if let Some(f) = window_frame {
        b = b.window_frame(f);
    }
    Ok(b.build()?)
}
