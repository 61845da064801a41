/**
 * Issue 4 — sequence operators on `ticks` (sorted by symbol, date), each partitioned by symbol.
 * Every engine computes the window over all rows, then counts rows passing a predicate on it,
 * so only a number crosses back to JS and all engines can be compared exactly.
 * Target: ltseq ≤ 1.0 × the faster of DuckDB and Polars.
 *
 * LTSeq declares the file's existing order with `assumeSorted` (no sort); DuckDB gets the SQL
 * window; Polars gets `.over("symbol")` on the scan (which relies on row order, as the file is sorted).
 */
import { sqlPath } from "../engines/duckdb.js";
import { dataOf, defineCase, type BenchCase } from "./types.js";

interface Tick { symbol: string; date: Date; price: number; volume: number }

const target = [{ kind: "ratio" as const, engine: "ltseq" as const, vs: ["duckdb" as const, "polars" as const], max: 1.0 }];
const from = (p: string): string => `read_parquet(${sqlPath(p)})`;
const W = "OVER (PARTITION BY symbol ORDER BY \"date\"";

const diff = defineCase({
  name: "window-diff",
  dataset: "ticks",
  description: "ticks: diff of price per symbol (LAG) → count rows with a positive change",
  targets: target,
  runs: {
    async ltseq({ LTSeq }, input) {
      const t = (await LTSeq.readParquet<Tick>(dataOf(input).parquet)).assumeSorted("symbol", "date");
      return t.derive((r) => ({ d: r.price.diff({ partitionBy: r.symbol }) })).filter((r) => r.d > 0).count();
    },
    async duckdb(db, input) {
      return db.scalar(`SELECT count(*) FROM (SELECT price - lag(price) ${W}) AS d FROM ${from(dataOf(input).parquet)}) WHERE d > 0`);
    },
    async polars({ pl, scalar }, input) {
      const df = await pl.scanParquet(dataOf(input).parquet)
        .select(pl.col("price").diff({ n: 1, nullBehavior: "ignore" }).over("symbol").alias("d"))
        .filter(pl.col("d").gt(0)).select(pl.len().alias("n")).collect();
      return scalar(df);
    },
  },
});

const rolling = defineCase({
  name: "window-rolling-mean",
  dataset: "ticks",
  description: "ticks: 5-row rolling mean of price per symbol (partial at the start) → count rows above it",
  targets: target,
  runs: {
    async ltseq({ LTSeq }, input) {
      const t = (await LTSeq.readParquet<Tick>(dataOf(input).parquet)).assumeSorted("symbol", "date");
      return t.derive((r) => ({ ma: r.price.rolling(5, { partitionBy: r.symbol }).mean() }))
        .filter((r) => r.price > r.ma * 1.001).count();
    },
    async duckdb(db, input) {
      return db.scalar(`SELECT count(*) FROM (SELECT price, avg(price) ${W} ROWS BETWEEN 4 PRECEDING AND CURRENT ROW) AS ma FROM ${from(dataOf(input).parquet)}) WHERE price > ma * 1.001`);
    },
    async polars({ pl, scalar }, input) {
      const df = await pl.scanParquet(dataOf(input).parquet)
        .select(pl.col("price"), pl.col("price").rollingMean({ windowSize: 5, minPeriods: 1 }).over("symbol").alias("ma"))
        .filter(pl.col("price").gt(pl.col("ma").mul(1.001))).select(pl.len().alias("n")).collect();
      return scalar(df);
    },
  },
});

const cumsum = defineCase({
  name: "window-cumsum",
  dataset: "ticks",
  description: "ticks: cumulative volume per symbol → count rows where it passes 100 × the row's volume",
  targets: target,
  runs: {
    async ltseq({ LTSeq }, input) {
      const t = (await LTSeq.readParquet<Tick>(dataOf(input).parquet)).assumeSorted("symbol", "date");
      return t.derive((r) => ({ cv: r.volume.cumSum({ partitionBy: r.symbol }) }))
        .filter((r) => r.cv > r.volume * 100).count();
    },
    async duckdb(db, input) {
      return db.scalar(`SELECT count(*) FROM (SELECT volume, sum(volume) ${W} ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cv FROM ${from(dataOf(input).parquet)}) WHERE cv > volume * 100`);
    },
    async polars({ pl, scalar }, input) {
      const df = await pl.scanParquet(dataOf(input).parquet)
        .select(pl.col("volume"), pl.col("volume").cumSum().over("symbol").alias("cv"))
        .filter(pl.col("cv").gt(pl.col("volume").mul(100))).select(pl.len().alias("n")).collect();
      return scalar(df);
    },
  },
});

export const WINDOW_CASES: readonly BenchCase[] = [diff, rolling, cumsum];
