//! Pivot in the engine alone: output shape and types, value naming, the plan-time scan from any
//! thread (including inside a tokio runtime, where a naive `block_on` would panic).

use std::sync::Arc;

use datafusion::arrow::array::{ArrayRef, Int64Array, StringArray};
use datafusion::arrow::datatypes::{Field, Schema};
use datafusion::arrow::record_batch::RecordBatch;
use datafusion::arrow::util::pretty::pretty_format_batches;

use super::*;

fn sales() -> Table {
    let region: ArrayRef = Arc::new(StringArray::from(vec![Some("east"), Some("west"), Some("east"), None, Some("west"), Some("east")]));
    let year: ArrayRef = Arc::new(Int64Array::from(vec![Some(2023), Some(2023), Some(2024), Some(2024), None, Some(2023)]));
    let amount: ArrayRef = Arc::new(Int64Array::from(vec![10, 5, 7, 3, 20, 1]));
    let schema = Arc::new(Schema::new(vec![
        Field::new("region", DataType::Utf8, true),
        Field::new("year", DataType::Int64, true),
        Field::new("amount", DataType::Int64, false),
    ]));
    let batch = RecordBatch::try_new(schema.clone(), vec![region, year, amount]).unwrap();
    crate::io::from_ipc(&exec::to_ipc(&schema, &[batch]).unwrap()).unwrap()
}

fn spec(agg: &str) -> PivotSpec {
    serde_json::from_value(serde_json::json!({ "index": ["region"], "columns": "year", "values": "amount", "agg": agg })).unwrap()
}

fn show(t: &Table) -> String {
    let t = t.clone();
    let (_, batches) = exec::block_on(async move { exec::collect_batches(&t).await }).unwrap();
    pretty_format_batches(&batches).unwrap().to_string()
}

#[test]
fn sum_by_region_and_year() {
    let p = sales().pivot(&spec("sum")).unwrap();
    let types: Vec<String> = p.columns().iter().map(|c| format!("{}:{}", c.name, c.ty)).collect();
    assert_eq!(types, ["region:utf8", "2023:int64", "2024:int64"]);
    // The NULL year (west, 20) is no column; the NULL region is a row of its own, last.
    assert_eq!(
        show(&p),
        "+--------+------+------+\n\
         | region | 2023 | 2024 |\n\
         +--------+------+------+\n\
         | east   | 11   | 7    |\n\
         | west   | 5    |      |\n\
         |        |      | 3    |\n\
         +--------+------+------+"
    );
}

#[test]
fn count_gives_zero_and_mean_floats() {
    let c = sales().pivot(&spec("count")).unwrap();
    assert!(show(&c).contains("| west   | 1    | 0    |"), "{}", show(&c));
    let m = sales().pivot(&spec("mean")).unwrap();
    assert_eq!(m.columns()[1].ty, "float64");
    assert!(show(&m).contains("| east   | 5.5  | 7.0  |"), "{}", show(&m));
}

#[test]
fn column_values_fix_the_order_and_skip_the_scan() {
    let mut s = spec("max");
    s.column_values = Some(vec![serde_json::json!(2024), serde_json::json!(1999), serde_json::json!(2023)]);
    let p = sales().pivot(&s).unwrap();
    assert_eq!(p.column_names(), ["region", "2024", "1999", "2023"]);
}

#[test]
fn value_names_follow_javascript() {
    assert_eq!(column_name(&ScalarValue::Float64(Some(2.0))).unwrap(), "2");
    assert_eq!(column_name(&ScalarValue::Float64(Some(1.5))).unwrap(), "1.5");
    assert_eq!(column_name(&ScalarValue::Boolean(Some(true))).unwrap(), "true");
    assert_eq!(column_name(&ScalarValue::Int32(Some(-7))).unwrap(), "-7");
    assert_eq!(column_name(&ScalarValue::Date32(Some(19723))).unwrap(), "2024-01-01");
    assert_eq!(column_name(&ScalarValue::Date32(Some(-1))).unwrap(), "1969-12-31");
    assert_eq!(
        column_name(&ScalarValue::TimestampMillisecond(Some(1_704_103_506_789), None)).unwrap(),
        "2024-01-01T10:05:06.789Z"
    );
    assert_eq!(column_name(&ScalarValue::TimestampMicrosecond(Some(-1), None)).unwrap(), "1969-12-31T23:59:59.999Z");
}

#[test]
fn column_values_must_match_the_column_type() {
    let date = DataType::Date32;
    assert_eq!(from_json(&serde_json::json!("2024-01-01"), &date, "d").unwrap(), ScalarValue::Date32(Some(19723)));
    assert_eq!(from_json(&serde_json::json!({ "date": 1_704_067_200_000i64 }), &date, "d").unwrap(), ScalarValue::Date32(Some(19723)));
    assert!(matches!(from_json(&serde_json::json!(5), &date, "d"), Err(LtseqError::TypeMismatch(_))));
    assert!(matches!(from_json(&serde_json::json!("5"), &DataType::Int64, "n"), Err(LtseqError::TypeMismatch(_))));
    assert!(matches!(from_json(&serde_json::json!(1.5), &DataType::Int64, "n"), Err(LtseqError::TypeMismatch(_))));
    assert!(matches!(from_json(&serde_json::json!(300), &DataType::Int8, "n"), Err(LtseqError::TypeMismatch(_))));
    assert_eq!(from_json(&serde_json::json!({ "bigint": "9007199254740993" }), &DataType::Int64, "n").unwrap(), ScalarValue::Int64(Some(9007199254740993)));
}

#[test]
fn errors_name_the_option() {
    let mut s = spec("sum");
    s.columns = "yr".into();
    let e = sales().pivot(&s).unwrap_err();
    assert!(matches!(&e, LtseqError::ColumnNotFound(m) if m.starts_with("pivot: columns \"yr\" not found; available: region, year, amount")), "{e}");
    let e = sales().pivot(&spec("median")).unwrap_err();
    assert!(matches!(&e, LtseqError::InvalidArgument(m) if m.contains("\"sum\", \"mean\", \"count\", \"min\", \"max\"")), "{e}");
    let mut s = spec("sum");
    s.values = "region".into();
    assert!(matches!(sales().pivot(&s), Err(LtseqError::TypeMismatch(_))));
}

#[test]
fn too_many_values_fail_at_the_call() {
    let n = MAX_VALUES as i64 + 1;
    let ids: ArrayRef = Arc::new(Int64Array::from((0..n).collect::<Vec<_>>()));
    let grp: ArrayRef = Arc::new(Int64Array::from(vec![1; n as usize]));
    let schema = Arc::new(Schema::new(vec![Field::new("id", DataType::Int64, false), Field::new("g", DataType::Int64, false)]));
    let batch = RecordBatch::try_new(schema.clone(), vec![ids, grp]).unwrap();
    let t = crate::io::from_ipc(&exec::to_ipc(&schema, &[batch]).unwrap()).unwrap();
    let s: PivotSpec = serde_json::from_value(serde_json::json!({ "index": ["g"], "columns": "id", "values": "id", "agg": "count" })).unwrap();
    let e = t.pivot(&s).unwrap_err();
    assert!(matches!(&e, LtseqError::InvalidArgument(m) if m.contains("more than 1000 distinct values") && m.contains("columnValues")), "{e}");
    // An explicit list is taken as given, and `columns` may not double as the index.
    let mut listed = s.clone();
    listed.column_values = Some(vec![serde_json::json!(3)]);
    assert_eq!(t.pivot(&listed).unwrap().column_names(), ["g", "3"]);
    listed.index = vec!["id".into()];
    assert!(matches!(t.pivot(&listed), Err(LtseqError::InvalidArgument(m)) if m.contains("both an index column")));
}

/// A synchronous caller inside a tokio runtime (as napi-rs may run sync methods) must neither
/// panic nor deadlock.
#[tokio::test(flavor = "multi_thread", worker_threads = 1)]
async fn pivot_from_inside_a_runtime() {
    let p = sales().pivot(&spec("sum")).unwrap();
    assert_eq!(p.column_names(), ["region", "2023", "2024"]);
}

#[tokio::test(flavor = "current_thread")]
async fn pivot_from_inside_a_current_thread_runtime() {
    let p = sales().pivot(&spec("min")).unwrap();
    assert_eq!(p.column_names(), ["region", "2023", "2024"]);
}
