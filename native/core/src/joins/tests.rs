//! `join` on literal tables: the four kinds with fan-out, NULL keys, suffixes and errors. A hash
//! join does not keep row order, so rows are compared sorted.

use std::sync::Arc;

use datafusion::arrow::array::{ArrayRef, Int32Array};

use crate::error::LtseqError;
use crate::nodes::link::tests::{batch, collect, ints, names, rows, strs, table};
use crate::table::Table;

fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

fn left() -> Table {
    table(&[batch(vec![
        ("k", ints(&[Some(1), Some(2), Some(2), None, Some(4)])),
        ("v", strs(&[Some("a"), Some("b"), Some("c"), Some("d"), Some("e")])),
    ])])
}

fn right() -> Table {
    table(&[batch(vec![
        ("k", ints(&[Some(2), Some(2), Some(3), None, Some(1)])),
        ("w", strs(&[Some("x"), Some("y"), Some("z"), Some("n"), Some("o")])),
    ])])
}

async fn sorted(t: &Table) -> Vec<String> {
    let mut r = rows(&collect(t).await.unwrap());
    r.sort();
    r
}

#[tokio::test]
async fn inner_join_fans_out_and_never_matches_nulls() {
    let t = left().join(&right(), &s(&["k"]), &s(&["k"]), "inner", "_r").unwrap();
    assert_eq!(names(&collect(&t).await.unwrap()), s(&["k", "v", "k_r", "w"]));
    assert_eq!(sorted(&t).await, s(&["1|a|1|o", "2|b|2|x", "2|b|2|y", "2|c|2|x", "2|c|2|y"]));
}

#[tokio::test]
async fn left_right_and_full_joins() {
    let inner = ["1|a|1|o", "2|b|2|x", "2|b|2|y", "2|c|2|x", "2|c|2|y"];
    let only_left = ["4|e|∅|∅", "∅|d|∅|∅"];
    let only_right = ["∅|∅|3|z", "∅|∅|∅|n"];
    let expect = |parts: &[&[&str]]| {
        let mut v: Vec<String> = parts.iter().flat_map(|p| p.iter().map(|x| x.to_string())).collect();
        v.sort();
        v
    };
    let j = |how: &str| left().join(&right(), &s(&["k"]), &s(&["k"]), how, "_r").unwrap();
    assert_eq!(sorted(&j("left")).await, expect(&[&inner, &only_left]));
    assert_eq!(sorted(&j("right")).await, expect(&[&inner, &only_right]));
    assert_eq!(sorted(&j("full")).await, expect(&[&inner, &only_left, &only_right]));
}

#[tokio::test]
async fn join_on_differently_named_and_typed_keys() {
    let r = table(&[batch(vec![
        ("id", Arc::new(Int32Array::from(vec![Some(4), Some(1)])) as ArrayRef),
        ("v", strs(&[Some("four"), Some("one")])),
    ])]);
    let t = left().join(&r, &s(&["k"]), &s(&["id"]), "inner", "_right").unwrap();
    assert_eq!(names(&collect(&t).await.unwrap()), s(&["k", "v", "id", "v_right"]));
    assert_eq!(sorted(&t).await, s(&["1|a|1|one", "4|e|4|four"]));
}

#[tokio::test]
async fn composite_join_keys() {
    let a = table(&[batch(vec![("x", ints(&[Some(1), Some(1), Some(2)])), ("y", strs(&[Some("p"), Some("q"), Some("p")]))])]);
    let b = table(&[batch(vec![("x", ints(&[Some(1), Some(2)])), ("y", strs(&[Some("q"), Some("p")])), ("z", ints(&[Some(10), Some(20)]))])]);
    let t = a.join(&b, &s(&["x", "y"]), &s(&["x", "y"]), "left", "_b").unwrap();
    assert_eq!(sorted(&t).await, s(&["1|p|∅|∅|∅", "1|q|1|q|10", "2|p|2|p|20"]));
}

#[tokio::test]
async fn join_errors_are_specific() {
    let err = left().join(&right(), &s(&["k"]), &s(&["k"]), "outer", "_r").unwrap_err();
    assert!(matches!(err, LtseqError::InvalidArgument(_)));
    assert!(err.to_string().contains("\"inner\", \"left\", \"right\", \"full\""), "{err}");
    let err = left().join(&right(), &s(&["k"]), &s(&["w2"]), "inner", "_r").unwrap_err();
    assert!(matches!(err, LtseqError::ColumnNotFound(_)));
    assert!(err.to_string().contains("(right table)") && err.to_string().contains("k, w"), "{err}");
    // "k" + "" is still "k".
    let err = left().join(&right(), &s(&["k"]), &s(&["k"]), "inner", "").unwrap_err();
    assert!(matches!(err, LtseqError::SchemaMismatch(_)), "{err:?}");
    let taken = table(&[batch(vec![("k", ints(&[Some(1)])), ("k_r", ints(&[Some(1)]))])]);
    let err = taken.join(&right(), &s(&["k"]), &s(&["k"]), "inner", "_r").unwrap_err();
    assert!(err.to_string().contains("\"k_r\", which is already taken"), "{err}");
    let text = table(&[batch(vec![("k", strs(&[Some("1")]))])]);
    let err = text.join(&right(), &s(&["k"]), &s(&["k"]), "inner", "_r").unwrap_err();
    assert!(matches!(err, LtseqError::TypeMismatch(_)), "{err:?}");
}

#[tokio::test]
async fn join_counts_on_the_parallel_session() {
    let t = left().join(&right(), &s(&["k"]), &s(&["k"]), "inner", "_r").unwrap();
    assert_eq!(crate::exec::count(&t).await.unwrap(), 5);
}
