//! Drives the kernels over the input stream. Partition boundaries come from comparing each row's
//! keys with the previous row's; state carries across batches. LEAD (`shift(-n)`) needs rows that
//! have not arrived yet, so when a LEAD is present the last `n` rows of each batch are held back
//! and emitted with the next batch (or at the end, where the look-ahead runs off the data).

use std::sync::{Arc, Mutex};

use datafusion::arrow::array::{ArrayRef, RecordBatch};
use datafusion::arrow::compute::concat_batches;
use datafusion::arrow::compute::kernels::cmp::distinct;
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::error::Result;
use datafusion::execution::SendableRecordBatchStream;
use datafusion::physical_plan::stream::RecordBatchStreamAdapter;
use futures::StreamExt;

use super::kernels::{self, Kind};

pub fn stream(input: SendableRecordBatchStream, keys: Vec<usize>, ops: Vec<(Kind, usize)>, schema: SchemaRef) -> SendableRecordBatchStream {
    let lookahead = ops.iter().map(|(k, _)| if let Kind::Lead { n, .. } = k { *n } else { 0 }).max().unwrap_or(0);
    let runner = Arc::new(Mutex::new(Runner {
        states: ops.iter().map(|(k, _)| kernels::State::new(k)).collect(),
        keys,
        ops,
        last_key: None,
        started: false,
        part_len: 0,
        schema: schema.clone(),
        lookahead,
        pending: None,
    }));
    let r2 = runner.clone();
    let body = input.map(move |b| b.and_then(|b| runner.lock().expect("not poisoned").push(b)));
    let tail = futures::stream::once(async move { r2.lock().expect("not poisoned").finish() });
    let out = body.chain(tail).flat_map(|r: Result<Vec<RecordBatch>>| {
        futures::stream::iter(match r {
            Ok(v) => v.into_iter().map(Ok).collect::<Vec<_>>(),
            Err(e) => vec![Err(e)],
        })
    });
    Box::pin(RecordBatchStreamAdapter::new(schema, out))
}

/// Per-execution state: where the current partition started and each operator's carry.
struct Runner {
    keys: Vec<usize>,
    ops: Vec<(Kind, usize)>,
    states: Vec<kernels::State>,
    /// The last emitted row's key values (one 1-row array per key column).
    last_key: Option<Vec<ArrayRef>>,
    /// Whether any row was emitted (the partition-less case has no key to compare).
    started: bool,
    part_len: u64,
    schema: SchemaRef,
    /// Largest LEAD offset: rows held back until their look-ahead has arrived.
    lookahead: usize,
    pending: Option<RecordBatch>,
}

impl Runner {
    fn push(&mut self, b: RecordBatch) -> Result<Vec<RecordBatch>> {
        if self.lookahead == 0 {
            let empty = b.slice(0, 0);
            return Ok(vec![self.emit(&b, &empty)?]);
        }
        let all = match self.pending.take() {
            Some(p) => concat_batches(&b.schema(), [&p, &b])?,
            None => b,
        };
        let m = all.num_rows();
        if m <= self.lookahead {
            self.pending = Some(all);
            return Ok(vec![]);
        }
        let ready = all.slice(0, m - self.lookahead);
        let follow = all.slice(m - self.lookahead, self.lookahead);
        let out = self.emit(&ready, &follow)?;
        self.pending = Some(follow);
        Ok(vec![out])
    }

    fn finish(&mut self) -> Result<Vec<RecordBatch>> {
        match self.pending.take() {
            Some(p) if p.num_rows() > 0 => {
                let empty = p.slice(0, 0);
                Ok(vec![self.emit(&p, &empty)?])
            }
            _ => Ok(vec![]),
        }
    }

    /// Which rows open a partition, comparing with `prev` (the row before the first one).
    fn boundaries(&self, b: &RecordBatch, prev: Option<&Vec<ArrayRef>>, first_row_ever: bool) -> Result<Vec<bool>> {
        let m = b.num_rows();
        let mut boundary = vec![false; m];
        if m == 0 {
            return Ok(boundary);
        }
        if self.keys.is_empty() {
            boundary[0] = first_row_ever;
            return Ok(boundary);
        }
        // Vectorised `IS DISTINCT FROM` (NULL equals NULL) on the keys shifted by one row.
        let mut first_new = prev.is_none();
        for (j, &k) in self.keys.iter().enumerate() {
            let col = b.column(k);
            if m > 1 {
                let d = distinct(&col.slice(1, m - 1), &col.slice(0, m - 1))?;
                for (i, v) in d.values().iter().enumerate() {
                    boundary[i + 1] |= v;
                }
            }
            if let Some(last) = prev {
                first_new |= distinct(&last[j], &col.slice(0, 1))?.value(0);
            }
        }
        boundary[0] = first_new;
        Ok(boundary)
    }

    /// Computes every operator for `b`; `follow` holds the rows right after it (LEAD reads them).
    fn emit(&mut self, b: &RecordBatch, follow: &RecordBatch) -> Result<RecordBatch> {
        let m = b.num_rows();
        let starts = self.boundaries(b, self.last_key.as_ref(), !self.started)?;
        // Each row's 1-based position in its partition, for the operators that read it.
        let needs_run = self.ops.iter().any(|(k, _)| matches!(k, Kind::Lag { .. } | Kind::RowNumber));
        let last_start = starts.iter().rposition(|&s| s);
        let run: Vec<u64> = match (needs_run, last_start) {
            (false, _) => vec![],
            // No partition starts here: a plain count-up (the loop below does not vectorise).
            (true, None) => (self.part_len + 1..=self.part_len + m as u64).collect(),
            (true, Some(_)) => {
                let mut p = self.part_len;
                starts.iter().map(|&s| { p = if s { 1 } else { p + 1 }; p }).collect()
            }
        };
        self.part_len = match last_start {
            Some(j) => (m - j) as u64,
            None => self.part_len + m as u64,
        };
        if m > 0 {
            self.started = true;
            self.last_key = Some(self.keys.iter().map(|&k| b.column(k).slice(m - 1, 1)).collect());
        }
        // For LEAD: the first partition start after each row, over [b, follow].
        let next_start = if self.lookahead > 0 {
            let fstarts = self.boundaries(follow, self.last_key.as_ref(), false)?;
            let total = m + follow.num_rows();
            let mut next = vec![usize::MAX; m];
            let mut upcoming = total; // "past the end" — nothing beyond is readable
            for j in (0..follow.num_rows()).rev() {
                if fstarts[j] {
                    upcoming = m + j;
                }
            }
            for i in (0..m).rev() {
                next[i] = upcoming;
                if starts[i] {
                    upcoming = i;
                }
            }
            next
        } else {
            vec![]
        };
        let mut cols: Vec<ArrayRef> = b.columns().to_vec();
        for ((kind, c), state) in self.ops.iter().zip(self.states.iter_mut()) {
            cols.push(match kind {
                Kind::Lead { n, default } => kernels::lead(*n, default, b.column(*c), follow.column(*c), &next_start)?,
                _ => kernels::eval(kind, state, b.column(*c), &starts, &run)?,
            });
        }
        Ok(RecordBatch::try_new(self.schema.clone(), cols)?)
    }
}
