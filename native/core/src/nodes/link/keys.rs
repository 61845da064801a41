//! The target side of a link as a lookup: key → target row index, built once per execution.
//!
//! Three shapes, chosen from the key's type and values, because the probe runs once per source row
//! (10M orders against 100k products) and is the whole cost of a link:
//! - `Dense`: one integer key whose values span a small range (ids 1..n) — a direct-address table,
//!   no hashing at all;
//! - `Int`: one integer key, sparse values — a hash map on i64;
//! - `Rows`: anything else (composite keys, strings, dates, decimals) — the keys are encoded with
//!   Arrow's row format, whose bytes compare equal exactly when the values do.
//!
//! A row with a NULL in any key column is never inserted and never matches.

use datafusion::arrow::array::{Array, ArrayRef, AsArray};
use datafusion::arrow::buffer::NullBuffer;
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Int64Type};
use datafusion::arrow::row::{RowConverter, Rows, SortField};
use datafusion::common::HashMap;
use datafusion::common::hash_map::Entry;
use datafusion::error::{DataFusionError, Result};

/// "No matching target row" in a probe result.
pub const MISS: u32 = u32::MAX;

pub enum KeyMap {
    Dense { min: i64, slots: Vec<u32> },
    Int(HashMap<i64, u32>),
    Rows { converter: RowConverter, map: HashMap<Box<[u8]>, u32> },
}

/// Integer types that fit an i64 exactly, so the integer paths can use one representation.
pub fn is_int_key(types: &[DataType]) -> bool {
    use DataType::*;
    matches!(types, [Int8 | Int16 | Int32 | Int64 | UInt8 | UInt16 | UInt32])
}

/// Null in any key column → the row cannot match.
fn key_nulls(keys: &[ArrayRef]) -> Option<NullBuffer> {
    keys.iter().fold(None, |acc, k| NullBuffer::union(acc.as_ref(), k.logical_nulls().as_ref()))
}

impl KeyMap {
    /// `keys` are the target's key columns, already cast to the common key types. With `on_duplicate`
    /// a repeated key fails (its argument is the row of the second occurrence); without it, the
    /// first occurrence wins (a set, for semi/anti joins).
    pub fn build(keys: &[ArrayRef], on_duplicate: Option<&dyn Fn(usize) -> DataFusionError>) -> Result<Self> {
        let n = keys.first().map_or(0, |k| k.len());
        if n >= MISS as usize {
            return Err(DataFusionError::Execution(format!("link target has {n} rows; at most {} are supported", MISS - 1)));
        }
        let types: Vec<DataType> = keys.iter().map(|k| k.data_type().clone()).collect();
        let nulls = key_nulls(keys);
        let valid = |i: usize| nulls.as_ref().is_none_or(|nb| nb.is_valid(i));
        // A later occurrence of a key: an error for a link, ignored (first one kept) for a set.
        let dup = |i: usize| on_duplicate.map_or(Ok(()), |f| Err(f(i)));
        if is_int_key(&types) {
            let a = cast(&keys[0], &DataType::Int64)?;
            let a = a.as_primitive::<Int64Type>();
            let values = a.values();
            let (mut lo, mut hi, mut count) = (i64::MAX, i64::MIN, 0usize);
            for i in (0..n).filter(|&i| valid(i)) {
                lo = lo.min(values[i]);
                hi = hi.max(values[i]);
                count += 1;
            }
            let range = if count == 0 { 0 } else { (hi as i128 - lo as i128 + 1) as u128 };
            // Dense when the table is at most ~4x the row count (and bounded): ids 1..n qualify.
            if range <= (4 * count as u128 + 1024).min(1 << 27) {
                let mut slots = vec![MISS; range as usize];
                for i in (0..n).filter(|&i| valid(i)) {
                    let s = &mut slots[(values[i] - lo) as usize];
                    if *s == MISS {
                        *s = i as u32;
                    } else {
                        dup(i)?;
                    }
                }
                return Ok(KeyMap::Dense { min: lo, slots });
            }
            let mut map = HashMap::with_capacity(count);
            for i in (0..n).filter(|&i| valid(i)) {
                match map.entry(values[i]) {
                    Entry::Vacant(v) => {
                        v.insert(i as u32);
                    }
                    Entry::Occupied(_) => dup(i)?,
                }
            }
            return Ok(KeyMap::Int(map));
        }
        let converter = RowConverter::new(types.into_iter().map(SortField::new).collect())?;
        let rows = converter.convert_columns(keys)?;
        let mut map: HashMap<Box<[u8]>, u32> = HashMap::with_capacity(n);
        for i in (0..n).filter(|&i| valid(i)) {
            let bytes = rows.row(i);
            if map.contains_key(bytes.as_ref()) {
                dup(i)?;
            } else {
                map.insert(bytes.as_ref().into(), i as u32);
            }
        }
        Ok(KeyMap::Rows { converter, map })
    }

    /// The matching target row for every source row (`MISS` when none). `keys` are the source's key
    /// columns cast to the common key types; `scratch` keeps the row-format buffer between batches.
    pub fn probe(&self, keys: &[ArrayRef], scratch: &mut Option<Rows>) -> Result<Vec<u32>> {
        let n = keys.first().map_or(0, |k| k.len());
        let nulls = key_nulls(keys);
        match self {
            KeyMap::Dense { min, slots } => {
                let get = |k: i64| slots.get(k.wrapping_sub(*min) as u64 as usize).copied().unwrap_or(MISS);
                probe_ints(&keys[0], nulls.as_ref(), get)
            }
            KeyMap::Int(map) => probe_ints(&keys[0], nulls.as_ref(), |k| map.get(&k).copied().unwrap_or(MISS)),
            KeyMap::Rows { converter, map } => {
                let rows = scratch.get_or_insert_with(|| converter.empty_rows(n, 0));
                rows.clear();
                converter.append(rows, keys)?;
                let get = |i: usize| map.get(rows.row(i).as_ref()).copied().unwrap_or(MISS);
                Ok(match &nulls {
                    None => (0..n).map(get).collect(),
                    Some(nb) => (0..n).map(|i| if nb.is_valid(i) { get(i) } else { MISS }).collect(),
                })
            }
        }
    }
}

/// The integer probe loop, without a null check when the batch has no NULL keys.
fn probe_ints(key: &ArrayRef, nulls: Option<&NullBuffer>, get: impl Fn(i64) -> u32) -> Result<Vec<u32>> {
    let a = cast(key, &DataType::Int64)?;
    let values = a.as_primitive::<Int64Type>().values();
    Ok(match nulls {
        None => values.iter().map(|&k| get(k)).collect(),
        Some(nb) => values.iter().zip(nb.iter()).map(|(&k, ok)| if ok { get(k) } else { MISS }).collect(),
    })
}
