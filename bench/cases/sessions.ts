/**
 * Issue 5 — clickstream (`clicks`: user, t (epoch s), url; sorted by user, t).
 * R1 top-10 URLs by count (target ≤ 1.2x DuckDB); R2 sessionization count — a session breaks at a
 * new user or a gap over 1800 s — and R3 the /a → /b → /c funnel count per user (targets: ≥ 3x
 * faster than DuckDB's LAG/LEAD SQL and faster than Polars).
 */
import { sqlPath } from "../engines/duckdb.js";
import { dataOf, defineCase, type BenchCase } from "./types.js";

interface Click { user: number; t: number; url: string }

const from = (p: string): string => `read_parquet(${sqlPath(p)})`;

const topUrls = defineCase({
  name: "clicks-top-urls",
  dataset: "clicks",
  description: "clicks: groupBy(url) count, top 10 by count",
  targets: [{ kind: "ratio", engine: "ltseq", vs: ["duckdb"], max: 1.2 }],
  runs: {
    async ltseq({ LTSeq }, input) {
      const t = await LTSeq.readParquet<Click>(dataOf(input).parquet);
      const rows = await t.groupBy("url").agg((g) => ({ n: g.count() })).sort((r) => [r.n.desc(), r.url]).head(10).collect();
      return rows.map((r) => ({ url: r.url, n: Number(r.n) }));
    },
    async duckdb(db, input) {
      return db.rows(`SELECT url, count(*) AS n FROM ${from(dataOf(input).parquet)} GROUP BY url ORDER BY n DESC, url LIMIT 10`);
    },
    async polars({ pl }, input) {
      const df = await pl.scanParquet(dataOf(input).parquet).groupBy("url").agg(pl.len().alias("n"))
        .sort(["n", "url"], [true, false]).limit(10).collect();
      return df.toRecords().map((r: Record<string, unknown>) => ({ url: r.url, n: Number(r.n) }));
    },
  },
});

const sessions = defineCase({
  name: "clicks-sessions",
  dataset: "clicks",
  description: "clicks: sessions (new user or gap > 1800 s) → number of sessions",
  targets: [{ kind: "ratio", engine: "ltseq", vs: ["duckdb"], max: 1 / 3 }, { kind: "ratio", engine: "ltseq", vs: ["polars"], max: 1.0 }],
  runs: {
    async ltseq({ LTSeq }, input) {
      const t = (await LTSeq.readParquet<Click>(dataOf(input).parquet)).assumeSorted("user", "t");
      return t.groupWhen((r) => r.user !== r.user.shift(1) || r.t - r.t.shift(1) > 1800).count();
    },
    async duckdb(db, input) {
      return db.scalar(`SELECT count(*) FROM (SELECT (lag("user") OVER w IS DISTINCT FROM "user") OR (t - lag(t) OVER w > 1800) AS s
        FROM ${from(dataOf(input).parquet)} WINDOW w AS (ORDER BY "user", t)) WHERE s`);
    },
    async polars({ pl, scalar }, input) {
      const df = await pl.scanParquet(dataOf(input).parquet)
        .select(pl.col("user").neq(pl.col("user").shift(1)).or(pl.col("t").sub(pl.col("t").shift(1)).gt(1800)).fillNull(true).sum().alias("n"))
        .collect();
      return scalar(df);
    },
  },
});

const funnel = defineCase({
  name: "clicks-funnel",
  dataset: "clicks",
  description: "clicks: /a then /b then /c on consecutive clicks of one user → number of matches",
  targets: [{ kind: "ratio", engine: "ltseq", vs: ["duckdb"], max: 1 / 3 }, { kind: "ratio", engine: "ltseq", vs: ["polars"], max: 1.0 }],
  runs: {
    async ltseq({ LTSeq }, input) {
      const t = (await LTSeq.readParquet<Click>(dataOf(input).parquet)).assumeSorted("user", "t");
      return t.searchPattern([(r) => r.url === "/a", (r) => r.url === "/b", (r) => r.url === "/c"], { partitionBy: "user" }).count();
    },
    async duckdb(db, input) {
      return db.scalar(`SELECT count(*) FROM (SELECT url, lead(url, 1) OVER w AS u1, lead(url, 2) OVER w AS u2
        FROM ${from(dataOf(input).parquet)} WINDOW w AS (PARTITION BY "user" ORDER BY t)) WHERE url = '/a' AND u1 = '/b' AND u2 = '/c'`);
    },
    async polars({ pl, scalar }, input) {
      const df = await pl.scanParquet(dataOf(input).parquet)
        .filter(pl.col("url").eq(pl.lit("/a"))
          .and(pl.col("url").shift(-1).over("user").eq(pl.lit("/b")))
          .and(pl.col("url").shift(-2).over("user").eq(pl.lit("/c"))))
        .select(pl.len().alias("n")).collect();
      return scalar(df);
    },
  },
});

export const SESSION_CASES: readonly BenchCase[] = [topUrls, sessions, funnel];
