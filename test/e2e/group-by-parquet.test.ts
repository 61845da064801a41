/**
 * `groupBy(stringColumn).agg(g => ({ n: g.count() }))` straight over a Parquet file whose key
 * column is dictionary-encoded counts by dictionary code (the key read as codes, counts per code,
 * ids turned back into strings at the end). It must give exactly what the general path gives: the
 * same groups, a NULL key as one group, files whose dictionaries differ, large dictionaries. Other
 * aggregates, or a filter in front, take the general path; results are compared with literal rows
 * and between the two paths.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LTSeq } from "ltseq";
import { byJson, tmpDir } from "./helpers.js";

type V = { k: string | null; v: number };

/** Two files with different key sets (so different dictionaries), NULL keys in both. */
async function visits(): Promise<string> {
  const dir = tmpDir();
  const a: V[] = ["x", "y", null, "x", "a-rather-long-page-name", "x"].map((k, i) => ({ k, v: i + 1 }));
  const b: V[] = ["z", null, "y", "a-rather-long-page-name", "z", "z", "z"].map((k, i) => ({ k, v: 10 * (i + 1) }));
  await LTSeq.fromRows<V>(a, { schema: { k: "utf8", v: "int64" } }).writeParquet(path.join(dir, "a.parquet"));
  await LTSeq.fromRows<V>(b, { schema: { k: "utf8", v: "int64" } }).writeParquet(path.join(dir, "b.parquet"));
  return dir;
}

const COUNTS = [
  { k: null, n: 2 },
  { k: "a-rather-long-page-name", n: 2 },
  { k: "x", n: 3 },
  { k: "y", n: 2 },
  { k: "z", n: 4 },
];

describe("groupBy on a Parquet string column (dictionary codes)", () => {
  it("counts per key, NULL keys as one group, across files with different dictionaries", async () => {
    const t = await LTSeq.readParquet<V>(await visits());
    expect(byJson(await t.groupBy("k").agg((g) => ({ n: g.count() })).collect())).toEqual(byJson(COUNTS));
    // The general path (a filter in front) agrees.
    expect(byJson(await t.filter((r) => r.v > 0).groupBy("k").agg((g) => ({ n: g.count() })).collect())).toEqual(byJson(COUNTS));
    // Arithmetic on counts, and the top-N shape of the benchmark.
    const top = await t.groupBy("k").agg((g) => ({ n: g.count(), twice: g.count() * 2 })).sort((r) => [r.n.desc(), r.k]).head(2).collect();
    expect(top).toEqual([{ k: "z", n: 4, twice: 8 }, { k: "x", n: 3, twice: 6 }]);
    expect(await t.groupBy("k").agg((g) => ({ n: g.count() })).count()).toBe(5);
  });

  it("other aggregates (the general path) give the same groups, NULL key included", async () => {
    const t = await LTSeq.readParquet<V>(await visits());
    const want = [
      { k: null, n: 2, total: 23, hi: 20 },
      { k: "a-rather-long-page-name", n: 2, total: 45, hi: 40 },
      { k: "x", n: 3, total: 11, hi: 6 },
      { k: "y", n: 2, total: 32, hi: 30 },
      { k: "z", n: 4, total: 190, hi: 70 },
    ];
    expect(byJson(await t.groupBy("k").agg((g) => ({ n: g.count(), total: g.v.sum(), hi: g.v.max() })).collect())).toEqual(byJson(want));
    expect(byJson(await t.groupBy("k").agg((g) => ({ keys: g.k.count(), n: g.count() })).collect())).toEqual(
      byJson(COUNTS.map(({ k, n }) => ({ k, keys: k === null ? 0 : n, n }))),
    );
  });

  it("a key with many distinct values (a large dictionary) gives the same answer", async () => {
    const rows = Array.from({ length: 60_000 }, (_, i) => ({ k: `key-${String(i % 30_000).padStart(16, "0")}`, v: i }));
    const file = path.join(tmpDir(), "many.parquet");
    await LTSeq.fromRows(rows).writeParquet(file);
    const q = (await LTSeq.readParquet<{ k: string; v: number }>(file)).groupBy("k").agg((g) => ({ n: g.count() }));
    expect(await q.count()).toBe(30_000);
    expect(await q.filter((r) => r.n !== 2).count()).toBe(0);
    expect(await q.sort("k").head(2).collect()).toEqual([{ k: "key-0000000000000000", n: 2 }, { k: "key-0000000000000001", n: 2 }]);
  });

  it("the plan shows the dictionary path; toSql() shows the query as written", async () => {
    const t = await LTSeq.readParquet<V>(await visits());
    const q = t.groupBy("k").agg((g) => ({ n: g.count() }));
    expect(await q.explain()).toContain("CodeCount");
    expect(q.toSql()).toMatch(/count\(1\) AS "?n"?.* GROUP BY/i);
    expect(q.schema).toEqual({ k: "utf8", n: "int64" });
  });
});
