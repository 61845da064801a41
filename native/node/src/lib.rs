//! The napi-rs shell over `ltseq-core`: one-to-five-line methods, every one guarded against panics.
//! Trees and options cross as JSON strings, results as Arrow IPC bytes.
//!
//! Error codes: napi-rs async functions can only carry napi's own `Status` as the JS `code`, so
//! our stable code travels as a message prefix `[LTSEQ:<CODE>] ` that `runtime/errors.ts` strips.

mod guard;

use futures::StreamExt;
use ltseq_core::asof::AsofSpec;
use ltseq_core::io::{self, CsvOptions, Format};
use ltseq_core::table::{SortKey, Table};
use ltseq_core::tree::{Expr, Field};
use ltseq_core::{LtseqError, exec, group};
use napi::bindgen_prelude::Buffer;
use napi_derive::napi;
use tokio::sync::Mutex;

use guard::{guarded, json, sync};

/// A lazy query. Immutable: every transform returns a new one.
#[napi]
pub struct NativeTable {
    inner: Table,
}

fn wrap(inner: Table) -> NativeTable {
    NativeTable { inner }
}

#[napi]
pub async fn read_csv(path: String, options_json: String) -> napi::Result<NativeTable> {
    guarded(async move { io::read_csv(&path, &json::<CsvOptions>(&options_json, "readCsv options")?).await.map(wrap) }).await
}

#[napi]
pub async fn read_parquet(path: String) -> napi::Result<NativeTable> {
    guarded(async move { io::read_parquet(&path).await.map(wrap) }).await
}

#[napi]
pub async fn read_json(path: String) -> napi::Result<NativeTable> {
    guarded(async move { io::read_json(&path).await.map(wrap) }).await
}

#[napi]
pub fn from_ipc(bytes: Buffer) -> napi::Result<NativeTable> {
    sync(|| io::from_ipc(&bytes).map(wrap))
}

/// Names of the functions the lowering understands (checked against the TS registry).
#[napi]
pub fn function_names() -> Vec<String> {
    ltseq_core::lower::function_names().into_iter().map(String::from).collect()
}

/// A Parquet file registered under a table name for `sqlForBench`.
#[napi(object)]
pub struct BenchTable {
    pub name: String,
    pub path: String,
}

/// SQL over Parquet files, run by DataFusion directly: the benchmark's baseline.
#[napi]
pub async fn sql_for_bench(sql: String, tables: Vec<BenchTable>) -> napi::Result<Buffer> {
    guarded(async move {
        let tables: Vec<(String, String)> = tables.into_iter().map(|t| (t.name, t.path)).collect();
        exec::sql_ipc(&sql, &tables).await.map(Buffer::from)
    })
    .await
}

/// Deliberately panics (sync or inside async work) so tests can prove a panic cannot kill Node.
#[napi]
pub async fn panic_for_test(mode: String) -> napi::Result<()> {
    if mode == "sync" {
        return sync(|| -> ltseq_core::Result<()> { panic!("deliberate panic (sync) for testing") });
    }
    guarded(async move {
        tokio::task::yield_now().await;
        if mode == "async" {
            panic!("deliberate panic (async) for testing");
        }
        Err(LtseqError::InvalidArgument(format!("unknown mode {mode:?}")))
    })
    .await
}

#[napi]
impl NativeTable {
    /// `[{ name, type, nullable }]` as JSON.
    #[napi]
    pub fn columns(&self) -> napi::Result<String> {
        sync(|| Ok(serde_json::to_string(&self.inner.columns()).expect("serialisable")))
    }

    /// `order_json`: the declared order, which sequence operators in the predicate follow.
    #[napi]
    pub fn filter(&self, expr_json: String, order_json: String) -> napi::Result<NativeTable> {
        sync(|| {
            let order = json::<Vec<SortKey>>(&order_json, "order")?;
            self.inner.filter(&json::<Expr>(&expr_json, "filter predicate")?, &order).map(wrap)
        })
    }

    #[napi]
    pub fn project(&self, fields_json: String, order_json: String) -> napi::Result<NativeTable> {
        sync(|| {
            let order = json::<Vec<SortKey>>(&order_json, "order")?;
            self.inner.project(&json::<Vec<Field>>(&fields_json, "projection")?, &order).map(wrap)
        })
    }

    #[napi]
    pub fn assume_sorted(&self, keys_json: String) -> napi::Result<NativeTable> {
        sync(|| self.inner.assume_sorted(&json::<Vec<SortKey>>(&keys_json, "sort keys")?).map(wrap))
    }

    #[napi]
    pub fn sort(&self, keys_json: String) -> napi::Result<NativeTable> {
        sync(|| self.inner.sort(&json::<Vec<SortKey>>(&keys_json, "sort keys")?).map(wrap))
    }

    #[napi]
    pub fn limit(&self, skip: u32, fetch: Option<u32>) -> napi::Result<NativeTable> {
        sync(|| self.inner.limit(skip as usize, fetch.map(|f| f as usize)).map(wrap))
    }

    /// `order_json`: the declared order (sort keys), so "last" follows it.
    #[napi]
    pub fn tail(&self, n: u32, order_json: String) -> napi::Result<NativeTable> {
        sync(|| self.inner.tail(n as usize, &json::<Vec<SortKey>>(&order_json, "order")?).map(wrap))
    }

    /// All-column distinct, or (with `keys`) the first row per key in the declared order.
    #[napi]
    pub fn distinct(&self, keys: Option<Vec<String>>, order_json: String) -> napi::Result<NativeTable> {
        sync(|| match &keys {
            Some(k) => self.inner.distinct_on(k, &json::<Vec<SortKey>>(&order_json, "order")?),
            None => self.inner.distinct(),
        }
        .map(wrap))
    }

    #[napi]
    pub fn union(&self, other: &NativeTable) -> napi::Result<NativeTable> {
        sync(|| self.inner.union(&other.inner).map(wrap))
    }

    /// intersect (`anti = false`) / except (`anti = true`) on key columns (all when omitted).
    #[napi]
    pub fn semi(&self, other: &NativeTable, on: Option<Vec<String>>, anti: bool) -> napi::Result<NativeTable> {
        sync(|| self.inner.semi(&other.inner, on.as_deref(), anti).map(wrap))
    }

    // --- as-of join (native/core/src/asof.rs) ---

    /// `asofJoin(other, specJson)`; spec: `{ leftOn, rightOn, op: ">=" | ">" | "<=" | "<",
    /// nearest?, leftBy?, rightBy?, suffix? }` (`AsofSpec`).
    #[napi]
    pub fn asof_join(&self, other: &NativeTable, spec_json: String) -> napi::Result<NativeTable> {
        sync(|| self.inner.asof_join(&other.inner, &json::<AsofSpec>(&spec_json, "asofJoin options")?).map(wrap))
    }

    // --- links and joins (native/core/src/joins.rs) ---

    /// `link`: many-to-one pointer; adds `{alias}_{c}` for every target column (unique target key).
    #[napi]
    pub fn link(&self, target: &NativeTable, source_keys: Vec<String>, target_keys: Vec<String>, alias: String, inner: bool) -> napi::Result<NativeTable> {
        sync(|| self.inner.link(&target.inner, &source_keys, &target_keys, &alias, inner).map(wrap))
    }

    /// `semiJoin` (`anti = false`) / `antiJoin` (`anti = true`); NULL keys never match.
    #[napi]
    pub fn semi_join(&self, other: &NativeTable, left_keys: Vec<String>, right_keys: Vec<String>, anti: bool) -> napi::Result<NativeTable> {
        sync(|| self.inner.semi_join(&other.inner, &left_keys, &right_keys, anti).map(wrap))
    }

    /// `join`: how is "inner" | "left" | "right" | "full"; clashing right names get `suffix`.
    #[napi]
    pub fn join(&self, other: &NativeTable, left_keys: Vec<String>, right_keys: Vec<String>, how: String, suffix: String) -> napi::Result<NativeTable> {
        sync(|| self.inner.join(&other.inner, &left_keys, &right_keys, &how, &suffix).map(wrap))
    }

    /// `groupOrdered(r => key)`: adds `__group_id__`, `__rn__` (and a hidden position).
    #[napi]
    pub fn group_ordered(&self, key_json: String, order_json: String) -> napi::Result<NativeTable> {
        sync(|| group::group_ordered(&self.inner, &json::<Expr>(&key_json, "group key")?, &json::<Vec<SortKey>>(&order_json, "order")?).map(wrap))
    }

    #[napi]
    pub fn group_when(&self, predicate_json: String, order_json: String) -> napi::Result<NativeTable> {
        sync(|| group::group_when(&self.inner, &json::<Expr>(&predicate_json, "groupWhen predicate")?, &json::<Vec<SortKey>>(&order_json, "order")?).map(wrap))
    }

    /// `searchPattern(steps, { partitionBy })`: rows where step k holds k rows later (PatternSearch node).
    #[napi]
    pub fn search_pattern(&self, steps_json: String, partition_by: Vec<String>, order_json: String) -> napi::Result<NativeTable> {
        sync(|| {
            let steps = json::<Vec<Expr>>(&steps_json, "searchPattern steps")?;
            ltseq_core::search::search_pattern(&self.inner, &steps, &partition_by, &json::<Vec<SortKey>>(&order_json, "order")?).map(wrap)
        })
    }

    /// The rows that open a group of `groupOrdered` (`when` false) / `groupWhen` (`when` true).
    #[napi]
    pub fn group_starts(&self, expr_json: String, when: bool, order_json: String) -> napi::Result<NativeTable> {
        sync(|| group::group_starts(&self.inner, &json::<Expr>(&expr_json, "group key")?, when, &json::<Vec<SortKey>>(&order_json, "order")?).map(wrap))
    }

    #[napi]
    pub fn nested_filter(&self, predicate_json: String) -> napi::Result<NativeTable> {
        sync(|| group::nested_filter(&self.inner, &json::<Expr>(&predicate_json, "group predicate")?).map(wrap))
    }

    #[napi]
    pub fn nested_derive(&self, fields_json: String) -> napi::Result<NativeTable> {
        sync(|| group::nested_derive(&self.inner, &json::<Vec<Field>>(&fields_json, "group values")?).map(wrap))
    }

    #[napi]
    pub fn nested_agg(&self, fields_json: String) -> napi::Result<NativeTable> {
        sync(|| group::nested_agg(&self.inner, &json::<Vec<Field>>(&fields_json, "group values")?).map(wrap))
    }

    /// Rows plus `__group_count__`.
    #[napi]
    pub fn with_group_counts(&self) -> napi::Result<NativeTable> {
        sync(|| group::with_counts(&self.inner).map(wrap))
    }

    /// `groupBy(keys).agg(fields)`, or `agg(fields)` with no keys.
    #[napi]
    pub fn group_by(&self, keys_json: String, fields_json: String, order_json: String) -> napi::Result<NativeTable> {
        sync(|| {
            let keys = json::<Vec<Field>>(&keys_json, "group keys")?;
            let fields = json::<Vec<Field>>(&fields_json, "aggregates")?;
            group::group_by(&self.inner, &keys, &fields, &json::<Vec<SortKey>>(&order_json, "order")?).map(wrap)
        })
    }

    /// `pivot({ index, columns, values, agg, columnValues? })`. Sync, yet it may run a query: the
    /// distinct scan of `columns` runs on the core's own runtime (`exec::block_on`) while this
    /// thread waits, so it cannot deadlock with napi's runtime.
    #[napi]
    pub fn pivot(&self, spec_json: String) -> napi::Result<NativeTable> {
        sync(|| self.inner.pivot(&json::<ltseq_core::pivot::PivotSpec>(&spec_json, "pivot options")?).map(wrap))
    }

    /// Checks the columns against a declared `[[name, type], ...]` (Parquet/JSON readers).
    #[napi]
    pub fn check_schema(&self, declared_json: String) -> napi::Result<()> {
        sync(|| io::check_schema(&self.inner, &json::<Vec<(String, String)>>(&declared_json, "schema")?))
    }

    #[napi]
    pub fn to_sql(&self) -> napi::Result<String> {
        sync(|| exec::to_sql(&self.inner))
    }

    #[napi]
    pub async fn collect(&self) -> napi::Result<Buffer> {
        let t = self.inner.clone();
        guarded(async move { exec::collect_ipc(&t).await.map(Buffer::from) }).await
    }

    #[napi]
    pub async fn count(&self) -> napi::Result<i64> {
        let t = self.inner.clone();
        guarded(async move { exec::count(&t).await.map(|n| n as i64) }).await
    }

    #[napi]
    pub async fn explain(&self) -> napi::Result<String> {
        let t = self.inner.clone();
        guarded(async move { exec::explain(&t).await }).await
    }

    /// `format`: "csv" | "parquet" | "json".
    #[napi]
    pub async fn write(&self, path: String, format: String, compression: Option<String>) -> napi::Result<()> {
        let t = self.inner.clone();
        guarded(async move {
            let f = match format.as_str() {
                "csv" => Format::Csv,
                "parquet" => Format::Parquet,
                "json" => Format::Json,
                other => return Err(LtseqError::InvalidArgument(format!("unknown output format {other:?}"))),
            };
            io::write(&t, &path, f, compression.as_deref()).await
        })
        .await
    }

    #[napi]
    pub async fn stream(&self) -> napi::Result<NativeStream> {
        let t = self.inner.clone();
        guarded(async move {
            let s = exec::stream(&t).await?;
            Ok(NativeStream { table: t, inner: Mutex::new(Some(s)) })
        })
        .await
    }
}

/// Pull-based batch stream: each `next()` yields one batch as IPC bytes, `null` at the end. The
/// engine only produces the next batch when asked, which is the back-pressure.
#[napi]
pub struct NativeStream {
    table: Table,
    inner: Mutex<Option<datafusion::physical_plan::SendableRecordBatchStream>>,
}

#[napi]
impl NativeStream {
    #[napi]
    pub async fn next(&self) -> napi::Result<Option<Buffer>> {
        guarded(async {
            let mut guard = self.inner.lock().await;
            let Some(s) = guard.as_mut() else { return Ok(None) };
            match s.next().await {
                None => {
                    *guard = None;
                    Ok(None)
                }
                Some(Err(e)) => {
                    *guard = None;
                    Err(exec::in_sources(&self.table)(e.into()))
                }
                Some(Ok(b)) => exec::to_ipc(&b.schema(), &[b]).map(|v| Some(Buffer::from(v))),
            }
        })
        .await
    }

    /// Stops early (e.g. `break` out of `for await`): drops the stream and its resources.
    #[napi]
    pub async fn close(&self) -> napi::Result<()> {
        *self.inner.lock().await = None;
        Ok(())
    }
}
