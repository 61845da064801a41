//! The per-batch kernels of `SeqWindowExec`. Input arrives sorted so that each partition's rows
//! are consecutive; `starts[i]` says row `i` opens a new partition. State carries across batches,
//! so one pass over the data computes every operator (no sort, no hash split, no re-scan).

use std::collections::VecDeque;
use std::sync::Arc;

use datafusion::arrow::array::{
    Array, ArrayRef, AsArray, BooleanArray, BooleanBufferBuilder, Float64Array, Int64Array, PrimitiveArray, new_null_array,
};
use datafusion::arrow::compute::kernels::zip::zip;
use datafusion::arrow::compute::{concat, interleave, nullif};
use datafusion::arrow::datatypes::{ArrowPrimitiveType, DataType, Float64Type, Int64Type};
use datafusion::common::ScalarValue;
use datafusion::error::Result;

/// Aggregates of `rolling(w)` and the cumulative operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd)]
pub enum Agg {
    Sum,
    Mean,
    Min,
    Max,
    Count,
    Std,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd)]
pub enum Kind {
    /// The value `n` rows earlier in the partition (n ≥ 1), else `default` (NULL if none).
    Lag { n: usize, default: Option<ScalarValue> },
    /// The value `n` rows later in the partition (n ≥ 1), else `default` (NULL if none).
    Lead { n: usize, default: Option<ScalarValue> },
    /// Aggregate over the current row and up to `w - 1` earlier rows of the partition.
    Rolling { agg: Agg, w: usize },
    /// Running aggregate from the partition's first row (Sum, Min or Max).
    Cum { agg: Agg },
    /// 1, 2, 3, … within the partition (its column is ignored).
    RowNumber,
    /// 1, 2, 3, … over the whole input, never reset (its column is ignored).
    Position,
    /// Consecutive-run id: 1 for the first partition, +1 at every partition start — with the
    /// group key as the partition key this is `groupOrdered` (column ignored).
    RunId,
    /// Run id from a boolean column: a new run starts where it is true (and at the first row) —
    /// `groupWhen`.
    RunIdWhen,
    /// Whether the row opens a partition (column ignored): with the group key as the partition
    /// key, the rows that open a `groupOrdered` run. Boolean.
    StartsRun,
    /// Whether the row opens a `groupWhen` run: its flag column is true, or it is the first row.
    StartsRunWhen,
}

/// Result type of an operator on an input type (matches DataFusion's own window functions).
pub fn output_type(kind: &Kind, input: &DataType) -> DataType {
    match kind {
        Kind::Lag { .. } | Kind::Lead { .. } => input.clone(),
        Kind::Rolling { agg: Agg::Mean | Agg::Std, .. } => DataType::Float64,
        Kind::Rolling { agg: Agg::Count, .. } => DataType::Int64,
        Kind::Rolling { .. } | Kind::Cum { .. } => input.clone(),
        Kind::RowNumber | Kind::Position | Kind::RunId | Kind::RunIdWhen => DataType::Int64,
        Kind::StartsRun | Kind::StartsRunWhen => DataType::Boolean,
    }
}

/// Which operators the kernels implement for an input type; others stay DataFusion windows.
pub fn supports(kind: &Kind, input: &DataType) -> bool {
    match kind {
        Kind::Lag { .. } | Kind::Lead { .. } | Kind::RowNumber | Kind::Position | Kind::RunId | Kind::StartsRun => true,
        Kind::RunIdWhen | Kind::StartsRunWhen => matches!(input, DataType::Boolean),
        // mean/std/count read any number as float64; sum/min/max keep the type, so only these two.
        Kind::Rolling { agg: Agg::Mean | Agg::Std | Agg::Count, .. } => input.is_numeric(),
        Kind::Rolling { .. } | Kind::Cum { .. } => matches!(input, DataType::Int64 | DataType::Float64),
    }
}

/// Carried state of one operator.
pub enum State {
    /// Up to `n` last values of the current partition (oldest first).
    Lag { hist: Option<ArrayRef> },
    /// The current window's values (oldest first).
    Window { vals: VecDeque<Option<f64>>, ivals: VecDeque<Option<i64>> },
    Cum { f: Option<f64>, i: Option<i64> },
}

impl State {
    pub fn new(kind: &Kind) -> Self {
        match kind {
            Kind::Lag { .. } | Kind::Lead { .. } => State::Lag { hist: None },
            Kind::Rolling { .. } => State::Window { vals: VecDeque::new(), ivals: VecDeque::new() },
            Kind::Cum { .. } => State::Cum { f: None, i: None },
            Kind::RowNumber | Kind::Position | Kind::RunId | Kind::RunIdWhen | Kind::StartsRun | Kind::StartsRunWhen => {
                State::Cum { f: None, i: Some(0) }
            }
        }
    }
}

/// Computes one operator over a batch's column. `run` is the 1-based position of each row in its
/// partition (counting rows from earlier batches).
pub fn eval(kind: &Kind, state: &mut State, values: &ArrayRef, starts: &[bool], run: &[u64]) -> Result<ArrayRef> {
    match (kind, state) {
        (Kind::Lag { n, default }, State::Lag { hist }) => lag(*n, default, hist, values, run),
        (Kind::Rolling { agg, w }, State::Window { vals, ivals }) => match values.data_type() {
            DataType::Int64 if matches!(agg, Agg::Sum | Agg::Min | Agg::Max) => {
                Ok(Arc::new(rolling_int(*agg, *w, ivals, values.as_primitive::<Int64Type>(), starts)))
            }
            _ => rolling_float(*agg, *w, vals, &as_f64(values)?, starts, values.data_type()),
        },
        (Kind::Cum { agg }, State::Cum { f, i }) => match values.data_type() {
            DataType::Int64 => Ok(Arc::new(cum(*agg, i, values.as_primitive::<Int64Type>(), starts))),
            _ => Ok(Arc::new(cum(*agg, f, values.as_primitive::<Float64Type>(), starts))),
        },
        (Kind::RowNumber, _) => Ok(Arc::new(run.iter().map(|&r| r as i64).collect::<Int64Array>())),
        (Kind::StartsRun, _) => Ok(Arc::new(BooleanArray::from(starts.to_vec()))),
        (Kind::StartsRunWhen, State::Cum { i: seen, .. }) => {
            let f = values.as_boolean();
            // NULL counts as false (`values & validity`); the very first row always opens a run.
            let mut bits = match f.nulls() {
                Some(n) => f.values() & n.inner(),
                None => f.values().clone(),
            };
            if !bits.is_empty() {
                if *seen == Some(0) {
                    let mut b = BooleanBufferBuilder::new(bits.len());
                    b.append_buffer(&bits);
                    b.set_bit(0, true);
                    bits = b.finish();
                }
                *seen = Some(1);
            }
            Ok(Arc::new(BooleanArray::new(bits, None)))
        }
        (Kind::Position | Kind::RunId | Kind::RunIdWhen, State::Cum { i: counter, .. }) => {
            let c = counter.get_or_insert(0);
            let flags = match kind {
                Kind::RunIdWhen => Some(values.as_boolean()),
                _ => None,
            };
            let out: Int64Array = (0..values.len())
                .map(|k| {
                    let step = match kind {
                        Kind::Position => true,
                        Kind::RunId => starts[k],
                        // NULL counts as false; the very first row always opens a run.
                        _ => *c == 0 || flags.is_some_and(|f| f.is_valid(k) && f.value(k)),
                    };
                    if step {
                        *c += 1;
                    }
                    Some(*c)
                })
                .collect();
            Ok(Arc::new(out))
        }
        _ => unreachable!("state matches kind"),
    }
}

fn as_f64(values: &ArrayRef) -> Result<Float64Array> {
    Ok(datafusion::arrow::compute::cast(values, &DataType::Float64)?.as_primitive::<Float64Type>().clone())
}

/// LEAD: row `i + n` of [this piece, the rows after it] when no partition starts in between
/// (`next_start[i]` is the first start after row `i`, or the end of readable rows).
pub fn lead(n: usize, default: &Option<ScalarValue>, values: &ArrayRef, follow: &ArrayRef, next_start: &[usize]) -> Result<ArrayRef> {
    let dt = values.data_type();
    let edge = match default {
        Some(d) => d.cast_to(dt)?.to_array_of_size(1)?,
        None => new_null_array(dt, 1),
    };
    let m = values.len();
    let idx: Vec<(usize, usize)> = (0..m)
        .map(|i| {
            let t = i + n;
            if t < next_start[i] {
                if t < m { (0, t) } else { (1, t - m) }
            } else {
                (2, 0)
            }
        })
        .collect();
    Ok(interleave(&[values.as_ref(), follow.as_ref(), edge.as_ref()], &idx)?)
}

/// LAG: this batch shifted down by `n` behind the `n` rows before it (the carried history,
/// NULL-padded), one contiguous copy per batch; rows within `n` of their partition's start get
/// the default (NULL if none). Works for any type.
fn lag(n: usize, default: &Option<ScalarValue>, hist: &mut Option<ArrayRef>, values: &ArrayRef, run: &[u64]) -> Result<ArrayRef> {
    let dt = values.data_type();
    let m = values.len();
    let h = hist.take().unwrap_or_else(|| new_null_array(dt, 0));
    let hl = h.len();
    // `prefix` holds rows -n..-1 relative to this batch, so row i - n sits at index i.
    let pad = new_null_array(dt, n - hl);
    let body = values.slice(0, m.saturating_sub(n));
    let mut shifted = concat(&[pad.as_ref(), h.as_ref(), body.as_ref()])?;
    if shifted.len() > m {
        shifted = shifted.slice(0, m);
    }
    let out = if run.iter().any(|&r| r as usize <= n) {
        let edge = BooleanArray::from_iter(run.iter().map(|&r| Some(r as usize <= n)));
        match default {
            None => nullif(&shifted, &edge)?,
            Some(d) => zip(&edge, &d.cast_to(dt)?.to_scalar()?, &shifted)?,
        }
    } else {
        shifted
    };
    // Keep the last n rows of the current (last) partition for the next batch.
    let keep = (run.last().copied().unwrap_or(0) as usize).min(n);
    *hist = Some(if keep <= m {
        values.slice(m - keep, keep)
    } else {
        let from_hist = keep - m;
        concat(&[h.slice(hl - from_hist, from_hist).as_ref(), values.as_ref()])?
    });
    Ok(out)
}

fn rolling_float(
    agg: Agg,
    w: usize,
    win: &mut VecDeque<Option<f64>>,
    values: &Float64Array,
    starts: &[bool],
    input_type: &DataType,
) -> Result<ArrayRef> {
    let mut out: Vec<Option<f64>> = Vec::with_capacity(values.len());
    for (i, v) in values.iter().enumerate() {
        if starts[i] {
            win.clear();
        }
        win.push_back(v);
        if win.len() > w {
            win.pop_front();
        }
        out.push(aggregate(agg, win.iter().flatten().copied()));
    }
    let arr: ArrayRef = Arc::new(Float64Array::from(out));
    Ok(match (agg, input_type) {
        (Agg::Count, _) => datafusion::arrow::compute::cast(&arr, &DataType::Int64)?,
        (Agg::Mean | Agg::Std, _) => arr,
        (_, t) => datafusion::arrow::compute::cast(&arr, t)?,
    })
}

/// SQL aggregate semantics over the non-NULL values: NULL when there are none (count: 0).
fn aggregate(agg: Agg, vals: impl Iterator<Item = f64> + Clone) -> Option<f64> {
    let n = vals.clone().count();
    if agg == Agg::Count {
        return Some(n as f64);
    }
    if n == 0 {
        return None;
    }
    match agg {
        Agg::Sum => Some(vals.sum()),
        Agg::Mean => Some(vals.sum::<f64>() / n as f64),
        Agg::Min => vals.reduce(f64::min),
        Agg::Max => vals.reduce(f64::max),
        Agg::Std => {
            if n < 2 {
                return None;
            }
            let mean = vals.clone().sum::<f64>() / n as f64;
            Some((vals.map(|x| (x - mean) * (x - mean)).sum::<f64>() / (n - 1) as f64).sqrt())
        }
        Agg::Count => unreachable!(),
    }
}

fn rolling_int(agg: Agg, w: usize, win: &mut VecDeque<Option<i64>>, values: &Int64Array, starts: &[bool]) -> Int64Array {
    values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            if starts[i] {
                win.clear();
            }
            win.push_back(v);
            if win.len() > w {
                win.pop_front();
            }
            let it = win.iter().flatten().copied();
            match agg {
                Agg::Sum => it.reduce(|a, b| a.wrapping_add(b)),
                Agg::Min => it.min(),
                _ => it.max(),
            }
        })
        .collect()
}

/// Running sum/min/max that resets at each partition start and skips NULLs.
fn cum<T: ArrowPrimitiveType>(agg: Agg, acc: &mut Option<T::Native>, values: &PrimitiveArray<T>, starts: &[bool]) -> PrimitiveArray<T>
where
    T::Native: PartialOrd + std::ops::Add<Output = T::Native>,
{
    values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            if starts[i] {
                *acc = None;
            }
            if let Some(x) = v {
                *acc = Some(match (*acc, agg) {
                    (None, _) => x,
                    (Some(a), Agg::Sum) => a + x,
                    (Some(a), Agg::Min) => if x < a { x } else { a },
                    (Some(a), _) => if x > a { x } else { a },
                });
            }
            *acc
        })
        .collect()
}
