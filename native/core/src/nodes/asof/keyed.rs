//! Key preparation, once per batch and vectorised, so the merge loop compares plain integers.
//!
//! - `by` keys: a sorted batch is a sequence of runs of equal keys (arrow's `partition`, a
//!   vectorised compare of neighbouring rows). Only each run's first row is row-encoded (arrow's
//!   `RowConverter`, after casting to the common key types), so comparing groups across the two
//!   sides is one `memcmp` per run, not per row.
//! - time: cast to the common type, then mapped to a `u64` whose order is the sort order. Integers,
//!   dates and timestamps become `value + 2^63` (so key differences are exact value differences,
//!   which nearest uses), unsigned integers stay as they are, floats take the IEEE total order
//!   (the order DataFusion sorts them in). Float values are kept for nearest distances.

use datafusion::arrow::array::{Array, ArrayRef, AsArray, RecordBatch, UInt32Array};
use datafusion::arrow::buffer::{NullBuffer, ScalarBuffer};
use datafusion::arrow::compute::{CastOptions, SortOptions, cast_with_options, partition, take};
use datafusion::arrow::datatypes::{DataType, Float64Type, Int64Type, UInt64Type};
use datafusion::arrow::row::{RowConverter, Rows, SortField};
use datafusion::error::Result;

const SIGN: u64 = 1 << 63;

/// The keys of one batch.
pub(super) struct Keyed {
    /// Run boundaries: run `k` is rows `runs[k]..runs[k + 1]`, all with equal `by` keys.
    pub runs: Vec<usize>,
    /// The `by` key of each run, row-encoded; `None` without `by` (one run per batch).
    pub run_keys: Option<Rows>,
    /// Order-preserving time keys.
    pub times: Vec<u64>,
    /// Float time values, when nearest needs distances between floats.
    pub floats: Option<ScalarBuffer<f64>>,
}

/// How one side's keys become `Keyed`: the columns, the common types, the `by` encoder.
pub(super) struct KeyPrep {
    by: Vec<usize>,
    time: usize,
    by_types: Vec<DataType>,
    time_type: DataType,
    by_conv: Option<RowConverter>,
    want_floats: bool,
}

impl KeyPrep {
    /// `cols`: by..., time (input column indices); `types`: the common types, same order.
    pub fn new(cols: &[usize], types: &[DataType], nearest: bool) -> Result<Self> {
        let (time, by) = cols.split_last().expect("a time key");
        let (time_type, by_types) = types.split_last().expect("a time key");
        let opts = SortOptions { descending: false, nulls_first: false };
        let by_conv = if by.is_empty() {
            None
        } else {
            Some(RowConverter::new(by_types.iter().map(|t| SortField::new_with_options(t.clone(), opts)).collect())?)
        };
        Ok(Self {
            by: by.to_vec(),
            time: *time,
            by_types: by_types.to_vec(),
            time_type: time_type.clone(),
            by_conv,
            want_floats: nearest && time_type.is_floating(),
        })
    }

    /// Rows whose keys are all non-NULL (`None`: every row).
    pub fn valid(&self, batch: &RecordBatch) -> Option<NullBuffer> {
        let mut valid: Option<NullBuffer> = None;
        for &i in self.by.iter().chain([&self.time]) {
            valid = NullBuffer::union(valid.as_ref(), batch.column(i).logical_nulls().as_ref());
        }
        valid.filter(|v| v.null_count() > 0)
    }

    pub fn keyed(&self, batch: &RecordBatch) -> Result<Keyed> {
        let n = batch.num_rows();
        let (runs, run_keys) = match &self.by_conv {
            None => (vec![0, n], None),
            Some(conv) => {
                let by: Vec<ArrayRef> = self.by.iter().map(|&i| batch.column(i).clone()).collect();
                let mut runs: Vec<usize> = partition(&by)?.ranges().into_iter().map(|r| r.start).collect();
                let starts = UInt32Array::from_iter_values(runs.iter().map(|&s| s as u32));
                runs.push(n);
                let firsts = by
                    .iter()
                    .zip(&self.by_types)
                    .map(|(c, t)| common(&take(c.as_ref(), &starts, None)?, t))
                    .collect::<Result<Vec<_>>>()?;
                (runs, Some(conv.convert_columns(&firsts)?))
            }
        };
        let time = common(batch.column(self.time), &self.time_type)?;
        let times: Vec<u64> = match &self.time_type {
            t if t.is_floating() => {
                let f = common(&time, &DataType::Float64)?;
                f.as_primitive::<Float64Type>().values().iter().map(|&v| float_key(v)).collect()
            }
            t if t.is_unsigned_integer() => common(&time, &DataType::UInt64)?.as_primitive::<UInt64Type>().values().to_vec(),
            _ => common(&time, &DataType::Int64)?.as_primitive::<Int64Type>().values().iter().map(|&v| (v as u64) ^ SIGN).collect(),
        };
        let floats = if self.want_floats {
            Some(common(&time, &DataType::Float64)?.as_primitive::<Float64Type>().values().clone())
        } else {
            None
        };
        Ok(Keyed { runs, run_keys, times, floats })
    }
}

/// A cast that fails instead of turning values it cannot represent into NULLs.
fn common(c: &ArrayRef, t: &DataType) -> Result<ArrayRef> {
    if c.data_type() == t {
        return Ok(c.clone());
    }
    Ok(cast_with_options(c, t, &CastOptions { safe: false, ..Default::default() })?)
}

/// `f64::total_cmp`'s order as an unsigned integer.
fn float_key(v: f64) -> u64 {
    let b = v.to_bits() as i64;
    let t = b ^ ((((b >> 63) as u64) >> 1) as i64);
    (t as u64) ^ SIGN
}

#[cfg(test)]
mod tests {
    #[test]
    fn float_keys_follow_total_order() {
        let v = [f64::NEG_INFINITY, -2.5, -0.0, 0.0, 1e-300, 3.0, f64::INFINITY, f64::NAN];
        let k: Vec<u64> = v.iter().map(|&x| super::float_key(x)).collect();
        assert!(k.windows(2).all(|w| w[0] < w[1]), "{k:?}");
    }
}
