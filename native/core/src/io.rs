//! Readers and writers. Every error names the file; a missing file is checked up front so it is
//! reported as such rather than as "no files found" or an empty table.

use std::path::Path;
use std::sync::Arc;

use datafusion::arrow::datatypes::{Field as ArrowField, Schema};
use datafusion::arrow::ipc::reader::StreamReader;
use datafusion::config::TableParquetOptions;
use datafusion::dataframe::DataFrameWriteOptions;
use datafusion::datasource::MemTable;
use datafusion::logical_expr::{LogicalPlan, LogicalPlanBuilder};
use datafusion::prelude::{CsvReadOptions, JsonReadOptions, ParquetReadOptions};

use crate::error::{LtseqError, Result};
use crate::lower::arrow_type_of_name;
use crate::session::ordered;
use crate::table::Table;

#[derive(Clone, Debug, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CsvOptions {
    pub has_header: Option<bool>,
    pub delimiter: Option<String>,
    /// Declared column types by name, in any order (from `readCsv<S>` or `{ schema }`).
    pub schema: Option<Vec<(String, String)>>,
}

fn check_exists(path: &str) -> Result<()> {
    match std::fs::metadata(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            Err(LtseqError::Io(format!("file not found: {path}")))
        }
        Err(e) => Err(LtseqError::Io(format!("cannot read {path}: {e}"))),
    }
}

/// ListingTable filters by extension; use the file's own so `data.txt` or `data` read too.
fn extension(path: &str) -> String {
    if Path::new(path).is_dir() {
        return String::new();
    }
    Path::new(path).extension().map(|e| format!(".{}", e.to_string_lossy())).unwrap_or_default()
}

/// A readable table name for plans and `toSql()`: the file stem, made a valid identifier.
fn table_name(path: &str) -> String {
    let stem = Path::new(path).file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
    let mut name: String = stem.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '_' }).collect();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, "t_");
    }
    name
}

/// Re-creates a freshly read scan under a table name (DataFusion's readers call every table
/// `?table?`), keeping the file for error messages.
fn named(plan: &LogicalPlan, name: &str, path: Option<&str>) -> Result<Table> {
    let LogicalPlan::TableScan(scan) = plan else {
        return Err(LtseqError::Execution(format!("reader produced an unexpected plan: {}", plan.display())));
    };
    let renamed = LogicalPlanBuilder::scan(name, scan.source.clone(), None)?.build()?;
    Ok(Table::new(renamed, path.map(|p| vec![p.to_string()]).unwrap_or_default()))
}

fn in_file(path: &str) -> impl Fn(LtseqError) -> LtseqError + '_ {
    move |e| e.context(format_args!("reading {path}"))
}

pub async fn read_csv(path: &str, opts: &CsvOptions) -> Result<Table> {
    check_exists(path)?;
    if Path::new(path).is_dir() {
        return Err(LtseqError::Io(format!("cannot read {path}: it is a directory, not a CSV file")));
    }
    let delimiter = match opts.delimiter.as_deref() {
        None => b',',
        Some(d) if d.len() == 1 => d.as_bytes()[0],
        Some(d) => {
            return Err(LtseqError::InvalidArgument(format!(
                "readCsv delimiter must be one ASCII character, got {d:?}"
            )));
        }
    };
    let ext = extension(path);
    let base = || {
        CsvReadOptions::new()
            .has_header(opts.has_header.unwrap_or(true))
            .delimiter(delimiter)
            .file_extension(&ext)
    };
    let df = ordered().read_csv(path, base()).await.map_err(|e| in_file(path)(e.into()))?;
    let Some(declared) = &opts.schema else {
        return named(df.logical_plan(), &table_name(path), Some(path));
    };
    // Read again with the declared types (in file order) so values parse as the user says;
    // a value that does not parse is reported at execution, naming the file.
    let inferred = Table::new(df.logical_plan().clone(), vec![]).columns();
    let names: Vec<String> = inferred.iter().map(|c| c.name.clone()).collect();
    check_names(path, &names, declared)?;
    let fields: Vec<ArrowField> = inferred
        .iter()
        .map(|c| {
            let ty = &declared.iter().find(|(n, _)| n == &c.name).expect("checked").1;
            let dt = arrow_type_of_name(ty).ok_or_else(|| {
                LtseqError::InvalidArgument(format!("unknown type \"{ty}\" declared for column \"{}\"", c.name))
            })?;
            Ok(ArrowField::new(&c.name, dt, true))
        })
        .collect::<Result<_>>()?;
    let schema = Schema::new(fields);
    let df = ordered().read_csv(path, base().schema(&schema)).await.map_err(|e| in_file(path)(e.into()))?;
    named(df.logical_plan(), &table_name(path), Some(path))
}

pub async fn read_parquet(path: &str) -> Result<Table> {
    check_exists(path)?;
    let ext = extension(path);
    let opts = ParquetReadOptions { file_extension: &ext, ..Default::default() };
    let df = ordered().read_parquet(path, opts).await.map_err(|e| in_file(path)(e.into()))?;
    named(df.logical_plan(), &table_name(path), Some(path))
}

pub async fn read_json(path: &str) -> Result<Table> {
    check_exists(path)?;
    let ext = extension(path);
    let opts = JsonReadOptions { file_extension: &ext, ..Default::default() };
    let df = ordered().read_json(path, opts).await.map_err(|e| in_file(path)(e.into()))?;
    named(df.logical_plan(), &table_name(path), Some(path))
}

/// An in-memory table from Arrow IPC stream bytes (the runtime encodes rows/columns/Arrow tables).
pub fn from_ipc(bytes: &[u8]) -> Result<Table> {
    let reader = StreamReader::try_new(std::io::Cursor::new(bytes), None)
        .map_err(|e| LtseqError::InvalidArgument(format!("invalid Arrow IPC input: {e}")))?;
    let schema = reader.schema();
    let batches = reader
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|e| LtseqError::InvalidArgument(format!("invalid Arrow IPC input: {e}")))?;
    let mem = MemTable::try_new(schema, vec![batches])?;
    let df = ordered().read_table(Arc::new(mem))?;
    named(df.logical_plan(), "data", None)
}

/// Declared names must equal the file's (as sets); the message lists both.
fn check_names(path: &str, actual: &[String], declared: &[(String, String)]) -> Result<()> {
    let mut a: Vec<&str> = actual.iter().map(String::as_str).collect();
    let mut d: Vec<&str> = declared.iter().map(|(n, _)| n.as_str()).collect();
    a.sort_unstable();
    d.sort_unstable();
    if a != d {
        let missing: Vec<&str> = d.iter().filter(|n| !a.contains(n)).copied().collect();
        let extra: Vec<&str> = a.iter().filter(|n| !d.contains(n)).copied().collect();
        return Err(LtseqError::SchemaMismatch(format!(
            "{path}: declared columns [{}] but the file has [{}] (missing from file: [{}]; not declared: [{}])",
            declared.iter().map(|(n, t)| format!("{n}: {t}")).collect::<Vec<_>>().join(", "),
            actual.join(", "),
            missing.join(", "),
            extra.join(", ")
        )));
    }
    Ok(())
}

/// Checks a table read from a typed file (Parquet, JSON) against a declared schema.
pub fn check_schema(table: &Table, declared: &[(String, String)]) -> Result<()> {
    let path = table.sources.first().map(String::as_str).unwrap_or("table");
    let cols = table.columns();
    let names: Vec<String> = cols.iter().map(|c| c.name.clone()).collect();
    check_names(path, &names, declared)?;
    let wrong: Vec<String> = declared
        .iter()
        .filter_map(|(n, t)| {
            let actual = &cols.iter().find(|c| &c.name == n).expect("checked").ty;
            (actual != t).then(|| format!("column \"{n}\" is declared {t} but the file has {actual}"))
        })
        .collect();
    if wrong.is_empty() {
        Ok(())
    } else {
        Err(LtseqError::SchemaMismatch(format!("{path}: {}", wrong.join("; "))))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Csv,
    Parquet,
    Json,
}

/// Writes one file (not a directory of parts), keeping row order.
pub async fn write(table: &Table, path: &str, format: Format, compression: Option<&str>) -> Result<()> {
    let df = crate::exec::dataframe(table, true).await?;
    let opts = DataFrameWriteOptions::new().with_single_file_output(true);
    let out = match format {
        Format::Csv => df.write_csv(path, opts, None).await,
        Format::Json => df.write_json(path, opts, None).await,
        Format::Parquet => {
            let mut p = TableParquetOptions::default();
            if let Some(c) = compression {
                p.global.compression = Some(parquet_codec(c)?);
            }
            df.write_parquet(path, opts, Some(p)).await
        }
    };
    out.map(|_| ()).map_err(|e| LtseqError::from(e).context(format_args!("writing {path}")))
}

fn parquet_codec(c: &str) -> Result<String> {
    match c {
        "uncompressed" | "snappy" | "lz4" => Ok(c.to_string()),
        // DataFusion wants a level for these; use each codec's usual default.
        "gzip" => Ok("gzip(6)".into()),
        "zstd" => Ok("zstd(3)".into()),
        "brotli" => Ok("brotli(4)".into()),
        other => Err(LtseqError::InvalidArgument(format!(
            "unknown Parquet compression \"{other}\"; use uncompressed, snappy, gzip, lz4, zstd or brotli"
        ))),
    }
}
