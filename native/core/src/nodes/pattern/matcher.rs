//! The matching state machine of `PatternSearchExec`, independent of the stream plumbing so it can
//! be tested on literal batches.
//!
//! Row `i` matches when step `k` holds at row `i + k` for every step and no partition starts in
//! `(i, i + n - 1]`. Steps are evaluated once per row as bitmaps; the match mask is then a handful
//! of bitwise ANDs of those bitmaps shifted by `k` (no per-row loop). The last `n - 1` rows of a
//! batch cannot be decided until the next batch arrives, so they are *carried*: their row data (a
//! zero-copy slice), their step bits and partition-start bits. At the end of the input, carried
//! rows cannot match (their look-ahead runs off the data).

use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, AsArray, BooleanArray, BooleanBufferBuilder, RecordBatch, RecordBatchOptions};
use datafusion::arrow::buffer::BooleanBuffer;
use datafusion::arrow::compute::kernels::cmp::distinct;
use datafusion::arrow::compute::{concat_batches, filter_record_batch};
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::error::Result;
use datafusion::physical_expr::PhysicalExpr;

pub struct Matcher {
    /// Partition key columns (input indices).
    keys: Vec<usize>,
    /// One boolean expression per step, over the input row.
    steps: Vec<Arc<dyn PhysicalExpr>>,
    /// Emit row-less batches whose row count is the number of matches (for `count()`).
    count_only: bool,
    schema: SchemaRef,
    /// Undecided rows: their data (None in count-only mode, which never outputs rows) ...
    carry: Option<RecordBatch>,
    carry_len: usize,
    /// ... their step bits (one bitmap per step) and partition-start bits.
    carry_flags: Vec<BooleanBuffer>,
    carry_starts: BooleanBuffer,
    /// Key values of the last row seen, to tell whether the next batch opens a partition.
    last_key: Option<Vec<ArrayRef>>,
    started: bool,
}

fn concat_bits(a: &BooleanBuffer, b: &BooleanBuffer) -> BooleanBuffer {
    if a.is_empty() {
        return b.clone();
    }
    let mut out = BooleanBufferBuilder::new(a.len() + b.len());
    out.append_buffer(a);
    out.append_buffer(b);
    out.finish()
}

/// A predicate's result as bits, NULL counting as false.
fn truthy(a: &BooleanArray) -> BooleanBuffer {
    match a.nulls() {
        Some(n) => a.values() & n.inner(),
        None => a.values().clone(),
    }
}

impl Matcher {
    pub fn new(keys: Vec<usize>, steps: Vec<Arc<dyn PhysicalExpr>>, count_only: bool, schema: SchemaRef) -> Self {
        let n = steps.len();
        Self {
            keys,
            steps,
            count_only,
            schema,
            carry: None,
            carry_len: 0,
            carry_flags: vec![BooleanBuffer::new_unset(0); n],
            carry_starts: BooleanBuffer::new_unset(0),
            last_key: None,
            started: false,
        }
    }

    /// Which rows of `b` open a partition: the keys differ from the previous row's (vectorised
    /// `IS DISTINCT FROM`, so NULL equals NULL); the very first row opens one.
    fn starts(&self, b: &RecordBatch) -> Result<BooleanBuffer> {
        let m = b.num_rows();
        let mut rest = BooleanBuffer::new_unset(m.saturating_sub(1));
        let mut first = !self.started;
        for (j, &k) in self.keys.iter().enumerate() {
            let c = b.column(k);
            if m > 1 {
                rest = &rest | distinct(&c.slice(1, m - 1), &c.slice(0, m - 1))?.values();
            }
            if let Some(last) = &self.last_key {
                first |= distinct(&last[j], &c.slice(0, 1))?.value(0);
            }
        }
        let mut out = BooleanBufferBuilder::new(m);
        out.append(first);
        out.append_buffer(&rest);
        Ok(out.finish())
    }

    /// Takes the next input batch; returns the matches it decides (rows, or a row-less batch
    /// carrying the match count), if any.
    pub fn push(&mut self, b: &RecordBatch) -> Result<Option<RecordBatch>> {
        let m = b.num_rows();
        if m == 0 {
            return Ok(None);
        }
        let n = self.steps.len();
        let starts = concat_bits(&self.carry_starts, &self.starts(b)?);
        self.started = true;
        self.last_key = Some(self.keys.iter().map(|&k| b.column(k).slice(m - 1, 1)).collect());
        let mut flags = Vec::with_capacity(n);
        for (k, step) in self.steps.iter().enumerate() {
            let v = step.evaluate(b)?.into_array(m)?;
            flags.push(concat_bits(&self.carry_flags[k], &truthy(v.as_boolean())));
        }
        let c = self.carry_len;
        let len = c + m;
        // Rows whose whole look-ahead is here: [0, decided).
        let decided = len.saturating_sub(n - 1);
        let out = if decided == 0 { None } else { self.emit(b, &flags, &starts, decided)? };
        // Carry the undecided rows [decided, len).
        let keep = len - decided;
        self.carry_flags = flags.iter().map(|f| f.slice(decided, keep)).collect();
        self.carry_starts = starts.slice(decided, keep);
        self.carry_len = keep;
        if !self.count_only {
            self.carry = Some(if decided >= c {
                b.slice(decided - c, keep)
            } else {
                let old = self.carry.take().expect("carried rows");
                concat_batches(&self.schema, [&old.slice(decided, c - decided), b])?
            });
        }
        Ok(out)
    }

    /// Matches among rows [0, decided) of [carry, b].
    fn emit(&self, b: &RecordBatch, flags: &[BooleanBuffer], starts: &BooleanBuffer, decided: usize) -> Result<Option<RecordBatch>> {
        let mut mask = flags[0].slice(0, decided);
        for (k, f) in flags.iter().enumerate().skip(1) {
            mask = &(&mask & &f.slice(k, decided)) & &!&starts.slice(k, decided);
        }
        let hits = mask.count_set_bits();
        if hits == 0 {
            return Ok(None);
        }
        if self.count_only {
            let opts = RecordBatchOptions::new().with_row_count(Some(hits));
            return Ok(Some(RecordBatch::try_new_with_options(self.schema.clone(), vec![], &opts)?));
        }
        let c = self.carry_len;
        let mut parts = Vec::with_capacity(2);
        let from_carry = c.min(decided);
        if from_carry > 0 {
            let carry = self.carry.as_ref().expect("carried rows");
            let sel = BooleanArray::from(mask.slice(0, from_carry));
            parts.push(filter_record_batch(&carry.slice(0, from_carry), &sel)?);
        }
        if decided > c {
            let sel = BooleanArray::from(mask.slice(c, decided - c));
            parts.push(filter_record_batch(&b.slice(0, decided - c), &sel)?);
        }
        parts.retain(|p| p.num_rows() > 0);
        Ok(Some(match parts.len() {
            1 => parts.pop().expect("one part"),
            _ => concat_batches(&self.schema, &parts)?,
        }))
    }
}
