/**
 * Issue 6 — links and as-of joins.
 *
 * `link-lookup`: `orders` (N rows) → `products` (N/100 rows) many-to-one pointer lookup; every
 * engine reads both Parquet files and returns one row: the number of orders whose product exists
 * (count of non-null `prod_name`) and Σ `prod_price × qty`. Targets: the link beats DuckDB's LEFT
 * JOIN and LTSeq's own general `join` (`ltseq-join`) — ltseq ≤ 1.0 × the faster of the two.
 *
 * `asof-join`: `trades` (N rows) vs `quotes` (N rows), both sorted by (symbol, time); for each trade
 * the last quote of its symbol at or before it (`t.time >= q.time`); the result is the number of
 * trades with a quote and Σ `bid`. LTSeq declares the files' order with `assumeSorted` (the merge
 * then needs no sort; Polars' join_asof likewise takes it as given, `checkSortedness: false`
 * only silences its warning that it cannot check sortedness within `by` groups), DuckDB runs
 * `ASOF LEFT JOIN`. Target: ltseq ≤ 1.0x DuckDB.
 */
import { partOf } from "../data.js";
import { sqlPath } from "../engines/duckdb.js";
import type { Row } from "../lib/result.js";
import { dataOf, defineCase, type BenchCase, type CaseInput } from "./types.js";

interface Order { id: number; pid: number; qty: number }
interface Product { id: number; name: string; price: number; catId: number }
interface Trade { symbol: string; time: number; qty: number }
interface Quote { symbol: string; time: number; bid: number }

const from = (p: string): string => `read_parquet(${sqlPath(p)})`;

/** Both result columns as plain numbers (a bigint count, or a NULL sum over no rows → 0). */
const pair = (r: Row | undefined): Row[] => [{ n: Number(r?.n ?? 0), s: Number(r?.s ?? 0) }];

const files = (input: CaseInput, part: string): { main: string; part: string } => {
  const d = dataOf(input);
  return { main: d.parquet, part: partOf(d, part).parquet };
};

const linkLookup = defineCase({
  name: "link-lookup",
  dataset: "orders",
  description: "orders → products (N/100) pointer lookup: count of matched orders, Σ prod_price × qty",
  targets: [{ kind: "ratio", engine: "ltseq", vs: ["duckdb", "ltseqJoin"], max: 1.0 }],
  runs: {
    async ltseq({ LTSeq }, input) {
      const f = files(input, "products");
      const orders = await LTSeq.readParquet<Order>(f.main);
      const products = await LTSeq.readParquet<Product>(f.part);
      const rows = await orders.link(products, (o, p) => o.pid === p.id, { as: "prod" })
        .select((r) => ({ name: r.prod.name, amount: r.prod.price * r.qty }))
        .agg((g) => ({ n: g.name.count(), s: g.amount.sum() }))
        .collect();
      return pair(rows[0]);
    },
    async ltseqJoin({ LTSeq }, input) {
      const f = files(input, "products");
      const orders = await LTSeq.readParquet<Order>(f.main);
      const products = await LTSeq.readParquet<Product>(f.part);
      const rows = await orders.join(products, (o, p) => o.pid === p.id, { how: "left" })
        .select((r) => ({ name: r.name, amount: r.price * r.qty }))
        .agg((g) => ({ n: g.name.count(), s: g.amount.sum() }))
        .collect();
      return pair(rows[0]);
    },
    async datafusionSql(df, input) {
      const f = files(input, "products");
      const rows = await df.rows(
        "SELECT count(p.name) AS n, sum(p.price * o.qty) AS s FROM orders o LEFT JOIN products p ON o.pid = p.id",
        [{ name: "orders", path: f.main }, { name: "products", path: f.part }],
      );
      return pair(rows[0]);
    },
    async duckdb(db, input) {
      const f = files(input, "products");
      const rows = await db.rows(`SELECT count(p.name) AS n, sum(p.price * o.qty) AS s
        FROM ${from(f.main)} o LEFT JOIN ${from(f.part)} p ON o.pid = p.id`);
      return pair(rows[0]);
    },
    async polars({ pl }, input) {
      const f = files(input, "products");
      const df = await pl.scanParquet(f.main)
        .join(pl.scanParquet(f.part), { leftOn: "pid", rightOn: "id", how: "left" })
        .select(pl.col("name").count().alias("n"), pl.col("price").mul(pl.col("qty")).sum().alias("s"))
        .collect();
      return pair(df.toRecords()[0] as Row | undefined);
    },
  },
});

const asofJoin = defineCase({
  name: "asof-join",
  dataset: "trades",
  description: "trades (N) as-of quotes (N) by symbol, backward (t.time >= q.time): count of matched trades, Σ bid",
  targets: [{ kind: "ratio", engine: "ltseq", vs: ["duckdb"], max: 1.0 }],
  runs: {
    async ltseq({ LTSeq }, input) {
      const f = files(input, "quotes");
      const trades = (await LTSeq.readParquet<Trade>(f.main)).assumeSorted("symbol", "time");
      const quotes = (await LTSeq.readParquet<Quote>(f.part)).assumeSorted("symbol", "time");
      const rows = await trades.asofJoin(quotes, (t, q) => t.time >= q.time, { by: "symbol" })
        .agg((g) => ({ n: g.bid.count(), s: g.bid.sum() }))
        .collect();
      return pair(rows[0]);
    },
    async duckdb(db, input) {
      const f = files(input, "quotes");
      const rows = await db.rows(`SELECT count(q.bid) AS n, sum(q.bid) AS s
        FROM ${from(f.main)} t ASOF LEFT JOIN ${from(f.part)} q ON t.symbol = q.symbol AND t."time" >= q."time"`);
      return pair(rows[0]);
    },
    async polars({ pl }, input) {
      const f = files(input, "quotes");
      const df = await pl.scanParquet(f.main)
        .joinAsof(pl.scanParquet(f.part), { on: "time", by: "symbol", strategy: "backward", checkSortedness: false })
        .select(pl.col("bid").count().alias("n"), pl.col("bid").sum().alias("s"))
        .collect();
      return pair(df.toRecords()[0] as Row | undefined);
    },
  },
});

export const LINK_CASES: readonly BenchCase[] = [linkLookup, asofJoin];
