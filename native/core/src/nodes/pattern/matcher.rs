//! The matching state machine of `PatternSearchExec`, independent of the stream plumbing so it can
//! be tested on literal batches.
//!
//! Row `i` matches when step `k` holds at row `i + k` for every step and no partition starts in
//! `(i, i + n - 1]`. Steps are evaluated as bitmaps — the first on every row, later ones only where
//! a candidate still needs them (`steps.rs`) — and the match mask is a handful of bitwise ANDs of
//! those bitmaps shifted by `k` (no per-row loop). The last `n - 1` rows of a
//! batch cannot be decided until the next batch arrives, so they are *carried*: their row data (a
//! zero-copy slice), their step bits and partition-start bits. At the end of the input, carried
//! rows cannot match (their look-ahead runs off the data).

use std::sync::Arc;

use datafusion::arrow::array::{ArrayRef, BooleanArray, BooleanBufferBuilder, RecordBatch, RecordBatchOptions};
use datafusion::arrow::buffer::BooleanBuffer;
use datafusion::arrow::compute::kernels::cmp::distinct;
use datafusion::arrow::compute::{BatchCoalescer, concat_batches};
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::error::Result;
use datafusion::physical_expr::PhysicalExpr;

use super::steps::Steps;

pub struct Matcher {
    /// Partition key columns (input indices).
    keys: Vec<usize>,
    /// One boolean expression per step, over the input row.
    steps: Steps,
    /// Emit row-less batches whose row count is the number of matches (for `count()`).
    count_only: bool,
    schema: SchemaRef,
    /// Matched rows gathered into full-size batches: matches are sparse, and a small batch per
    /// input batch would cost every consumer (the IPC encoder and decoder most) per batch.
    out: BatchCoalescer,
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

impl Matcher {
    pub fn new(keys: Vec<usize>, steps: Vec<Arc<dyn PhysicalExpr>>, count_only: bool, schema: SchemaRef, batch_size: usize) -> Self {
        let n = steps.len();
        Self {
            keys,
            steps: Steps::new(steps),
            count_only,
            out: BatchCoalescer::new(schema.clone(), batch_size.max(1)),
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

    /// Takes the next input batch; returns the output it completes: full batches of matched rows,
    /// or in count-only mode a row-less batch carrying the number of matches it decided.
    pub fn push(&mut self, b: &RecordBatch) -> Result<Vec<RecordBatch>> {
        let m = b.num_rows();
        if m == 0 {
            return Ok(vec![]);
        }
        let n = self.steps.len();
        let starts = concat_bits(&self.carry_starts, &self.starts(b)?);
        self.started = true;
        self.last_key = Some(self.keys.iter().map(|&k| b.column(k).slice(m - 1, 1)).collect());
        let c = self.carry_len;
        let len = c + m;
        // cand[j]: row j matched steps 0..=k so far (over [0, len - k)). Step k is evaluated only
        // on this batch's rows r whose row r - k is still a candidate; rows it skips could not
        // change any result, now or after later batches (their candidate never comes back).
        let mut flags = Vec::with_capacity(n);
        flags.push(concat_bits(&self.carry_flags[0], &self.steps.eval(0, b)?));
        let mut cand = flags[0].clone();
        for k in 1..n {
            // Batch row i is position c + i; it is needed when c + i >= k and cand[c + i - k].
            let skip = k.saturating_sub(c).min(m);
            let mut need = BooleanBufferBuilder::new(m);
            need.append_n(skip, false);
            if m > skip {
                need.append_buffer(&cand.slice(c + skip - k, m - skip));
            }
            flags.push(concat_bits(&self.carry_flags[k], &self.steps.eval_at(k, b, &need.finish())?));
            let w = len.saturating_sub(k);
            cand = if w == 0 {
                BooleanBuffer::new_unset(0)
            } else {
                &(&cand.slice(0, w) & &flags[k].slice(k, w)) & &!&starts.slice(k, w)
            };
        }
        // Rows whose whole look-ahead is here: [0, decided).
        let decided = len.saturating_sub(n - 1);
        let out = if decided == 0 { None } else { self.emit(b, &cand, decided)? };
        let mut done = Vec::from_iter(out);
        while let Some(full) = self.out.next_completed_batch() {
            done.push(full);
        }
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
        Ok(done)
    }

    /// The end of the input: the rows still gathered. Carried rows cannot match (their look-ahead
    /// runs off the data).
    pub fn finish(&mut self) -> Result<Vec<RecordBatch>> {
        self.out.finish_buffered_batch()?;
        Ok(std::iter::from_fn(|| self.out.next_completed_batch()).collect())
    }

    /// Matches among rows [0, decided) of [carry, b]: the count-only batch, or rows handed to the
    /// coalescer.
    fn emit(&mut self, b: &RecordBatch, mask: &BooleanBuffer, decided: usize) -> Result<Option<RecordBatch>> {
        let hits = mask.count_set_bits();
        if hits == 0 {
            return Ok(None);
        }
        if self.count_only {
            let opts = RecordBatchOptions::new().with_row_count(Some(hits));
            return Ok(Some(RecordBatch::try_new_with_options(self.schema.clone(), vec![], &opts)?));
        }
        let c = self.carry_len;
        let from_carry = c.min(decided);
        if from_carry > 0 {
            let carry = self.carry.as_ref().expect("carried rows").slice(0, from_carry);
            self.out.push_batch_with_filter(carry, &BooleanArray::from(mask.slice(0, from_carry)))?;
        }
        if decided > c {
            self.out.push_batch_with_filter(b.slice(0, decided - c), &BooleanArray::from(mask.slice(c, decided - c)))?;
        }
        Ok(None)
    }
}
