//! Link node tests on literal in-memory tables (both sides are scans named "data", as tables from
//! `fromRows`/`fromArrow` are, so the tests also cover two children with the same qualifier).

use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, Int32Array, Int64Array, RecordBatch, StringArray, StringViewArray};
use datafusion::arrow::compute::concat_batches;
use datafusion::arrow::util::display::array_value_to_string;
use datafusion::logical_expr::{LogicalPlanBuilder, col};
use futures::StreamExt;

use crate::error::LtseqError;
use crate::table::Table;
use crate::{exec, io};

pub fn batch(cols: Vec<(&str, ArrayRef)>) -> RecordBatch {
    RecordBatch::try_from_iter(cols).unwrap()
}

pub fn ints(v: &[Option<i64>]) -> ArrayRef {
    Arc::new(Int64Array::from(v.to_vec()))
}

pub fn strs(v: &[Option<&str>]) -> ArrayRef {
    Arc::new(StringArray::from(v.to_vec()))
}

/// A table over literal batches, the way the runtime makes one (IPC → MemTable scan "data").
pub fn table(batches: &[RecordBatch]) -> Table {
    io::from_ipc(&exec::to_ipc(&batches[0].schema(), batches).unwrap()).unwrap()
}

pub async fn collect(t: &Table) -> crate::Result<RecordBatch> {
    let mut s = exec::stream(t).await?;
    let schema = s.schema();
    let mut out = Vec::new();
    while let Some(b) = s.next().await {
        out.push(b?);
    }
    Ok(concat_batches(&schema, &out)?)
}

/// Each row as `a|b|c`, NULL as `∅`.
pub fn rows(b: &RecordBatch) -> Vec<String> {
    (0..b.num_rows())
        .map(|i| {
            b.columns()
                .iter()
                .map(|c| if c.is_null(i) { "∅".to_string() } else { array_value_to_string(c, i).unwrap() })
                .collect::<Vec<_>>()
                .join("|")
        })
        .collect()
}

pub fn names(b: &RecordBatch) -> Vec<String> {
    b.schema().fields().iter().map(|f| f.name().clone()).collect()
}

fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

fn orders() -> Table {
    table(&[batch(vec![
        ("id", ints(&[Some(10), Some(11), Some(12), Some(13), Some(14)])),
        ("productId", ints(&[Some(1), Some(3), Some(2), Some(9), None])),
    ])])
}

fn products() -> Table {
    table(&[batch(vec![
        ("id", ints(&[Some(1), Some(2), Some(3), None])),
        ("name", strs(&[Some("apple"), Some("bread"), Some("cheese"), Some("nothing")])),
        ("catId", ints(&[Some(100), Some(200), Some(100), Some(300)])),
    ])])
}

#[tokio::test]
async fn pointer_keeps_every_source_row_and_nulls_misses() {
    let t = orders().link(&products(), &s(&["productId"]), &s(&["id"]), "prod", false).unwrap();
    let b = collect(&t).await.unwrap();
    assert_eq!(names(&b), s(&["id", "productId", "prod_id", "prod_name", "prod_catId"]));
    // 9 has no product; the NULL key matches neither the NULL-keyed product nor anything else.
    assert_eq!(rows(&b), s(&["10|1|1|apple|100", "11|3|3|cheese|100", "12|2|2|bread|200", "13|9|∅|∅|∅", "14|∅|∅|∅|∅"]));
    assert!(b.schema().field_with_name("prod_name").unwrap().is_nullable());
}

#[tokio::test]
async fn inner_pointer_drops_rows_without_a_match() {
    let t = orders().link(&products(), &s(&["productId"]), &s(&["id"]), "prod", true).unwrap();
    let b = collect(&t).await.unwrap();
    assert_eq!(rows(&b), s(&["10|1|1|apple|100", "11|3|3|cheese|100", "12|2|2|bread|200"]));
}

#[tokio::test]
async fn duplicate_target_key_is_an_error_naming_the_value() {
    let dup = table(&[batch(vec![("id", ints(&[Some(7), Some(1), Some(7)])), ("v", ints(&[Some(1), Some(2), Some(3)]))])]);
    let src = table(&[batch(vec![("k", ints(&[Some(7)]))])]);
    let t = src.link(&dup, &s(&["k"]), &s(&["id"]), "prod", false).unwrap();
    let err = collect(&t).await.unwrap_err();
    assert!(matches!(err, LtseqError::InvalidArgument(_)), "{err:?}");
    assert!(err.to_string().contains("link \"prod\": target key id is not unique (value 7 occurs more than once)"), "{err}");
    assert!(err.to_string().contains("use join() for one-to-many"), "{err}");
    // Sparse and string keys take the other map shapes; same check.
    let sparse = table(&[batch(vec![("id", ints(&[Some(5_000_000_000), Some(1), Some(5_000_000_000)]))])]);
    let err = collect(&src.link(&sparse, &s(&["k"]), &s(&["id"]), "p", false).unwrap()).await.unwrap_err();
    assert!(err.to_string().contains("value 5000000000 occurs"), "{err}");
    let pair = table(&[batch(vec![("a", ints(&[Some(1), Some(1)])), ("b", strs(&[Some("x"), Some("x")]))])]);
    let src2 = table(&[batch(vec![("a", ints(&[Some(1)])), ("b", strs(&[Some("x")]))])]);
    let err = collect(&src2.link(&pair, &s(&["a", "b"]), &s(&["a", "b"]), "p", false).unwrap()).await.unwrap_err();
    assert!(err.to_string().contains("target key (a, b) is not unique (value (1, x) occurs"), "{err}");
}

#[tokio::test]
async fn composite_and_string_keys() {
    let src = table(&[batch(vec![
        ("region", strs(&[Some("eu"), Some("us"), Some("eu"), None])),
        ("n", ints(&[Some(1), Some(1), Some(2), Some(1)])),
    ])]);
    let tgt = table(&[batch(vec![
        ("region", Arc::new(StringViewArray::from(vec![Some("eu"), Some("us"), Some("eu")])) as ArrayRef),
        ("n", ints(&[Some(1), Some(1), Some(3)])),
        ("label", strs(&[Some("eu-1"), Some("us-1"), Some("eu-3")])),
    ])]);
    // Utf8 against Utf8View: compared in a common type.
    let t = src.link(&tgt, &s(&["region", "n"]), &s(&["region", "n"]), "r", false).unwrap();
    let b = collect(&t).await.unwrap();
    assert_eq!(rows(&b).iter().map(|r| r.rsplit('|').next().unwrap().to_string()).collect::<Vec<_>>(), s(&["eu-1", "us-1", "∅", "∅"]));
    let by_name = src.link(&tgt, &s(&["region"]), &s(&["label"]), "l", false).unwrap();
    let b = collect(&by_name).await.unwrap();
    assert_eq!(b.num_rows(), 4);
    assert_eq!(b.column_by_name("l_label").unwrap().null_count(), 4);
}

#[tokio::test]
async fn int32_source_key_against_int64_target_key() {
    let src = table(&[batch(vec![("pid", Arc::new(Int32Array::from(vec![Some(3), Some(1), None, Some(4)])) as ArrayRef)])]);
    let t = src.link(&products(), &s(&["pid"]), &s(&["id"]), "prod", false).unwrap();
    let b = collect(&t).await.unwrap();
    assert_eq!(rows(&b), s(&["3|3|cheese|100", "1|1|apple|100", "∅|∅|∅|∅", "4|∅|∅|∅"]));
    // String against number is refused at the call.
    let text = table(&[batch(vec![("pid", strs(&[Some("1")]))])]);
    let err = text.link(&products(), &s(&["pid"]), &s(&["id"]), "prod", false).unwrap_err();
    assert!(matches!(err, LtseqError::TypeMismatch(_)), "{err:?}");
    assert!(err.to_string().contains("pid (utf8) cannot be compared with id (int64)"), "{err}");
}

#[tokio::test]
async fn chained_links_follow_the_added_column() {
    let cats = table(&[batch(vec![("id", ints(&[Some(100), Some(200)])), ("title", strs(&[Some("food"), Some("bakery")]))])]);
    let t = orders()
        .link(&products(), &s(&["productId"]), &s(&["id"]), "prod", false)
        .unwrap()
        .link(&cats, &s(&["prod_catId"]), &s(&["id"]), "cat", false)
        .unwrap();
    let b = collect(&t).await.unwrap();
    let title = b.column_by_name("cat_title").unwrap();
    let got: Vec<String> = (0..b.num_rows()).map(|i| if title.is_null(i) { "∅".into() } else { array_value_to_string(title, i).unwrap() }).collect();
    assert_eq!(got, s(&["food", "food", "bakery", "∅", "∅"]));
}

/// A table linked to itself (employee → manager): both children are the same scan.
#[tokio::test]
async fn self_link() {
    let emp = table(&[batch(vec![
        ("id", ints(&[Some(1), Some(2), Some(3)])),
        ("boss", ints(&[None, Some(1), Some(2)])),
        ("name", strs(&[Some("ann"), Some("bob"), Some("cy")])),
    ])]);
    let t = emp.link(&emp, &s(&["boss"]), &s(&["id"]), "mgr", false).unwrap();
    let plan = LogicalPlanBuilder::from(t.plan.clone()).project(vec![col("name"), col("mgr_name")]).unwrap().build().unwrap();
    let b = collect(&t.with_plan(plan)).await.unwrap();
    assert_eq!(rows(&b), s(&["ann|∅", "bob|ann", "cy|bob"]));
}

/// Several source batches, dense and sparse key maps: every row once, in source order, on the
/// ordered session (collect) and the same count on the parallel one (count).
#[tokio::test]
async fn source_order_is_kept_across_batches() {
    for scale in [1i64, 1_000_003] {
        let target = table(&[batch(vec![
            ("id", ints(&(0..500).map(|i| Some(i * scale)).collect::<Vec<_>>())),
            ("v", ints(&(0..500).map(|i| Some(i * 2)).collect::<Vec<_>>())),
        ])]);
        let batches: Vec<RecordBatch> = (0..6)
            .map(|b| {
                let keys: Vec<Option<i64>> = (0..1000).map(|i| Some(((b * 1000 + i) * 7919 % 600) * scale)).collect();
                let pos: Vec<Option<i64>> = (0..1000).map(|i| Some(b * 1000 + i)).collect();
                batch(vec![("pos", ints(&pos)), ("k", ints(&keys))])
            })
            .collect();
        let src = table(&batches);
        let t = src.link(&target, &s(&["k"]), &s(&["id"]), "t", false).unwrap();
        let b = collect(&t).await.unwrap();
        assert_eq!(b.num_rows(), 6000);
        let pos = b.column_by_name("pos").unwrap().as_any().downcast_ref::<Int64Array>().unwrap();
        assert!(pos.values().iter().enumerate().all(|(i, &p)| p == i as i64), "order lost (scale {scale})");
        let k = b.column_by_name("k").unwrap().as_any().downcast_ref::<Int64Array>().unwrap();
        let v = b.column_by_name("t_v").unwrap().as_any().downcast_ref::<Int64Array>().unwrap();
        for i in 0..6000 {
            let key = k.value(i) / scale;
            if key < 500 {
                assert_eq!(v.value(i), key * 2);
            } else {
                assert!(v.is_null(i));
            }
        }
        assert_eq!(exec::count(&t).await.unwrap(), 6000);
        let inner = src.link(&target, &s(&["k"]), &s(&["id"]), "t", true).unwrap();
        let expected = (0..6000i64).filter(|x| x * 7919 % 600 < 500).count();
        assert_eq!(exec::count(&inner).await.unwrap(), expected);
        assert_eq!(collect(&inner).await.unwrap().num_rows(), expected);
    }
}

/// A source of several partitions (a union) keeps them as the output's partitions, each in order.
#[tokio::test]
async fn multi_partition_source() {
    let a = table(&[batch(vec![("k", ints(&[Some(3), Some(1)]))])]);
    let b = table(&[batch(vec![("k", ints(&[Some(2), Some(9)]))])]);
    let t = a.union(&b).unwrap().link(&products(), &s(&["k"]), &s(&["id"]), "p", false).unwrap();
    let got = collect(&t).await.unwrap();
    assert_eq!(rows(&got), s(&["3|3|cheese|100", "1|1|apple|100", "2|2|bread|200", "9|∅|∅|∅"]));
    assert_eq!(exec::count(&t).await.unwrap(), 4);
}

#[tokio::test]
async fn semi_and_anti_treat_the_target_as_a_set() {
    let left = table(&[batch(vec![
        ("k", ints(&[Some(1), Some(2), None, Some(3), Some(1)])),
        ("tag", strs(&[Some("a"), Some("b"), Some("c"), Some("d"), Some("e")])),
    ])]);
    let right = table(&[batch(vec![("key", ints(&[Some(1), Some(1), None, Some(3), Some(3)]))])]);
    let semi = collect(&left.semi_join(&right, &s(&["k"]), &s(&["key"]), false).unwrap()).await.unwrap();
    assert_eq!(rows(&semi), s(&["1|a", "3|d", "1|e"]));
    let anti = collect(&left.semi_join(&right, &s(&["k"]), &s(&["key"]), true).unwrap()).await.unwrap();
    assert_eq!(rows(&anti), s(&["2|b", "∅|c"]));
    assert_eq!(names(&anti), s(&["k", "tag"]));
}

/// Selecting one linked column reads only that column and the key from the target.
#[tokio::test]
async fn only_the_target_columns_used_are_read() {
    let target = table(&[batch(vec![
        ("id", ints(&[Some(1), Some(2)])),
        ("name", strs(&[Some("a"), Some("b")])),
        ("price", ints(&[Some(5), Some(6)])),
        ("weight", ints(&[Some(7), Some(8)])),
    ])]);
    let src = table(&[batch(vec![("oid", ints(&[Some(1), Some(2), Some(3)])), ("pid", ints(&[Some(2), Some(1), Some(2)]))])]);
    let linked = src.link(&target, &s(&["pid"]), &s(&["id"]), "prod", false).unwrap();
    let plan = LogicalPlanBuilder::from(linked.plan.clone()).project(vec![col("oid"), col("prod_name")]).unwrap().build().unwrap();
    let t = linked.with_plan(plan);
    let text = exec::explain(&t).await.unwrap();
    assert!(text.contains("Link: prod (pid = id), pointer"), "{text}");
    // The projection above is embedded: the node builds only these two columns.
    assert!(text.contains("LinkExec: prod (pid = id), pointer, projection=[oid, prod_name]"), "{text}");
    assert!(text.contains("TableScan: data projection=[id, name]"), "{text}");
    assert!(text.contains("TableScan: data projection=[oid, pid]"), "{text}");
    assert!(!text.contains("price") && !text.contains("weight"), "{text}");
    let b = collect(&t).await.unwrap();
    assert_eq!(rows(&b), s(&["1|b", "2|a", "3|b"]));
}

#[tokio::test]
async fn link_validates_columns_alias_and_collisions() {
    let err = orders().link(&products(), &s(&["nope"]), &s(&["id"]), "prod", false).unwrap_err();
    assert!(matches!(err, LtseqError::ColumnNotFound(_)));
    assert!(err.to_string().contains("(source table)") && err.to_string().contains("available columns: id, productId"), "{err}");
    let err = orders().link(&products(), &s(&["productId"]), &s(&["pid"]), "prod", false).unwrap_err();
    assert!(err.to_string().contains("(target table)") && err.to_string().contains("id, name, catId"), "{err}");
    let err = orders().link(&products(), &s(&["productId"]), &s(&["id"]), "", false).unwrap_err();
    assert!(matches!(err, LtseqError::InvalidArgument(_)));
    let err = orders().link(&products(), &s(&["productId", "id"]), &s(&["id"]), "p", false).unwrap_err();
    assert!(matches!(err, LtseqError::InvalidArgument(_)));
    let clash = table(&[batch(vec![("pid", ints(&[Some(1)])), ("prod_name", strs(&[Some("x")]))])]);
    let err = clash.link(&products(), &s(&["pid"]), &s(&["id"]), "prod", false).unwrap_err();
    assert!(matches!(err, LtseqError::SchemaMismatch(_)));
    assert!(err.to_string().contains("\"prod_name\"") && err.to_string().contains("pick another `as`"), "{err}");
}

#[tokio::test]
async fn empty_target_links_to_nothing() {
    let empty = table(&[batch(vec![("id", ints(&[])), ("name", strs(&[]))])]);
    let b = collect(&orders().link(&empty, &s(&["productId"]), &s(&["id"]), "p", false).unwrap()).await.unwrap();
    assert_eq!(b.num_rows(), 5);
    assert_eq!(b.column_by_name("p_name").unwrap().null_count(), 5);
    let anti = collect(&orders().semi_join(&empty, &s(&["productId"]), &s(&["id"]), true).unwrap()).await.unwrap();
    assert_eq!(anti.num_rows(), 5);
}

/// The same on a Parquet target, checked in the physical plan: the scan reads two of four columns.
#[tokio::test]
async fn parquet_target_scan_reads_only_needed_columns() {
    let dir = std::env::temp_dir().join(format!("ltseq-link-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("products.parquet").to_string_lossy().to_string();
    let products = table(&[batch(vec![
        ("id", ints(&[Some(1), Some(2)])),
        ("name", strs(&[Some("a"), Some("b")])),
        ("price", ints(&[Some(5), Some(6)])),
        ("weight", ints(&[Some(7), Some(8)])),
    ])]);
    io::write(&products, &path, io::Format::Parquet, None).await.unwrap();
    let target = io::read_parquet(&path).await.unwrap();
    let src = table(&[batch(vec![("oid", ints(&[Some(1), Some(2), Some(3)])), ("pid", ints(&[Some(2), Some(1), Some(2)]))])]);
    let linked = src.link(&target, &s(&["pid"]), &s(&["id"]), "prod", false).unwrap();
    let plan = LogicalPlanBuilder::from(linked.plan.clone()).project(vec![col("oid"), col("prod_price")]).unwrap().build().unwrap();
    let t = linked.with_plan(plan);
    let text = exec::explain(&t).await.unwrap();
    let physical = text.split("physical plan:").nth(1).unwrap();
    let scan = physical.lines().find(|l| l.contains("products.parquet")).unwrap();
    assert!(scan.contains("projection=[id, price]"), "{physical}");
    assert_eq!(rows(&collect(&t).await.unwrap()), s(&["1|6", "2|5", "3|6"]));
    assert_eq!(t.sources.as_slice(), [path.clone()]);
    std::fs::remove_dir_all(&dir).ok();
}
