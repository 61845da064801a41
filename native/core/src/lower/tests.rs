//! Lowering tests: every golden fixture under `test/fixtures/expr/` (shared with the TS parser
//! tests) must lower against the fixture schema, plus semantic checks of individual node kinds.

use std::sync::Arc;

use datafusion::arrow::datatypes::{DataType, Field, Schema};
use datafusion::common::DFSchema;

use super::*;
use crate::tree::{Body, Lambda};

fn fixture_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../test/fixtures/expr")
}

fn fixture_schema() -> DFSchema {
    let raw = std::fs::read_to_string(fixture_dir().join("schema.json")).expect("schema.json");
    let cols: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&raw).unwrap();
    let fields: Vec<Field> = cols
        .iter()
        .map(|(n, t)| Field::new(n, arrow_type_of_name(t.as_str().unwrap()).unwrap(), true))
        .collect();
    DFSchema::try_from(Arc::new(Schema::new(fields))).unwrap()
}

fn parse(tree: &str) -> Expr {
    serde_json::from_str(tree).unwrap()
}

fn lower_str(tree: &str) -> Result<DfExpr> {
    let schema = fixture_schema();
    Lowerer::new(&schema).lower(&parse(tree))
}

fn lowered(tree: &str) -> String {
    lower_str(tree).unwrap().to_string()
}

#[test]
fn every_golden_fixture_lowers() {
    let schema = fixture_schema();
    let l = Lowerer::new(&schema);
    let mut n = 0;
    for entry in std::fs::read_dir(fixture_dir()).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if !name.ends_with(".json") || name == "schema.json" {
            continue;
        }
        let raw: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let lambda: Lambda = serde_json::from_value(raw["tree"].clone())
            .unwrap_or_else(|e| panic!("{name}: tree does not deserialise: {e}"));
        assert_eq!(lambda.version, crate::tree::TREE_VERSION, "{name}");
        let exprs: Vec<Expr> = match lambda.body {
            Body::Expr(e) => vec![e],
            Body::List { items } => items,
            Body::Record { fields } => fields.into_iter().map(|f| f.expr).collect(),
        };
        let mut outs = Vec::new();
        if exprs.iter().any(super::window::has_window) {
            // Sequence operators lower to plan nodes, not expressions: pin the staged plan,
            // declared order `d` ascending.
            outs.push(staged_plan(&exprs));
        }
        for e in exprs.into_iter().filter(|e| !super::window::has_window(e)) {
            // `desc` is a sort marker, unwrapped by the runtime before lowering.
            let e = match e {
                Expr::Call { func, mut args } if func == "desc" => args.remove(0),
                other => other,
            };
            outs.push(l.lower(&e).unwrap_or_else(|err| panic!("{name}: {err}")).to_string());
        }
        let got = serde_json::Value::from(outs);
        if std::env::var_os("LTSEQ_UPDATE_FIXTURES").is_some() {
            // Regenerates the pinned lowering; review the diff before committing.
            let mut obj = raw.clone();
            obj["lowered"] = got.clone();
            std::fs::write(&path, serde_json::to_string_pretty(&obj).unwrap() + "\n").unwrap();
        } else {
            let expected = raw.get("lowered").unwrap_or_else(|| {
                panic!("{name}: no \"lowered\" field; run LTSEQ_UPDATE_FIXTURES=1 cargo test and review it")
            });
            assert_eq!(&got, expected, "{name}: lowering changed");
        }
        n += 1;
    }
    assert!(n >= 50, "expected the golden fixtures, found {n}");
}

/// The plan of `select(r => ({ out0: e0, ... }))` over an empty table with the fixture schema,
/// declared order `d` ascending.
fn staged_plan(exprs: &[Expr]) -> String {
    use datafusion::datasource::{MemTable, provider_as_source};
    use datafusion::logical_expr::LogicalPlanBuilder;
    let schema = fixture_schema();
    let arrow = Arc::new(schema.as_arrow().clone());
    let mem = MemTable::try_new(arrow, vec![vec![]]).unwrap();
    let plan = LogicalPlanBuilder::scan("t", provider_as_source(Arc::new(mem)), None).unwrap().build().unwrap();
    let table = crate::table::Table::new(plan, vec![]);
    let fields: Vec<crate::tree::Field> =
        exprs.iter().enumerate().map(|(i, e)| crate::tree::Field { name: format!("out{i}"), expr: e.clone() }).collect();
    let order = vec![crate::tree::SortKey { expr: Expr::Col { name: "d".into() }, desc: false }];
    table.project(&fields, &order).unwrap().plan.display_indent().to_string()
}

#[test]
fn column_reference_and_missing_column() {
    assert_eq!(lowered(r#"{"kind":"col","name":"age"}"#), "age");
    let err = lower_str(r#"{"kind":"col","name":"agee"}"#).unwrap_err();
    assert_eq!(err.code(), "COLUMN_NOT_FOUND");
    assert!(err.to_string().contains("\"agee\"") && err.to_string().contains("available columns: age, d, day, first"), "{err}");
}

#[test]
fn literals_take_js_types() {
    assert_eq!(lowered(r#"{"kind":"lit","value":18}"#), "Int64(18)");
    assert_eq!(lowered(r#"{"kind":"lit","value":1.5}"#), "Float64(1.5)");
    assert_eq!(lowered(r#"{"kind":"lit","value":"9007199254740993","type":"int64"}"#), "Int64(9007199254740993)");
    assert_eq!(lowered(r#"{"kind":"lit","value":0,"type":"timestamp"}"#), "TimestampMillisecond(0, None)");
    assert_eq!(lowered(r#"{"kind":"lit","value":null}"#), "NULL");
}

#[test]
fn division_is_true_division() {
    let e = lower_str(r#"{"kind":"binary","op":"/","left":{"kind":"col","name":"qty"},"right":{"kind":"lit","value":2}}"#).unwrap();
    assert_eq!(e.to_string(), "CAST(qty AS Float64) / CAST(Int64(2) AS Float64)");
    let schema = fixture_schema();
    assert_eq!(Lowerer::new(&schema).type_of(&e).unwrap(), DataType::Float64);
}

#[test]
fn plus_on_strings_concatenates() {
    let s = lowered(r#"{"kind":"binary","op":"+","left":{"kind":"col","name":"first"},"right":{"kind":"col","name":"age"}}"#);
    assert_eq!(s, "first || CAST(age AS Utf8)");
}

#[test]
fn date_difference_is_milliseconds() {
    let s = lowered(r#"{"kind":"binary","op":"-","left":{"kind":"col","name":"d"},"right":{"kind":"col","name":"d"}}"#);
    assert!(s.contains("Int64"), "{s}");
}

#[test]
fn type_errors_name_the_column() {
    let err = lower_str(r#"{"kind":"binary","op":"*","left":{"kind":"col","name":"name"},"right":{"kind":"lit","value":2}}"#).unwrap_err();
    assert_eq!(err.code(), "TYPE_MISMATCH");
    assert!(err.to_string().contains("column \"name\" is utf8"), "{err}");
    let err = lower_str(r#"{"kind":"binary","op":">","left":{"kind":"col","name":"name"},"right":{"kind":"lit","value":2}}"#).unwrap_err();
    assert_eq!(err.code(), "TYPE_MISMATCH");
    let err = lower_str(r#"{"kind":"call","fn":"startsWith","args":[{"kind":"col","name":"age"},{"kind":"lit","value":"a"}]}"#).unwrap_err();
    assert!(err.to_string().contains(".startsWith() needs a string"), "{err}");
}

#[test]
fn unknown_function_and_arity() {
    let err = lower_str(r#"{"kind":"call","fn":"nope","args":[]}"#).unwrap_err();
    assert_eq!(err.code(), "INVALID_ARGUMENT");
    let err = lower_str(r#"{"kind":"call","fn":"abs","args":[]}"#).unwrap_err();
    assert!(err.to_string().contains("abs takes 1"), "{err}");
}

#[test]
fn cast_checks_type_names() {
    assert_eq!(lowered(r#"{"kind":"call","fn":"cast","args":[{"kind":"col","name":"age"},{"kind":"lit","value":"float64"}]}"#), "CAST(age AS Float64)");
    let err = lower_str(r#"{"kind":"call","fn":"cast","args":[{"kind":"col","name":"age"},{"kind":"lit","value":"float"}]}"#).unwrap_err();
    assert!(err.to_string().contains("unknown type \"float\""), "{err}");
}

#[test]
fn null_comparisons_and_logic() {
    assert_eq!(lowered(r#"{"kind":"call","fn":"isNull","args":[{"kind":"col","name":"age"}]}"#), "age IS NULL");
    let err = lower_str(r#"{"kind":"binary","op":"&&","left":{"kind":"col","name":"age"},"right":{"kind":"col","name":"flag"}}"#).unwrap_err();
    assert_eq!(err.code(), "TYPE_MISMATCH");
}

#[test]
fn every_function_is_named_once() {
    let names = function_names();
    let mut dedup = names.clone();
    dedup.dedup();
    assert_eq!(names, dedup);
    assert!(names.contains(&"startsWith") && names.contains(&"getTime"));
}
