/**
 * Q1 — filter, derive, count on `events`.
 * Keep rows with price > 50 and flag, derive amount = price * qty, count the rows.
 * Target: ltseq ≤ 1.1 × datafusion-sql (LTSeq's planning/binding overhead over raw DataFusion).
 */
import { sqlPath } from "../engines/duckdb.js";
import { dataOf, defineCase } from "./types.js";

interface Events {
  id: number;
  user_id: number;
  ts: Date;
  price: number;
  qty: number;
  category: string;
  flag: boolean;
}

/** The same query for both SQL engines; only the table reference differs. */
const sql = (from: string): string =>
  `SELECT count(*) AS n FROM (SELECT *, price * qty AS amount FROM ${from} WHERE price > 50 AND flag) AS q`;

export default defineCase({
  name: "filter-derive-count",
  dataset: "events",
  description: "events: filter(price > 50 && flag) → derive(amount = price * qty) → count()",
  targets: [{ kind: "ratio", engine: "ltseq", vs: ["datafusionSql"], max: 1.1 }],
  runs: {
    async ltseq({ LTSeq }, input) {
      const events = await LTSeq.readParquet<Events>(dataOf(input).parquet);
      return events
        .filter((r) => r.price > 50 && r.flag)
        .derive((r) => ({ amount: r.price * r.qty }))
        .count();
    },
    async datafusionSql(df, input) {
      return df.scalar(sql("events"), [{ name: "events", path: dataOf(input).parquet }]);
    },
    async duckdb(db, input) {
      return db.scalar(sql(`read_parquet(${sqlPath(dataOf(input).parquet)})`));
    },
    async polars({ pl, scalar }, input) {
      const df = await pl
        .scanParquet(dataOf(input).parquet)
        .filter(pl.col("price").gt(50).and(pl.col("flag")))
        .withColumns(pl.col("price").mul(pl.col("qty")).alias("amount"))
        .select(pl.len().alias("n"))
        .collect();
      return scalar(df);
    },
  },
});
