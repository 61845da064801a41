//! Terminal operations: the only place plans execute. Results leave as Arrow IPC stream bytes.

use datafusion::arrow::datatypes::SchemaRef;
use datafusion::arrow::ipc::writer::StreamWriter;
use datafusion::arrow::record_batch::RecordBatch;
use datafusion::common::tree_node::TreeNode;
use datafusion::dataframe::DataFrame;
use datafusion::logical_expr::LogicalPlan;
use std::sync::Arc;

use datafusion::physical_plan::stream::RecordBatchStreamAdapter;
use datafusion::physical_plan::{SendableRecordBatchStream, displayable};
use futures::StreamExt;

use crate::error::{LtseqError, Result};
use crate::session::{ordered, parallel};
use crate::table::Table;

/// A DataFrame over the table's plan, on the order-keeping session unless `keep_order` is false.
pub async fn dataframe(table: &Table, keep_order: bool) -> Result<DataFrame> {
    let ctx = if keep_order { ordered() } else { parallel() };
    // Execution-time rewrites: the table's own plan (and `toSql()`) stay as built.
    let plan = crate::dict_group::rewrite((*table.plan).clone(), &ctx.state()).await?;
    Ok(ctx.execute_logical_plan(plan).await?)
}

/// Errors raised while reading name the files the plan reads.
pub fn in_sources(table: &Table) -> impl Fn(LtseqError) -> LtseqError + '_ {
    move |e| match e {
        LtseqError::Io(_) if !table.sources.is_empty() => e.context(format_args!("reading {}", table.sources.join(", "))),
        other => other,
    }
}

/// Rows in order. When the plan ends in several partitions (a union, a multi-file scan), they are
/// returned one after another — each partition runs ahead into a small bounded buffer, so the
/// work stays parallel — instead of DataFusion's coalescing, which interleaves them by arrival.
pub async fn stream(table: &Table) -> Result<SendableRecordBatchStream> {
    let df = dataframe(table, !crate::session::order_free(&table.plan)).await?;
    let task = Arc::new(df.task_ctx());
    let plan = df.create_physical_plan().await.map_err(|e| in_sources(table)(e.into()))?;
    let n = plan.properties().output_partitioning().partition_count();
    if n <= 1 {
        return plan.execute(0, task).map_err(|e| in_sources(table)(e.into()));
    }
    let schema = plan.schema();
    let mut receivers = Vec::with_capacity(n);
    for p in 0..n {
        let mut s = plan.execute(p, task.clone()).map_err(|e| in_sources(table)(e.into()))?;
        let (tx, rx) = tokio::sync::mpsc::channel(2);
        tokio::spawn(async move {
            while let Some(batch) = s.next().await {
                // The consumer went away (stream dropped): stop producing.
                if tx.send(batch).await.is_err() {
                    break;
                }
            }
        });
        receivers.push(tokio_stream_of(rx));
    }
    let ordered = futures::stream::iter(receivers).flatten();
    Ok(Box::pin(RecordBatchStreamAdapter::new(schema, ordered)))
}

fn tokio_stream_of<T: Send + 'static>(mut rx: tokio::sync::mpsc::Receiver<T>) -> futures::stream::BoxStream<'static, T> {
    Box::pin(futures::stream::poll_fn(move |cx| rx.poll_recv(cx)))
}

/// Every row, in order, as one IPC stream.
pub async fn collect_ipc(table: &Table) -> Result<Vec<u8>> {
    let (schema, batches) = collect_batches(table).await?;
    to_ipc(&schema, &batches)
}

/// Every row, in order, as record batches.
pub async fn collect_batches(table: &Table) -> Result<(SchemaRef, Vec<RecordBatch>)> {
    let mut s = stream(table).await?;
    let schema = s.schema();
    let mut batches = Vec::new();
    while let Some(b) = s.next().await {
        batches.push(b.map_err(|e| in_sources(table)(e.into()))?);
    }
    Ok((schema, batches))
}

/// Runs engine work to completion from synchronous code (the plan-time scan of `pivot`).
///
/// The work runs on a small runtime of its own, and the caller waits for it without entering any
/// runtime. Synchronous napi methods run on the JS thread, which napi-rs may have entered into its
/// tokio runtime, where `Runtime::block_on` panics ("cannot start a runtime from within a
/// runtime"); and waiting on napi's runtime from one of its own workers could starve it. A
/// separate runtime avoids both, whatever thread calls this.
pub fn block_on<T: Send + 'static>(work: impl std::future::Future<Output = Result<T>> + Send + 'static) -> Result<T> {
    static RUNTIME: std::sync::OnceLock<tokio::runtime::Runtime> = std::sync::OnceLock::new();
    let rt = RUNTIME.get_or_init(|| {
        let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(threads)
            .thread_name("ltseq-plan")
            .enable_all()
            .build()
            .expect("the plan-time runtime starts")
    });
    // `futures`' executor only parks this thread until the task finishes; it never drives tokio work.
    match futures::executor::block_on(rt.spawn(work)) {
        Ok(r) => r,
        Err(e) if e.is_panic() => {
            let p = e.into_panic();
            let what = p.downcast_ref::<&str>().map(|s| s.to_string()).or_else(|| p.downcast_ref::<String>().cloned());
            Err(LtseqError::Execution(format!(
                "internal error (a panic in the native engine was contained): {}",
                what.unwrap_or_else(|| "unknown panic".into())
            )))
        }
        Err(e) => Err(LtseqError::Execution(format!("engine task failed: {e}"))),
    }
}

pub fn to_ipc(schema: &SchemaRef, batches: &[RecordBatch]) -> Result<Vec<u8>> {
    let mut buf = Vec::new();
    {
        let mut w = StreamWriter::try_new(&mut buf, schema).map_err(LtseqError::from)?;
        for b in batches {
            w.write(b).map_err(LtseqError::from)?;
        }
        w.finish().map_err(LtseqError::from)?;
    }
    Ok(buf)
}

/// Row count. Order cannot change a count, so the plan runs with full parallelism — unless it
/// holds ordered nodes (`AssumeSorted`, `SeqWindow`, `PatternSearch`): splitting their sorted input into byte
/// ranges would only force a merge back into one ordered stream.
pub async fn count(table: &Table) -> Result<usize> {
    // A pattern search counts its own matches (row-less batches) and never builds the rows.
    let counting = crate::search::counting_plan(&table.plan).map(|p| table.with_plan(p));
    let table = counting.as_ref().unwrap_or(table);
    let df = dataframe(table, has_ordered_nodes(&table.plan)).await?;
    if std::env::var_os("LTSEQ_DEBUG_PLAN").is_some() {
        // Prints the physical plan a count runs (it differs from `explain()`'s row-returning plan).
        let counted = df.clone().aggregate(vec![], vec![datafusion::functions_aggregate::count::count_all()])?;
        let physical = counted.create_physical_plan().await?;
        eprintln!("{}", displayable(physical.as_ref()).indent(true));
    }
    df.count().await.map_err(|e| in_sources(table)(e.into()))
}

fn has_ordered_nodes(plan: &LogicalPlan) -> bool {
    plan.exists(|p| Ok(matches!(p, LogicalPlan::Extension(e) if matches!(e.node.name(), "AssumeSorted" | "SeqWindow" | "PatternSearch"))))
        .unwrap_or(false)
}

/// Optimised logical plan and physical plan, as text.
pub async fn explain(table: &Table) -> Result<String> {
    let keep_order = !crate::session::order_free(&table.plan);
    let df = dataframe(table, keep_order).await?;
    let state = if keep_order { ordered() } else { parallel() }.state();
    let optimized = state.optimize(df.logical_plan())?;
    let physical = state.create_physical_plan(&optimized).await?;
    Ok(format!(
        "logical plan:\n{}\n\nphysical plan:\n{}",
        optimized.display_indent(),
        displayable(physical.as_ref()).indent(true)
    ))
}

/// The query as SQL text (DataFusion's unparser).
pub fn to_sql(table: &Table) -> Result<String> {
    let stmt = datafusion::sql::unparser::plan_to_sql(&table.plan)
        .map_err(|e| LtseqError::InvalidArgument(format!("this query has no SQL form: {e}")))?;
    Ok(stmt.to_string())
}

/// Runs SQL text over named Parquet files on the parallel session, for the benchmark baseline.
pub async fn sql_ipc(sql: &str, tables: &[(String, String)]) -> Result<Vec<u8>> {
    let ctx = datafusion::prelude::SessionContext::new_with_config_rt(
        parallel().copied_config(),
        parallel().runtime_env(),
    );
    for (name, path) in tables {
        ctx.register_parquet(name, path, Default::default()).await?;
    }
    let df = ctx.sql(sql).await?;
    let schema: SchemaRef = df.schema().inner().clone();
    let batches = df.collect().await?;
    to_ipc(&schema, &batches)
}
