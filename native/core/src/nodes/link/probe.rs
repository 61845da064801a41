//! The per-batch work of a link: probe the key map, then assemble the output columns — source
//! columns as they are (filtered for an inner link), target columns gathered with `take`. Only the
//! output columns the plan reads are built (see `LinkExec`'s embedded projection), because `take`
//! over 10M rows is most of a link's cost.

use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, BooleanArray, RecordBatch, RecordBatchOptions, UInt32Array, new_null_array};
use datafusion::arrow::buffer::{BooleanBuffer, NullBuffer};
use datafusion::arrow::compute::{FilterBuilder, cast, take};
use datafusion::arrow::datatypes::{DataType, SchemaRef};
use datafusion::arrow::row::Rows;
use datafusion::arrow::util::display::array_value_to_string;
use datafusion::error::{DataFusionError, Result};
use datafusion::execution::memory_pool::MemoryReservation;

use super::LinkMode;
use super::keys::{KeyMap, MISS};
use crate::error::LtseqError;

/// What the physical node needs to know, resolved to column indices.
#[derive(Debug)]
pub struct Spec {
    pub mode: LinkMode,
    /// Prefix of the added target columns (pointer mode).
    pub alias: String,
    /// `link "prod"` / `semiJoin`, for messages.
    pub label: String,
    pub source_keys: Vec<usize>,
    pub target_keys: Vec<usize>,
    pub target_key_names: Vec<String>,
    /// Both sides' keys are cast to these before building or probing.
    pub key_types: Vec<DataType>,
    /// `prod (pid = id), pointer`, for explain.
    pub explain: String,
}

/// The collected target: its rows (one batch, so a probe result indexes it directly) and key map.
pub struct Built {
    pub target: RecordBatch,
    pub map: KeyMap,
    pub _reservation: MemoryReservation,
}

pub fn cast_keys(batch: &RecordBatch, idx: &[usize], types: &[DataType]) -> Result<Vec<ArrayRef>> {
    idx.iter()
        .zip(types)
        .map(|(&i, t)| {
            let c = batch.column(i);
            if c.data_type() == t { Ok(c.clone()) } else { Ok(cast(c, t)?) }
        })
        .collect()
}

/// `link "prod": target key id is not unique (value 7 occurs more than once); ...`
pub fn duplicate_error(spec: &Spec, keys: &[ArrayRef], row: usize) -> DataFusionError {
    let values: Vec<String> = keys.iter().map(|k| array_value_to_string(k, row).unwrap_or_else(|_| "?".into())).collect();
    let (names, value) = if keys.len() == 1 {
        (spec.target_key_names[0].clone(), values[0].clone())
    } else {
        (format!("({})", spec.target_key_names.join(", ")), format!("({})", values.join(", ")))
    };
    LtseqError::InvalidArgument(format!(
        "{}: target key {names} is not unique (value {value} occurs more than once); a link needs a unique key — use join() for one-to-many",
        spec.label
    ))
    .into()
}

/// Per output partition: the shared build plus this partition's reusable row-format buffer.
pub struct Prober {
    pub spec: Arc<Spec>,
    pub schema: SchemaRef,
    pub built: Arc<Built>,
    /// Output columns as indices into [source columns.., target columns..].
    pub columns: Arc<[usize]>,
    pub scratch: Option<Rows>,
}

impl Prober {
    pub fn probe(&mut self, batch: RecordBatch) -> Result<RecordBatch> {
        let keys = cast_keys(&batch, &self.spec.source_keys, &self.spec.key_types)?;
        let mut hits = self.built.map.probe(&keys, &mut self.scratch)?;
        let n = hits.len();
        let found = BooleanBuffer::collect_bool(n, |i| hits[i] != MISS);
        let misses = n - found.count_set_bits();
        let (keep, idx) = match self.spec.mode {
            LinkMode::Semi | LinkMode::Anti => {
                let keep = if self.spec.mode == LinkMode::Anti { !&found } else { found };
                (Some(keep), None)
            }
            LinkMode::Pointer { .. } if misses == 0 => (None, Some(UInt32Array::new(hits.into(), None))),
            LinkMode::Pointer { inner: true } => {
                hits.retain(|&h| h != MISS);
                (Some(found), Some(UInt32Array::new(hits.into(), None)))
            }
            LinkMode::Pointer { inner: false } => {
                // Misses become NULL indices; the placeholder 0 keeps `take` in bounds.
                for h in hits.iter_mut() {
                    if *h == MISS {
                        *h = 0;
                    }
                }
                (None, Some(UInt32Array::new(hits.into(), Some(NullBuffer::new(found)))))
            }
        };
        // Semi/anti keep what the mask says; an inner link keeps the rows that matched.
        let filter = keep.map(|k| FilterBuilder::new(&BooleanArray::new(k, None)).optimize().build());
        let rows = filter.as_ref().map_or(n, |f| f.count());
        let width = batch.num_columns();
        let target = &self.built.target;
        let mut cols = Vec::with_capacity(self.columns.len());
        for &c in self.columns.iter() {
            cols.push(if c < width {
                let col = batch.column(c);
                match &filter {
                    Some(f) => f.filter(col.as_ref())?,
                    None => col.clone(),
                }
            } else {
                let t = target.column(c - width);
                match &idx {
                    Some(_) if target.num_rows() == 0 => new_null_array(t.data_type(), rows),
                    Some(i) => take(t.as_ref(), i, None)?,
                    None => unreachable!("target columns exist only in pointer mode"),
                }
            });
        }
        Ok(RecordBatch::try_new_with_options(self.schema.clone(), cols, &RecordBatchOptions::new().with_row_count(Some(rows)))?)
    }
}
