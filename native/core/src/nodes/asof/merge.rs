//! The as-of merge over two inputs sorted by (by..., time) (keys prepared by `keyed.rs`).
//!
//! Two monotone cursors over the right rows: `lb` stops at the first right row whose key is >=
//! the left row's key, `ub` at the first one > it. So the last right row < the key is `lb - 1`,
//! the last <= is `ub - 1`, the first >= is `lb`, the first > is `ub`; a candidate counts only in
//! the left row's `by` group. Left rows only move forward, so do the cursors: each side is read
//! once. A cursor moves run by run: a right run's `by` key is compared with the left run's once
//! (one `memcmp`, cached until either run changes); inside a run of the same group it compares
//! `u64` times, galloping when the right side is denser.
//!
//! Memory: right batches live in `slots`. A slot behind the cursors that no pending output row
//! points at is released at once; when too many slots are alive (a sparse left side over a dense
//! right one), the left rows resolved so far are emitted early, so retained right data stays
//! bounded. Output gathers right columns with `take` (one slot) or `interleave` (several), never
//! concatenating the retained window.

use std::cmp::Ordering;
use std::collections::VecDeque;

use datafusion::arrow::array::{Array, ArrayRef, BooleanArray, RecordBatch, RecordBatchOptions, UInt32Array, new_null_array};
use datafusion::arrow::buffer::NullBuffer;
use datafusion::arrow::compute::{filter_record_batch, interleave, take};
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::error::Result;

use super::keyed::{KeyPrep, Keyed};
use super::{AsofOp, Keys};

/// Alive right batches beyond which resolved left rows are emitted early (bounded memory).
const MAX_LIVE_SLOTS: usize = 64;
/// "No match" in `picks`.
const NONE: usize = usize::MAX;

pub(super) enum Step {
    Emit(RecordBatch),
    NeedLeft,
    NeedRight,
}

struct Slot {
    /// `None` once released (no longer reachable by the cursors, not referenced by pending rows).
    data: Option<(RecordBatch, Keyed)>,
    /// Referenced by a row in the pending output chunk.
    used: bool,
}

/// A position among the retained right rows (`slot == slots.len()`: past the end), with the
/// cached relation of two right runs' `by` keys to the current left run's.
#[derive(Clone, Copy, Default)]
struct Cursor {
    slot: usize,
    run: usize,
    row: usize,
    /// The run at the cursor.
    rel: Option<Ordering>,
    /// The run just before the cursor, when the cursor sits at a run start.
    prev_rel: Option<Ordering>,
}

impl Cursor {
    fn forget(&mut self) {
        self.rel = None;
        self.prev_rel = None;
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Which {
    Lb,
    Ub,
}

struct Pending {
    batch: RecordBatch,
    valid: Option<NullBuffer>,
    keys: Keyed,
    /// First row not yet emitted, next row to resolve, and the run holding it.
    start: usize,
    next: usize,
    run: usize,
}

pub(super) struct Merger {
    left_prep: KeyPrep,
    right_prep: KeyPrep,
    out_schema: SchemaRef,
    /// One NULL of each right column, the "no match" source for `interleave`.
    nulls: Vec<ArrayRef>,
    slots: VecDeque<Slot>,
    live: usize,
    right_done: bool,
    lb: Cursor,
    ub: Cursor,
    use_lb: bool,
    use_ub: bool,
    /// The cursor whose predecessor is the backward candidate, and the forward candidate's cursor.
    back: Option<Which>,
    fwd: Option<Which>,
    left: Option<Pending>,
    /// (slot, row) of the match of each resolved, not yet emitted left row.
    picks: Vec<(usize, usize)>,
}

impl Merger {
    pub fn new(keys: &Keys, op: AsofOp, nearest: bool, right_schema: &SchemaRef, out_schema: SchemaRef) -> Result<Self> {
        // Backward reads `lb - 1` (strict) or `ub - 1`; forward reads `ub` (strict) or `lb`.
        // Non-strict nearest reads `ub` forward too: when `ub - 1` has the left row's exact key it
        // wins at distance 0, and otherwise no right row equals the key, so `lb == ub`. One cursor
        // instead of two also keeps a long run of equal right keys from being retained.
        let strict = op.strict();
        let back = (nearest || op.backward()).then_some(if strict { Which::Lb } else { Which::Ub });
        let fwd = (nearest || !op.backward()).then_some(if strict || nearest { Which::Ub } else { Which::Lb });
        Ok(Self {
            left_prep: KeyPrep::new(&keys.left, &keys.types, nearest)?,
            right_prep: KeyPrep::new(&keys.right, &keys.types, nearest)?,
            out_schema,
            nulls: right_schema.fields().iter().map(|f| new_null_array(f.data_type(), 1)).collect(),
            slots: VecDeque::new(),
            live: 0,
            right_done: false,
            lb: Cursor::default(),
            ub: Cursor::default(),
            use_lb: back == Some(Which::Lb) || fwd == Some(Which::Lb),
            use_ub: back == Some(Which::Ub) || fwd == Some(Which::Ub),
            back,
            fwd,
            left: None,
            picks: Vec::new(),
        })
    }

    /// Appends a right batch, without its rows that have a NULL key (they never match).
    pub fn push_right(&mut self, batch: RecordBatch) -> Result<()> {
        let batch = match self.right_prep.valid(&batch) {
            Some(v) => filter_record_batch(&batch, &BooleanArray::new(v.into_inner(), None))?,
            None => batch,
        };
        if batch.num_rows() > 0 {
            let keys = self.right_prep.keyed(&batch)?;
            self.slots.push_back(Slot { data: Some((batch, keys)), used: false });
            self.live += 1;
        }
        Ok(())
    }

    pub fn right_done(&mut self) {
        self.right_done = true;
    }

    pub fn push_left(&mut self, batch: RecordBatch) -> Result<()> {
        let valid = self.left_prep.valid(&batch);
        let keys = self.left_prep.keyed(&batch)?;
        self.lb.forget();
        self.ub.forget();
        self.left = Some(Pending { batch, valid, keys, start: 0, next: 0, run: 0 });
        Ok(())
    }

    /// Resolves left rows until the batch is done (emit it), the cursors run off the retained
    /// right rows (ask for more), or too much is retained (emit what is resolved).
    pub fn step(&mut self) -> Result<Step> {
        let Some(mut left) = self.left.take() else { return Ok(Step::NeedLeft) };
        let r = self.resolve(&mut left);
        if !matches!(r, Ok(Step::NeedLeft)) {
            self.left = Some(left);
        }
        r
    }

    fn resolve(&mut self, left: &mut Pending) -> Result<Step> {
        let n = left.batch.num_rows();
        while left.next < n {
            let i = left.next;
            while left.keys.runs[left.run + 1] <= i {
                left.run += 1;
                self.lb.forget();
                self.ub.forget();
            }
            if left.valid.as_ref().is_some_and(|v| v.is_null(i)) {
                self.picks.push((NONE, 0));
                left.next += 1;
                continue;
            }
            let key = left.keys.run_keys.as_ref().map(|r| r.row(left.run));
            let key = key.as_ref().map(|r| r.data());
            let t = left.keys.times[i];
            let mut at_end = false;
            if self.use_lb {
                at_end |= advance(&self.slots, &mut self.lb, key, t, false);
            }
            if self.use_ub {
                at_end |= advance(&self.slots, &mut self.ub, key, t, true);
            }
            if at_end && !self.right_done {
                let keep = self.keep_from();
                release(&mut self.slots, &mut self.live, keep);
                if self.live > MAX_LIVE_SLOTS && left.next > left.start {
                    return Ok(Step::Emit(self.emit(left)?));
                }
                return Ok(Step::NeedRight);
            }
            let b = match self.back {
                Some(w) => before(&self.slots, which(&mut self.lb, &mut self.ub, w), key),
                None => None,
            };
            let f = match self.fwd {
                Some(w) => at(&self.slots, which(&mut self.lb, &mut self.ub, w), key),
                None => None,
            };
            let pick = match (b, f) {
                (Some(b), Some(f)) => Some(if forward_closer(&left.keys, i, &self.slots, b, f) { f } else { b }),
                (b, f) => b.or(f),
            };
            match pick {
                Some((s, r)) => {
                    self.slots[s].used = true;
                    self.picks.push((s, r));
                }
                None => self.picks.push((NONE, 0)),
            }
            left.next += 1;
        }
        if left.next > left.start {
            // Not NeedLeft: `step` keeps the batch, and the next call finds it done.
            return Ok(Step::Emit(self.emit(left)?));
        }
        Ok(Step::NeedLeft)
    }

    /// The first slot future left rows can still reach: the one holding the row before the
    /// lowest cursor in use (a backward candidate).
    fn keep_from(&self) -> usize {
        let c = if self.use_lb { self.lb } else { self.ub };
        if c.row > 0 { c.slot } else { c.slot.saturating_sub(1) }
    }

    /// Emits the resolved, not yet emitted left rows with their matches; then drops right slots
    /// nothing can reach any more.
    fn emit(&mut self, left: &mut Pending) -> Result<RecordBatch> {
        let (s, e) = (left.start, left.next);
        let mut cols: Vec<ArrayRef> = left.batch.columns().iter().map(|c| c.slice(s, e - s)).collect();
        left.start = e;
        cols.extend(self.gather()?);
        self.picks.clear();
        let keep = self.keep_from();
        for _ in 0..keep {
            if self.slots.pop_front().is_some_and(|s| s.data.is_some()) {
                self.live -= 1;
            }
        }
        for s in self.slots.iter_mut() {
            s.used = false;
        }
        self.lb.slot -= keep.min(self.lb.slot);
        self.ub.slot -= keep.min(self.ub.slot);
        let opts = RecordBatchOptions::new().with_row_count(Some(e - s));
        Ok(RecordBatch::try_new_with_options(self.out_schema.clone(), cols, &opts)?)
    }

    /// The right columns of the picks: nulls, one `take` when all come from one batch, else
    /// `interleave` over the referenced batches (plus a one-row NULL source for "no match").
    fn gather(&self) -> Result<Vec<ArrayRef>> {
        let mut list_of = vec![NONE; self.slots.len()];
        let mut sources: Vec<&RecordBatch> = Vec::new();
        for &(s, _) in &self.picks {
            if s != NONE && list_of[s] == NONE {
                list_of[s] = sources.len();
                sources.push(&self.slots[s].data.as_ref().expect("referenced slots are kept").0);
            }
        }
        let n = self.picks.len();
        match sources.len() {
            0 => Ok(self.nulls.iter().map(|a| new_null_array(a.data_type(), n)).collect()),
            1 => {
                let idx: UInt32Array = self.picks.iter().map(|&(s, r)| (s != NONE).then_some(r as u32)).collect();
                Ok(sources[0].columns().iter().map(|c| take(c.as_ref(), &idx, None)).collect::<Result<_, _>>()?)
            }
            _ => {
                let idx: Vec<(usize, usize)> =
                    self.picks.iter().map(|&(s, r)| if s == NONE { (0, 0) } else { (list_of[s] + 1, r) }).collect();
                let mut out = Vec::with_capacity(self.nulls.len());
                for (c, null) in self.nulls.iter().enumerate() {
                    let mut arrays: Vec<&dyn Array> = Vec::with_capacity(sources.len() + 1);
                    arrays.push(null.as_ref());
                    arrays.extend(sources.iter().map(|b| b.column(c).as_ref()));
                    out.push(interleave(&arrays, &idx)?);
                }
                Ok(out)
            }
        }
    }
}

fn which<'a>(lb: &'a mut Cursor, ub: &'a mut Cursor, w: Which) -> &'a mut Cursor {
    if w == Which::Lb { lb } else { ub }
}

fn keyed(slots: &VecDeque<Slot>, s: usize) -> &Keyed {
    &slots[s].data.as_ref().expect("cursors only reach live slots").1
}

/// How right run `run` of slot `s` compares with the left run's `by` key (no `by`: equal).
fn relation(slots: &VecDeque<Slot>, s: usize, run: usize, key: Option<&[u8]>) -> Ordering {
    match (key, &keyed(slots, s).run_keys) {
        (Some(k), Some(rows)) => rows.row(run).data().cmp(k),
        _ => Ordering::Equal,
    }
}

/// Moves `c` past every right row whose (by, time) is < the left row's (`inclusive`: <=): whole
/// runs of smaller groups at once, then by time within the left row's group, galloping. Returns
/// true when it ran off the retained rows.
fn advance(slots: &VecDeque<Slot>, c: &mut Cursor, key: Option<&[u8]>, t: u64, inclusive: bool) -> bool {
    let passes = |x: u64| if inclusive { x <= t } else { x < t };
    while c.slot < slots.len() {
        let k = keyed(slots, c.slot);
        let end = k.runs[c.run + 1];
        let rel = *c.rel.get_or_insert_with(|| relation(slots, c.slot, c.run, key));
        match rel {
            Ordering::Greater => return false,
            Ordering::Equal if !passes(k.times[c.row]) => return false,
            Ordering::Equal if !passes(k.times[end - 1]) => {
                c.row = gallop(&k.times[..end], c.row, passes);
                return false;
            }
            _ => {}
        }
        // The rest of this run passes: the cursor moves to the next run, and this one now holds
        // its predecessor.
        c.prev_rel = Some(rel);
        c.rel = None;
        if c.run + 2 < k.runs.len() {
            c.run += 1;
            c.row = end;
        } else {
            *c = Cursor { slot: c.slot + 1, prev_rel: c.prev_rel, ..Cursor::default() };
        }
    }
    true
}

/// The first index in `(lo, times.len() - 1]` whose time does not pass; `times[lo]` passes and the
/// last one does not. Steps of 1, 2, 4, ... then bisects: O(1) when the next row stops the
/// cursor, O(log gap) when many rows pass.
fn gallop(times: &[u64], lo: usize, passes: impl Fn(u64) -> bool) -> usize {
    let (mut lo, mut hi, mut step) = (lo, times.len() - 1, 1);
    while lo + step < hi {
        if !passes(times[lo + step]) {
            hi = lo + step;
            break;
        }
        lo += step;
        step *= 2;
    }
    lo + 1 + times[lo + 1..hi].partition_point(|&x| passes(x))
}

/// The right row before the cursor, if it is in the left row's group.
fn before(slots: &VecDeque<Slot>, c: &mut Cursor, key: Option<&[u8]>) -> Option<(usize, usize)> {
    if c.slot < slots.len() && c.row > keyed(slots, c.slot).runs[c.run] {
        // Inside a run: the predecessor is in the same run.
        let rel = *c.rel.get_or_insert_with(|| relation(slots, c.slot, c.run, key));
        return (rel == Ordering::Equal).then_some((c.slot, c.row - 1));
    }
    // At a run start or past the end: the predecessor ends the previous run.
    let (s, run) = if c.slot < slots.len() && c.run > 0 {
        (c.slot, c.run - 1)
    } else {
        let s = c.slot.checked_sub(1)?;
        (s, keyed(slots, s).runs.len() - 2)
    };
    let rel = *c.prev_rel.get_or_insert_with(|| relation(slots, s, run, key));
    (rel == Ordering::Equal).then(|| (s, keyed(slots, s).runs[run + 1] - 1))
}

/// The right row at the cursor, if it is in the left row's group.
fn at(slots: &VecDeque<Slot>, c: &mut Cursor, key: Option<&[u8]>) -> Option<(usize, usize)> {
    if c.slot >= slots.len() {
        return None;
    }
    let rel = *c.rel.get_or_insert_with(|| relation(slots, c.slot, c.run, key));
    (rel == Ordering::Equal).then_some((c.slot, c.row))
}

/// Strictly closer forward candidate (ties go backward). Integer-like time keys differ exactly as
/// the values do (i128, no overflow); floats compare their values.
fn forward_closer(left: &Keyed, i: usize, slots: &VecDeque<Slot>, b: (usize, usize), f: (usize, usize)) -> bool {
    let (kb, kf) = (keyed(slots, b.0), keyed(slots, f.0));
    match (&left.floats, &kb.floats, &kf.floats) {
        (Some(l), Some(bv), Some(fv)) => (fv[f.1] - l[i]) < (l[i] - bv[b.1]),
        _ => {
            let l = left.times[i] as i128;
            (kf.times[f.1] as i128 - l) < (l - kb.times[b.1] as i128)
        }
    }
}

/// Releases slots before `keep` that no pending output row references.
fn release(slots: &mut VecDeque<Slot>, live: &mut usize, keep: usize) {
    for s in slots.iter_mut().take(keep) {
        if !s.used && s.data.take().is_some() {
            *live -= 1;
        }
    }
}
