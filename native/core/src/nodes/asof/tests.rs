//! As-of join tests on literal data: every direction and strictness, ties, `by` groups, NULL keys,
//! key types, batch boundaries on both sides, suffixes, errors, and a seeded comparison with a
//! brute-force join.

use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, Date32Array, Float64Array, Int32Array, Int64Array, RecordBatch, StringArray};
use datafusion::arrow::array::{TimestampMillisecondArray, TimestampNanosecondArray};
use datafusion::arrow::util::display::array_value_to_string;
use datafusion::datasource::{MemTable, provider_as_source};
use datafusion::logical_expr::LogicalPlanBuilder;
use futures::StreamExt;

use crate::asof::AsofSpec;
use crate::table::Table;
use crate::tree::{Expr, SortKey};

fn batch(cols: Vec<(&str, ArrayRef)>) -> RecordBatch {
    RecordBatch::try_from_iter(cols).unwrap()
}

/// A table over `partitions`, each a list of batches of `b` cut `per_batch` rows at a time.
fn table(name: &str, b: &RecordBatch, per_batch: usize, partitions: usize) -> Table {
    let mut parts = vec![Vec::new(); partitions];
    let mut i = 0;
    while i < b.num_rows() {
        let k = per_batch.min(b.num_rows() - i);
        parts[(i / per_batch) % partitions].push(b.slice(i, k));
        i += k;
    }
    let mem = MemTable::try_new(b.schema(), parts).unwrap();
    Table::new(LogicalPlanBuilder::scan(name, provider_as_source(Arc::new(mem)), None).unwrap().build().unwrap(), vec![])
}

/// Declares the (already true) order, so no sort re-batches the input: small batches reach the merge.
fn sorted(t: Table, keys: &[&str]) -> Table {
    let keys: Vec<SortKey> = keys.iter().map(|k| SortKey { expr: Expr::Col { name: k.to_string() }, desc: false }).collect();
    t.assume_sorted(&keys).unwrap()
}

fn spec(op: &str, nearest: bool, by: &[&str]) -> AsofSpec {
    let by: Vec<String> = by.iter().map(|s| s.to_string()).collect();
    AsofSpec {
        left_on: "time".into(),
        right_on: "time".into(),
        op: op.into(),
        nearest,
        left_by: by.clone(),
        right_by: by,
        suffix: "_right".into(),
    }
}

/// Every row as "v|v|..." ("null" for NULL), with the column names first.
async fn rows(t: &Table) -> Vec<String> {
    let mut s = crate::exec::stream(t).await.unwrap();
    let mut out = vec![s.schema().fields().iter().map(|f| f.name().clone()).collect::<Vec<_>>().join("|")];
    while let Some(b) = s.next().await {
        let b = b.unwrap();
        for i in 0..b.num_rows() {
            let vals: Vec<String> = b
                .columns()
                .iter()
                .map(|c| if c.is_null(i) { "null".into() } else { array_value_to_string(c, i).unwrap() })
                .collect();
            out.push(vals.join("|"));
        }
    }
    out
}

/// "trade:quote" per output row (the `id` and `q` columns).
async fn pairs(t: &Table) -> Vec<String> {
    let all = rows(t).await;
    let head: Vec<&str> = all[0].split('|').collect();
    let (a, b) = (head.iter().position(|c| *c == "id").unwrap(), head.iter().position(|c| *c == "q").unwrap());
    all[1..].iter().map(|r| r.split('|').collect::<Vec<_>>()).map(|v| format!("{}:{}", v[a], v[b])).collect()
}

fn s(v: &[Option<&str>]) -> ArrayRef {
    Arc::new(StringArray::from(v.to_vec()))
}
fn i(v: &[Option<i64>]) -> ArrayRef {
    Arc::new(Int64Array::from(v.to_vec()))
}

/// Trades and quotes sorted by (symbol, time), NULLs last. Quote "A 3" appears twice (c, d);
/// quotes with a NULL key (x, y) never match; symbol C has no quotes.
fn trades_quotes() -> (RecordBatch, RecordBatch) {
    let trades = batch(vec![
        ("symbol", s(&[Some("A"), Some("A"), Some("A"), Some("A"), Some("A"), Some("A"), Some("B"), Some("B"), Some("C"), None])),
        ("time", i(&[Some(0), Some(3), Some(5), Some(6), Some(9), None, Some(1), Some(6), Some(5), Some(5)])),
        ("id", s(&[Some("t0"), Some("t3"), Some("t5"), Some("t6"), Some("t9"), Some("tn"), Some("b1"), Some("b6"), Some("c5"), Some("n5")])),
    ]);
    let quotes = batch(vec![
        ("symbol", s(&[Some("A"), Some("A"), Some("A"), Some("A"), Some("A"), Some("B"), Some("B"), None])),
        ("time", i(&[Some(1), Some(3), Some(3), Some(7), None, Some(2), Some(10), Some(4)])),
        ("q", s(&[Some("a"), Some("c"), Some("d"), Some("g"), Some("y"), Some("b"), Some("j"), Some("x")])),
    ]);
    (trades, quotes)
}

/// Left and right cut into batches of `lb` and `rb` rows, order declared.
async fn join(lb: usize, rb: usize, op: &str, nearest: bool) -> Vec<String> {
    let (t, q) = trades_quotes();
    let l = sorted(table("t", &t, lb, 1), &["symbol", "time"]);
    let r = sorted(table("q", &q, rb, 1), &["symbol", "time"]);
    pairs(&l.asof_join(&r, &spec(op, nearest, &["symbol"])).unwrap()).await
}

#[tokio::test]
async fn directions_and_strictness_across_batch_boundaries() {
    let tail = |b1: &str, b6: &str| ["tn:null".to_string(), format!("b1:{b1}"), format!("b6:{b6}"), "c5:null".into(), "n5:null".into()];
    for (lb, rb) in [(100, 100), (1, 1), (2, 3), (3, 1)] {
        let expect = |head: [&str; 5], b1: &str, b6: &str| {
            head.iter().map(|s| s.to_string()).chain(tail(b1, b6)).collect::<Vec<_>>()
        };
        // >=: last quote at or before; the later of two equal quotes (d).
        assert_eq!(join(lb, rb, ">=", false).await, expect(["t0:null", "t3:d", "t5:d", "t6:d", "t9:g"], "null", "b"), "{lb}/{rb}");
        // >: strictly before.
        assert_eq!(join(lb, rb, ">", false).await, expect(["t0:null", "t3:a", "t5:d", "t6:d", "t9:g"], "null", "b"), "{lb}/{rb}");
        // <=: first quote at or after; the earlier of two equal quotes (c).
        assert_eq!(join(lb, rb, "<=", false).await, expect(["t0:a", "t3:c", "t5:g", "t6:g", "t9:null"], "b", "j"), "{lb}/{rb}");
        // <: strictly after.
        assert_eq!(join(lb, rb, "<", false).await, expect(["t0:a", "t3:g", "t5:g", "t6:g", "t9:null"], "b", "j"), "{lb}/{rb}");
    }
}

#[tokio::test]
async fn nearest_ties_go_backward() {
    for (lb, rb) in [(100, 100), (1, 1), (2, 3)] {
        // t3 matches exactly (the last equal quote, d); t5 is 2 from d and from g: backward;
        // t6 is nearer g; b6 is 4 from b and from j: backward.
        let got = join(lb, rb, ">=", true).await;
        assert_eq!(got, ["t0:a", "t3:d", "t5:d", "t6:g", "t9:g", "tn:null", "b1:b", "b6:b", "c5:null", "n5:null"]);
        assert_eq!(join(lb, rb, "<=", true).await, got, "the operator's direction does not matter");
        // Strict: equal times are excluded from both sides, so t3 picks a (2 away) over g (4 away).
        let strict = join(lb, rb, ">", true).await;
        assert_eq!(strict, ["t0:a", "t3:a", "t5:d", "t6:g", "t9:g", "tn:null", "b1:b", "b6:b", "c5:null", "n5:null"]);
        assert_eq!(join(lb, rb, "<", true).await, strict);
    }
}

#[tokio::test]
async fn unsorted_partitioned_inputs_are_sorted_by_the_planner() {
    let (t, q) = trades_quotes();
    // Reverse the rows and spread them over partitions: the plan must sort and merge them.
    let rev = |b: &RecordBatch| {
        let idx = datafusion::arrow::array::UInt32Array::from_iter_values((0..b.num_rows() as u32).rev());
        datafusion::arrow::compute::take_record_batch(b, &idx).unwrap()
    };
    let l = table("t", &rev(&t), 3, 2);
    let r = table("q", &rev(&q), 2, 3);
    let j = l.asof_join(&r, &spec(">=", false, &["symbol"])).unwrap();
    let expect = ["t0:null", "t3:d", "t5:d", "t6:d", "t9:g", "tn:null", "b1:null", "b6:b", "c5:null", "n5:null"];
    let mut got = pairs(&j).await;
    got.sort();
    let mut want: Vec<String> = expect.iter().map(|s| s.to_string()).collect();
    want.sort();
    assert_eq!(got, want);
    // The parallel session (count) plans the same requirements.
    assert_eq!(crate::exec::count(&j).await.unwrap(), 10);
    let plan = crate::exec::explain(&j).await.unwrap();
    assert!(plan.contains("AsofJoin: time >= time by [symbol], backward"), "{plan}");
    assert!(plan.contains("AsofJoinExec") && plan.contains("SortExec"), "{plan}");
    // Declared order: no sort.
    let sl = sorted(table("t", &t, 3, 1), &["symbol", "time"]);
    let sr = sorted(table("q", &q, 2, 1), &["symbol", "time"]);
    let plan = crate::exec::explain(&sl.asof_join(&sr, &spec("<", true, &["symbol"])).unwrap()).await.unwrap();
    assert!(plan.contains("AsofJoin: time < time by [symbol], nearest") && !plan.contains("SortExec"), "{plan}");
}

#[tokio::test]
async fn columns_suffixes_and_no_by() {
    let l = batch(vec![
        ("symbol", s(&[Some("A"), Some("B"), Some("A"), Some("C"), Some("A")])),
        ("time", i(&[Some(0), Some(2), Some(5), Some(9), None])),
        ("id", s(&[Some("l0"), Some("l2"), Some("l5"), Some("l9"), Some("ln")])),
    ]);
    // Unsorted: the planner sorts it by time.
    let r = batch(vec![
        ("symbol", s(&[Some("B"), Some("A"), Some("A"), None])),
        ("time", i(&[Some(7), Some(1), None, Some(4)])),
        ("q", s(&[Some("g"), Some("a"), Some("y"), Some("x")])),
    ]);
    let (l, r) = (sorted(table("l", &l, 2, 1), &["time"]), table("r", &r, 1, 2));
    // No `by`: the last earlier quote of any symbol (a NULL symbol is just a value here). Every
    // right column is kept; the colliding ones carry the suffix.
    let mut sp = spec(">=", false, &[]);
    sp.suffix = "_q".into();
    assert_eq!(
        rows(&l.asof_join(&r, &sp).unwrap()).await,
        [
            "symbol|time|id|symbol_q|time_q|q",
            "A|0|l0|null|null|null",
            "B|2|l2|A|1|a",
            "A|5|l5|null|4|x",
            "C|9|l9|B|7|g",
            "A|null|ln|null|null|null",
        ]
    );
    // Only a suffixed column is used: pruning the left "symbol" must not rename the right one.
    let j = l.asof_join(&r, &sp).unwrap();
    let only = crate::tree::Field { name: "s".into(), expr: Expr::Col { name: "symbol_q".into() } };
    assert_eq!(rows(&j.project(&[only], &[]).unwrap()).await, ["s", "null", "A", "null", "B", "null"]);
    // A suffix that recreates an existing name is refused.
    let clash = batch(vec![("time", i(&[Some(1)])), ("time_right", i(&[Some(1)]))]);
    let c = table("c", &clash, 1, 1);
    let err = c.asof_join(&c, &spec(">=", false, &[])).unwrap_err();
    assert_eq!(err.code(), "INVALID_ARGUMENT");
    assert!(err.to_string().contains("\"time_right\""), "{err}");
}

#[tokio::test]
async fn errors_name_the_side_and_columns() {
    let (t, q) = trades_quotes();
    let (l, r) = (table("t", &t, 10, 1), table("q", &q, 10, 1));
    let mut sp = spec(">=", false, &["symbol"]);
    sp.right_on = "tme".into();
    let e = l.asof_join(&r, &sp).unwrap_err();
    assert_eq!(e.code(), "COLUMN_NOT_FOUND");
    assert!(e.to_string().contains("right table") && e.to_string().contains("symbol, time, q"), "{e}");
    let mut sp = spec(">=", false, &["sym"]);
    sp.right_by = vec!["symbol".into()];
    let e = l.asof_join(&r, &sp).unwrap_err();
    assert!(e.to_string().contains("left table") && e.to_string().contains("symbol, time, id"), "{e}");
    assert_eq!(l.asof_join(&r, &spec("==", false, &[])).unwrap_err().code(), "INVALID_ARGUMENT");
    let mut sp = spec(">=", false, &["symbol"]);
    sp.right_by = vec![];
    assert_eq!(l.asof_join(&r, &sp).unwrap_err().code(), "INVALID_ARGUMENT");
    // A string time, and a string `by` against a number.
    let mut sp = spec(">=", false, &[]);
    sp.left_on = "id".into();
    let e = l.asof_join(&r, &sp).unwrap_err();
    assert_eq!(e.code(), "TYPE_MISMATCH");
    assert!(e.to_string().contains("\"id\"") && e.to_string().contains("\"time\""), "{e}");
    let mut sp = spec(">=", false, &["symbol"]);
    sp.right_by = vec!["time".into()];
    assert_eq!(l.asof_join(&r, &sp).unwrap_err().code(), "TYPE_MISMATCH");
}

/// One-symbol tables with the given time columns; `q` names the quote.
async fn typed(lt: ArrayRef, rt: ArrayRef, op: &str, nearest: bool) -> Vec<String> {
    let n = lt.len();
    let ids: Vec<String> = (0..n).map(|k| format!("t{k}")).collect();
    let qs: Vec<String> = (0..rt.len()).map(|k| format!("q{k}")).collect();
    let l = batch(vec![("time", lt), ("id", Arc::new(StringArray::from(ids)) as ArrayRef)]);
    let r = batch(vec![("time", rt), ("q", Arc::new(StringArray::from(qs)) as ArrayRef)]);
    let j = table("l", &l, 2, 1).asof_join(&table("r", &r, 1, 1), &spec(op, nearest, &[])).unwrap();
    pairs(&j).await
}

#[tokio::test]
async fn key_types() {
    // Floats: 2.5 is 0.5 from 2.0 and 1.5 from 4.0.
    let f = |v: &[f64]| Arc::new(Float64Array::from(v.to_vec())) as ArrayRef;
    assert_eq!(typed(f(&[2.5, 3.5]), f(&[2.0, 4.0]), ">=", true).await, ["t0:q0", "t1:q1"]);
    // Dates (days): forward.
    let d = |v: &[i32]| Arc::new(Date32Array::from(v.to_vec())) as ArrayRef;
    assert_eq!(typed(d(&[10, 20, 31]), d(&[15, 20, 30]), "<=", false).await, ["t0:q0", "t1:q1", "t2:null"]);
    // Timestamps near i64::MAX: distances are exact (f64 would call these equal and go backward).
    let big = i64::MAX - 10;
    let ns = |v: &[i64]| Arc::new(TimestampNanosecondArray::from(v.to_vec())) as ArrayRef;
    assert_eq!(typed(ns(&[big]), ns(&[big - 3, big + 2]), ">=", true).await, ["t0:q1"]);
    assert_eq!(typed(ns(&[-big]), ns(&[-big - 2, -big + 3]), ">", true).await, ["t0:q0"]);
    // Mixed types are coerced: Int32 left against Int64 right, milliseconds against nanoseconds.
    let i32s = Arc::new(Int32Array::from(vec![5, 8])) as ArrayRef;
    assert_eq!(typed(i32s, i(&[Some(4), Some(8)]), ">", false).await, ["t0:q0", "t1:q0"]);
    let ms = Arc::new(TimestampMillisecondArray::from(vec![2])) as ArrayRef;
    assert_eq!(typed(ms, ns(&[1_000_000, 2_000_000, 2_000_001]), "<", false).await, ["t0:q2"]);
}

/// Tiny deterministic generator (tests must not depend on a crate for randomness).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

type KeyRow = (Option<i64>, Option<i64>, i64);

/// (symbol, time, id) rows sorted by (symbol, time) — or by time alone when `by` is false — with
/// NULLs last, then id.
fn gen_rows(g: &mut Lcg, n: usize, syms: u64, span: u64, by: bool) -> Vec<KeyRow> {
    let mut v: Vec<KeyRow> = (0..n)
        .map(|k| {
            let s = if g.next(20) == 0 { None } else { Some(g.next(syms) as i64) };
            let t = if g.next(25) == 0 { None } else { Some(g.next(span) as i64) };
            (s, t, k as i64)
        })
        .collect();
    let key = |o: Option<i64>| (o.is_none(), o);
    v.sort_by_key(|&(s, t, id)| (if by { key(s) } else { (false, None) }, key(t), id));
    v
}

/// The brute-force answer: the right id each left row matches (`by`: the symbols must be equal).
fn brute(l: &[KeyRow], r: &[KeyRow], op: &str, nearest: bool, by: bool) -> Vec<(i64, Option<i64>)> {
    let strict = op == ">" || op == "<";
    l.iter()
        .map(|&(s, t, id)| {
            let Some(t) = t else { return (id, None) };
            if by && s.is_none() {
                return (id, None);
            }
            let group = r.iter().filter(|x| (!by || x.0 == s) && x.1.is_some()).map(|x| (x.1.unwrap(), x.2));
            let back = group.clone().filter(|x| if strict { x.0 < t } else { x.0 <= t }).last();
            let fwd = group.clone().find(|x| if strict { x.0 > t } else { x.0 >= t });
            let pick = match (nearest, op.starts_with('>')) {
                (false, true) => back,
                (false, false) => fwd,
                (true, _) => match (back, fwd) {
                    (Some(b), Some(f)) => Some(if f.0 - t < t - b.0 { f } else { b }),
                    (b, f) => b.or(f),
                },
            };
            (id, pick.map(|x| x.1))
        })
        .collect()
}

fn key_batch(rows: &[KeyRow], id: &str) -> RecordBatch {
    batch(vec![
        ("symbol", i(&rows.iter().map(|r| r.0).collect::<Vec<_>>())),
        ("time", i(&rows.iter().map(|r| r.1).collect::<Vec<_>>())),
        (id, i(&rows.iter().map(|r| Some(r.2)).collect::<Vec<_>>())),
    ])
}

#[tokio::test]
async fn matches_brute_force_on_seeded_data() {
    let mut g = Lcg(42);
    // (left rows, right rows, symbols, time span, left batch, right batch, by symbol). The
    // 600 x 3000 case references over 64 one-row right batches per left batch: early emission.
    let cases = [
        (300, 300, 4, 100, 7, 5, true),
        (50, 3000, 3, 200, 16, 3, true),
        (2000, 40, 5, 50, 64, 1, true),
        (400, 400, 1, 30, 1, 2, true),
        (600, 3000, 2, 100_000, 200, 1, true),
        (300, 500, 3, 80, 9, 4, false),
    ];
    for (nl, nr, syms, span, lb, rb, by) in cases {
        let (lrows, rrows) = (gen_rows(&mut g, nl, syms, span, by), gen_rows(&mut g, nr, syms, span, by));
        let order: &[&str] = if by { &["symbol", "time"] } else { &["time"] };
        let l = sorted(table("l", &key_batch(&lrows, "id"), lb, 1), order);
        let r = sorted(table("r", &key_batch(&rrows, "q"), rb, 1), order);
        let on: &[&str] = if by { &["symbol"] } else { &[] };
        for (op, nearest) in [(">=", false), (">", false), ("<=", false), ("<", false), (">=", true), (">", true)] {
            let got: Vec<(i64, Option<i64>)> = pairs(&l.asof_join(&r, &spec(op, nearest, on)).unwrap())
                .await
                .iter()
                .map(|p| {
                    let (a, b) = p.split_once(':').unwrap();
                    (a.parse().unwrap(), b.parse().ok())
                })
                .collect();
            assert_eq!(got, brute(&lrows, &rrows, op, nearest, by), "case {nl}x{nr}, batches {lb}/{rb}, {op} nearest={nearest}");
        }
    }
}
