//! PatternSearch tests: the matcher on literal batches (carry across batch boundaries of every
//! size), then the whole lowering through `search_pattern` (staged shifts, partitions that are not
//! the declared order's prefix, counting mode, explain).

use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, BooleanArray, Int64Array, RecordBatch, StringArray};
use datafusion::arrow::compute::concat_batches;
use datafusion::arrow::util::display::array_value_to_string;
use datafusion::physical_expr::PhysicalExpr;
use datafusion::physical_expr::expressions::col;
use futures::StreamExt;

use super::Matcher;
use crate::table::{SortKey, Table};
use crate::tree::{BinaryOp, Expr, LitValue};
use crate::{exec, io, search};

fn ints(v: &[i64]) -> ArrayRef {
    Arc::new(Int64Array::from(v.to_vec()))
}

/// Rows (u, a, b, c): partition key u, three step flags (NULL in `a` at id 9 counts as false).
fn flags_batch() -> RecordBatch {
    let b = |v: &[Option<bool>]| -> ArrayRef { Arc::new(BooleanArray::from(v.to_vec())) };
    let (t, f) = (Some(true), Some(false));
    RecordBatch::try_from_iter(vec![
        ("id", ints(&[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])),
        ("u", ints(&[1, 1, 1, 1, 1, 2, 2, 2, 3, 3, 3, 3])),
        // id 0 → 1 → 2 matches; id 3 → 4 → 5 crosses into u=2 (no); 5 → 6 → 7 matches; 9 is NULL.
        ("a", b(&[t, f, f, t, f, t, f, f, f, None, f, f])),
        ("b", b(&[f, t, f, f, t, f, t, f, f, f, t, f])),
        ("c", b(&[f, f, t, f, f, t, f, t, f, f, f, t])),
    ])
    .unwrap()
}

fn run_matcher(batch: &RecordBatch, sizes: &[usize], steps: &[&str], count_only: bool) -> Vec<i64> {
    let schema = batch.schema();
    let exprs: Vec<Arc<dyn PhysicalExpr>> = steps.iter().map(|s| col(s, &schema).unwrap()).collect();
    let out_schema = if count_only { Arc::new(datafusion::arrow::datatypes::Schema::empty()) } else { schema.clone() };
    // Output batches of 2 rows: the coalescer's full batches and its remainder both occur.
    let mut m = Matcher::new(vec![1], exprs, count_only, out_schema, 2);
    let (mut at, mut i, mut batches) = (0, 0, Vec::new());
    while at < batch.num_rows() {
        let len = sizes[i % sizes.len()].min(batch.num_rows() - at);
        batches.extend(m.push(&batch.slice(at, len)).unwrap());
        at += len;
        i += 1;
    }
    batches.extend(m.finish().unwrap());
    let mut out = Vec::new();
    for r in batches {
        if count_only {
            out.push(r.num_rows() as i64);
        } else {
            assert!(r.num_rows() <= 2);
            out.extend(r.column(0).as_any().downcast_ref::<Int64Array>().unwrap().values().iter().copied());
        }
    }
    out
}

#[test]
fn matcher_finds_matches_within_partitions_at_any_batch_split() {
    let b = flags_batch();
    for sizes in [vec![12], vec![1], vec![2], vec![3], vec![5, 1], vec![1, 2, 7]] {
        assert_eq!(run_matcher(&b, &sizes, &["a", "b", "c"], false), vec![0, 5], "sizes {sizes:?}");
        assert_eq!(run_matcher(&b, &sizes, &["a", "b", "c"], true).iter().sum::<i64>(), 2, "sizes {sizes:?}");
        // Two steps: 0→1, 3→4, 5→6; 9→10 needs a, which is NULL there.
        assert_eq!(run_matcher(&b, &sizes, &["a", "b"], false), vec![0, 3, 5], "sizes {sizes:?}");
        // One step is a filter.
        assert_eq!(run_matcher(&b, &sizes, &["c"], false), vec![2, 5, 7, 11], "sizes {sizes:?}");
    }
}

#[test]
fn matcher_allows_overlapping_matches_and_needs_the_whole_look_ahead() {
    // a a a a in one partition, pattern [a, a]: matches at 0, 1, 2 (overlapping), not at the last row.
    let t: ArrayRef = Arc::new(BooleanArray::from(vec![true; 4]));
    let b = RecordBatch::try_from_iter(vec![("id", ints(&[0, 1, 2, 3])), ("u", ints(&[1, 1, 1, 1])), ("a", t)]).unwrap();
    for sizes in [vec![4], vec![1], vec![3]] {
        assert_eq!(run_matcher(&b, &sizes, &["a", "a"], false), vec![0, 1, 2]);
        assert_eq!(run_matcher(&b, &sizes, &["a", "a", "a", "a", "a"], false), Vec::<i64>::new());
    }
}

#[test]
fn matcher_agrees_with_brute_force_on_sparse_random_flags() {
    // 2000 rows, partitions of 1..12 rows, `a` rare (so later steps take the gathered path),
    // `b`/`c` common, NULLs in `c`; every split of the input gives the brute-force answer.
    let mut seed = 42u64;
    let mut rand = move || {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (seed >> 33) as f64 / (1u64 << 31) as f64
    };
    let n: usize = 2000;
    let (mut u, mut a, mut b, mut c) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut user = 0i64;
    for _ in 0..n {
        if rand() < 0.15 {
            user += 1;
        }
        u.push(user);
        a.push(Some(rand() < 0.08));
        b.push(Some(rand() < 0.5));
        c.push(if rand() < 0.1 { None } else { Some(rand() < 0.6) });
    }
    let holds = |v: &Vec<Option<bool>>, i: usize| v[i] == Some(true);
    let want: Vec<i64> = (0..n.saturating_sub(2))
        .filter(|&i| u[i] == u[i + 2] && holds(&a, i) && holds(&b, i + 1) && holds(&c, i + 2))
        .map(|i| i as i64)
        .collect();
    assert!(want.len() > 20, "{}", want.len());
    let bools = |v: &Vec<Option<bool>>| -> ArrayRef { Arc::new(BooleanArray::from(v.clone())) };
    let batch = RecordBatch::try_from_iter(vec![
        ("id", ints(&(0..n as i64).collect::<Vec<_>>())),
        ("u", ints(&u)),
        ("a", bools(&a)),
        ("b", bools(&b)),
        ("c", bools(&c)),
    ])
    .unwrap();
    for sizes in [vec![2000], vec![1], vec![2], vec![7, 1, 300], vec![512], vec![1000, 999]] {
        assert_eq!(run_matcher(&batch, &sizes, &["a", "b", "c"], false), want, "sizes {sizes:?}");
        assert_eq!(run_matcher(&batch, &sizes, &["a", "b", "c"], true).iter().sum::<i64>(), want.len() as i64, "sizes {sizes:?}");
    }
}

// ---- through the lowering ----

fn c(name: &str) -> Expr {
    Expr::Col { name: name.into() }
}
fn eq_str(col: &str, v: &str) -> Expr {
    Expr::Binary { op: BinaryOp::Eq, left: Box::new(c(col)), right: Box::new(Expr::Lit { value: LitValue::Str(v.into()), ty: None }) }
}
fn key(name: &str) -> SortKey {
    SortKey { expr: c(name), desc: false }
}

/// Clicks (user, t, url) in (user, t) order, split into batches of 3 rows.
fn clicks() -> Table {
    let users = [1, 1, 1, 1, 2, 2, 2, 3, 3, 3, 3];
    let urls = ["/a", "/b", "/c", "/a", "/b", "/c", "/a", "/a", "/b", "/c", "/a"];
    let b = RecordBatch::try_from_iter(vec![
        ("user", ints(&users)),
        ("t", ints(&(0..11).collect::<Vec<i64>>())),
        ("url", Arc::new(StringArray::from(urls.to_vec())) as ArrayRef),
    ])
    .unwrap();
    let parts: Vec<RecordBatch> = (0..11).step_by(3).map(|i| b.slice(i, 3.min(11 - i))).collect();
    io::from_ipc(&exec::to_ipc(&b.schema(), &parts).unwrap()).unwrap()
}

async fn rows(t: &Table) -> Vec<String> {
    let mut s = exec::stream(t).await.unwrap();
    let schema = s.schema();
    let mut out = Vec::new();
    while let Some(b) = s.next().await {
        out.push(b.unwrap());
    }
    let b = concat_batches(&schema, &out).unwrap();
    (0..b.num_rows())
        .map(|i| b.columns().iter().map(|c| array_value_to_string(c, i).unwrap()).collect::<Vec<_>>().join("|"))
        .collect()
}

fn abc() -> Vec<Expr> {
    vec![eq_str("url", "/a"), eq_str("url", "/b"), eq_str("url", "/c")]
}

#[tokio::test]
async fn search_matches_within_each_user_and_counts_without_rows() {
    let t = search::search_pattern(&clicks(), &abc(), &["user".into()], &[key("user"), key("t")]).unwrap();
    assert_eq!(rows(&t).await, vec!["1|0|/a", "3|7|/a"]);
    assert_eq!(exec::count(&t).await.unwrap(), 2);
    // Without partitions the /a of user 1 at t=3 runs into user 2's /b, /c.
    let all = search::search_pattern(&clicks(), &abc(), &[], &[key("user"), key("t")]).unwrap();
    assert_eq!(rows(&all).await, vec!["1|0|/a", "1|3|/a", "3|7|/a"]);
    assert_eq!(exec::count(&all).await.unwrap(), 3);
    let plan = exec::explain(&t).await.unwrap();
    assert!(plan.contains("PatternSearch: partition_by=[data.user]"), "{plan}");
    assert!(plan.contains("PatternSearchExec"), "{plan}");
}

#[tokio::test]
async fn counting_plan_has_no_rows_and_keeps_later_transforms() {
    let t = search::search_pattern(&clicks(), &abc(), &["user".into()], &[key("user"), key("t")]).unwrap();
    assert!(search::counting_plan(&t.plan).is_some());
    // A filter after the search is not a pure count: it runs on the rows.
    let later = t.filter(&Expr::Binary { op: BinaryOp::Gt, left: Box::new(c("t")), right: Box::new(Expr::Lit { value: LitValue::Int(1), ty: None }) }, &[]).unwrap();
    assert!(search::counting_plan(&later.plan).is_none());
    assert_eq!(rows(&later).await, vec!["3|7|/a"]);
    assert_eq!(exec::count(&later).await.unwrap(), 1);
}

#[tokio::test]
async fn steps_may_use_sequence_operators() {
    // Step 2: the t gap to the previous row (any user) is 1 and the url is /b.
    let gap = Expr::Binary {
        op: BinaryOp::Eq,
        left: Box::new(Expr::Binary {
            op: BinaryOp::Sub,
            left: Box::new(c("t")),
            right: Box::new(Expr::Window {
                func: "shift".into(),
                args: vec![c("t"), Expr::Lit { value: LitValue::Int(1), ty: None }],
                partition_by: vec![],
                order_by: vec![],
                default: None,
            }),
        }),
        right: Box::new(Expr::Lit { value: LitValue::Int(1), ty: None }),
    };
    let step2 = Expr::Binary { op: BinaryOp::And, left: Box::new(gap), right: Box::new(eq_str("url", "/b")) };
    let t = search::search_pattern(&clicks(), &[eq_str("url", "/a"), step2], &["user".into()], &[key("user"), key("t")]).unwrap();
    assert_eq!(rows(&t).await, vec!["1|0|/a", "3|7|/a"]);
    assert_eq!(exec::count(&t).await.unwrap(), 2);
}

#[tokio::test]
async fn partitions_outside_the_declared_order_keep_the_table_order() {
    // Ordered by t only, partitioned by user: each user's rows are matched in t order, and the
    // result comes back in t order.
    let t = search::search_pattern(&clicks(), &abc(), &["user".into()], &[key("t")]).unwrap();
    assert_eq!(rows(&t).await, vec!["1|0|/a", "3|7|/a"]);
    let two = search::search_pattern(&clicks(), &[eq_str("url", "/c"), eq_str("url", "/a")], &["user".into()], &[key("t")]).unwrap();
    assert_eq!(rows(&two).await, vec!["1|2|/c", "2|5|/c", "3|9|/c"]);
    assert_eq!(exec::count(&two).await.unwrap(), 3);
}

#[test]
fn errors_name_the_problem() {
    let e = search::search_pattern(&clicks(), &abc(), &["nope".into()], &[key("t")]).unwrap_err().to_string();
    assert!(e.contains("nope"), "{e}");
    let e = search::search_pattern(&clicks(), &abc(), &[], &[]).unwrap_err().to_string();
    assert!(e.contains("declared order"), "{e}");
    let e = search::search_pattern(&clicks(), &[c("t")], &[], &[key("t")]).unwrap_err().to_string();
    assert!(e.contains("step 1"), "{e}");
}
