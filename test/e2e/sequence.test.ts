/**
 * API.md §5 and §12: sequence operators over the declared order — literal inputs, literal expected
 * rows. Semantics (runtime/expr/tree.ts, native/core/src/lower/window/): shift = LAG/LEAD with
 * NULL (or a literal `default`) at the edges; diff(n) = x - x.shift(n); pctChange(n) = (x - s) / s;
 * rolling(w) aggregates the current row and the w - 1 before it (partial frames at the start, SQL
 * NULL rules, sample std); cum* run from the partition's start skipping NULLs; ranking is int64 and
 * follows the declared order unless `.over({ orderBy })` gives one. Results keep the table's row order.
 */
import { describe, expect, it } from "vitest";
import { LTSeq, denseRank, desc, ntile, rank, rowNumber } from "ltseq";

const close = (v: number, digits = 10) => expect.closeTo(v, digits);

/** Ordered by d: p = 12, 10, 11, 15, 9 (given shuffled, so `sort` does the work). */
type P = { d: number; p: number };
const prices = () =>
  LTSeq.fromRows<P>([
    { d: 3, p: 11 },
    { d: 1, p: 12 },
    { d: 5, p: 9 },
    { d: 2, p: 10 },
    { d: 4, p: 15 },
  ]).sort("d");

/** Same series with NULLs: `p` nullable. */
type N = { d: number; p: number | null };
const nullable = (ps: (number | null)[]) =>
  LTSeq.fromRows<N>(ps.map((p, i) => ({ d: i + 1, p })), { schema: { d: "int64", p: "float64" } }).sort("d");

/** Two symbols interleaved by date. Ordered by d: A 10, B 100, A 11, B 90, A 13, B 95. */
type T = { d: number; sym: string; p: number };
const trades = () =>
  LTSeq.fromRows<T>([
    { d: 1, sym: "A", p: 10 },
    { d: 2, sym: "B", p: 100 },
    { d: 3, sym: "A", p: 11 },
    { d: 4, sym: "B", p: 90 },
    { d: 5, sym: "A", p: 13 },
    { d: 6, sym: "B", p: 95 },
  ]);

describe("shift", () => {
  it("shift(1) is the previous row (LAG), NULL at the start", async () => {
    expect(await prices().derive((r) => ({ prev: r.p.shift(1) })).collect()).toEqual([
      { d: 1, p: 12, prev: null },
      { d: 2, p: 10, prev: 12 },
      { d: 3, p: 11, prev: 10 },
      { d: 4, p: 15, prev: 11 },
      { d: 5, p: 9, prev: 15 },
    ]);
  });

  it("shift() defaults to 1", async () => {
    expect(await prices().select((r) => ({ d: r.d, prev: r.p.shift() })).collect()).toEqual([
      { d: 1, prev: null },
      { d: 2, prev: 12 },
      { d: 3, prev: 10 },
      { d: 4, prev: 11 },
      { d: 5, prev: 15 },
    ]);
  });

  it("shift(-1) is the next row (LEAD), NULL at the end", async () => {
    expect(await prices().derive((r) => ({ next: r.p.shift(-1) })).collect()).toEqual([
      { d: 1, p: 12, next: 10 },
      { d: 2, p: 10, next: 11 },
      { d: 3, p: 11, next: 15 },
      { d: 4, p: 15, next: 9 },
      { d: 5, p: 9, next: null },
    ]);
  });

  it("shift(2) and shift(-2)", async () => {
    expect(await prices().derive((r) => ({ back2: r.p.shift(2), ahead2: r.p.shift(-2) })).collect()).toEqual([
      { d: 1, p: 12, back2: null, ahead2: 11 },
      { d: 2, p: 10, back2: null, ahead2: 15 },
      { d: 3, p: 11, back2: 12, ahead2: 9 },
      { d: 4, p: 15, back2: 10, ahead2: null },
      { d: 5, p: 9, back2: 11, ahead2: null },
    ]);
  });

  it("a shift longer than the table is all NULL", async () => {
    expect(await prices().select((r) => ({ a: r.p.shift(5), b: r.p.shift(-7) })).collect()).toEqual(
      Array.from({ length: 5 }, () => ({ a: null, b: null })),
    );
  });

  it("shift(0) is the value itself", async () => {
    const t = prices().derive((r) => ({ same: r.p.shift(0) }));
    expect(t.schema.same).toBe("int64");
    expect(await t.collect()).toEqual([
      { d: 1, p: 12, same: 12 },
      { d: 2, p: 10, same: 10 },
      { d: 3, p: 11, same: 11 },
      { d: 4, p: 15, same: 15 },
      { d: 5, p: 9, same: 9 },
    ]);
  });

  it("{ default } fills the edges only, for lag and lead", async () => {
    const t = prices().select((r) => ({ d: r.d, prev: r.p.shift(1, { default: 0 }), next: r.p.shift(-2, { default: -1 }) }));
    expect(t.schema).toEqual({ d: "int64", prev: "int64", next: "int64" });
    expect(await t.collect()).toEqual([
      { d: 1, prev: 0, next: 11 },
      { d: 2, prev: 12, next: 15 },
      { d: 3, prev: 10, next: 9 },
      { d: 4, prev: 11, next: -1 },
      { d: 5, prev: 15, next: -1 },
    ]);
  });

  it("{ default } does not replace a NULL value taken from inside the table", async () => {
    expect(await nullable([1.5, null, 3.5]).derive((r) => ({ prev: r.p.shift(1, { default: 0 }) })).collect()).toEqual([
      { d: 1, p: 1.5, prev: 0 },
      { d: 2, p: null, prev: 1.5 },
      { d: 3, p: 3.5, prev: null },
    ]);
  });

  it("shifts string columns, with a string default", async () => {
    const t = trades().sort("d").select((r) => ({ d: r.d, prevSym: r.sym.shift(1), nextSym: r.sym.shift(-1, { default: "end" }) }));
    expect(t.schema).toEqual({ d: "int64", prevSym: "utf8", nextSym: "utf8" });
    expect(await t.collect()).toEqual([
      { d: 1, prevSym: null, nextSym: "B" },
      { d: 2, prevSym: "A", nextSym: "A" },
      { d: 3, prevSym: "B", nextSym: "B" },
      { d: 4, prevSym: "A", nextSym: "A" },
      { d: 5, prevSym: "B", nextSym: "B" },
      { d: 6, prevSym: "A", nextSym: "end" },
    ]);
  });

  it("shifts date columns", async () => {
    const day = (n: number) => new Date(Date.UTC(2024, 0, n));
    const t = LTSeq.fromRows([
      { d: day(3), v: 3 },
      { d: day(1), v: 1 },
      { d: day(2), v: 2 },
    ]).sort("d");
    expect(await t.derive((r) => ({ prev: r.d.shift(1), gapMs: r.d.getTime() - r.d.shift(1).getTime() })).collect()).toEqual([
      { d: day(1), v: 1, prev: null, gapMs: null },
      { d: day(2), v: 2, prev: day(1), gapMs: 86_400_000 },
      { d: day(3), v: 3, prev: day(2), gapMs: 86_400_000 },
    ]);
  });

  it("shifts float columns", async () => {
    expect(await nullable([0.5, 1.25, 2]).select((r) => ({ prev: r.p.shift(1), next: r.p.shift(-1) })).collect()).toEqual([
      { prev: null, next: 1.25 },
      { prev: 0.5, next: 2 },
      { prev: 1.25, next: null },
    ]);
  });
});

describe("diff and pctChange", () => {
  it("diff() = p - p.shift(1)", async () => {
    const t = prices().derive((r) => ({ d1: r.p.diff() }));
    expect(t.schema.d1).toBe("int64");
    expect(await t.collect()).toEqual([
      { d: 1, p: 12, d1: null },
      { d: 2, p: 10, d1: -2 },
      { d: 3, p: 11, d1: 1 },
      { d: 4, p: 15, d1: 4 },
      { d: 5, p: 9, d1: -6 },
    ]);
  });

  it("diff(2) = p - p.shift(2)", async () => {
    expect(await prices().select((r) => ({ d: r.d, d2: r.p.diff(2) })).collect()).toEqual([
      { d: 1, d2: null },
      { d: 2, d2: null },
      { d: 3, d2: -1 },
      { d: 4, d2: 5 },
      { d: 5, d2: -2 },
    ]);
  });

  it("pctChange() = (p - p.shift(1)) / p.shift(1), true division on an integer column", async () => {
    const t = prices().select((r) => ({ d: r.d, pct: r.p.pctChange() }));
    expect(t.schema.pct).toBe("float64");
    expect(await t.collect()).toEqual([
      { d: 1, pct: null },
      { d: 2, pct: close(-2 / 12) },
      { d: 3, pct: close(1 / 10) },
      { d: 4, pct: close(4 / 11) },
      { d: 5, pct: close(-6 / 15) },
    ]);
  });

  it("pctChange(2)", async () => {
    expect(await prices().select((r) => ({ d: r.d, pct: r.p.pctChange(2) })).collect()).toEqual([
      { d: 1, pct: null },
      { d: 2, pct: null },
      { d: 3, pct: close(-1 / 12) },
      { d: 4, pct: close(5 / 10) },
      { d: 5, pct: close(-2 / 11) },
    ]);
  });
});

describe("rolling", () => {
  it("rolling(3) mean/sum/min/max/count over partial frames at the start", async () => {
    const t = prices().select((r) => ({
      d: r.d,
      mean: r.p.rolling(3).mean(),
      sum: r.p.rolling(3).sum(),
      min: r.p.rolling(3).min(),
      max: r.p.rolling(3).max(),
      count: r.p.rolling(3).count(),
    }));
    expect(t.schema).toEqual({ d: "int64", mean: "float64", sum: "int64", min: "int64", max: "int64", count: "int64" });
    expect(await t.collect()).toEqual([
      { d: 1, mean: 12, sum: 12, min: 12, max: 12, count: 1 },
      { d: 2, mean: 11, sum: 22, min: 10, max: 12, count: 2 },
      { d: 3, mean: 11, sum: 33, min: 10, max: 12, count: 3 },
      { d: 4, mean: 12, sum: 36, min: 10, max: 15, count: 3 },
      { d: 5, mean: close(35 / 3), sum: 35, min: 9, max: 15, count: 3 },
    ]);
  });

  it("rolling(3).std() is the sample standard deviation, NULL for one value", async () => {
    const rows = await prices().select((r) => ({ d: r.d, sd: r.p.rolling(3).std() })).collect();
    expect(rows.map((r) => r.d)).toEqual([1, 2, 3, 4, 5]);
    expect(rows[0].sd).toBeNull();
    expect(rows[1].sd).toBeCloseTo(Math.SQRT2, 10); // 12, 10
    expect(rows[2].sd).toBeCloseTo(1, 10); // 12, 10, 11
    expect(rows[3].sd).toBeCloseTo(Math.sqrt(7), 10); // 10, 11, 15
    expect(rows[4].sd).toBeCloseTo(Math.sqrt(28 / 3), 10); // 11, 15, 9
  });

  it("rolling std of a frame of equal values is 0, also after the window slid past other values", async () => {
    const t = LTSeq.fromRows([1, 2, 3, 4, 5, 5, 5].map((p, i) => ({ d: i, p }))).sort("d");
    const rows = await t.select((r) => ({ s2: r.p.rolling(2).std(), s3: r.p.rolling(3).std() })).collect();
    const s2 = rows.map((r) => r.s2);
    const s3 = rows.map((r) => r.s3);
    expect(s2[0]).toBeNull();
    for (let i = 1; i <= 4; i++) expect(s2[i]).toBeCloseTo(Math.sqrt(0.5), 10);
    expect(s2[5]).toBeCloseTo(0, 10); // 5, 5
    expect(s2[6]).toBeCloseTo(0, 10); // 5, 5
    expect(s3[5]).toBeCloseTo(Math.sqrt(1 / 3), 10); // 4, 5, 5
    expect(s3[6]).toBeCloseTo(0, 10); // 5, 5, 5
  });

  it("rolling std of equal values is 0 also per partition when the partition is not a declared key", async () => {
    // Partitions that are not a prefix of the declared order take another evaluation path.
    const t = LTSeq.fromRows([1, 2, 3, 4, 5, 5, 5].map((p, i) => ({ d: i, g: "a", p }))).sort("d");
    const s2 = (await t.select((r) => ({ s2: r.p.rolling(2, { partitionBy: r.g }).std() })).collect()).map((r) => r.s2);
    expect(s2[0]).toBeNull();
    for (let i = 1; i <= 4; i++) expect(s2[i]).toBeCloseTo(Math.sqrt(0.5), 10);
    expect(s2[5]).toBeCloseTo(0, 10);
    expect(s2[6]).toBeCloseTo(0, 10);
  });

  it("rolling(1) is the row itself (std NULL, count 1)", async () => {
    expect(
      await prices()
        .select((r) => ({ mean: r.p.rolling(1).mean(), sum: r.p.rolling(1).sum(), max: r.p.rolling(1).max(), count: r.p.rolling(1).count(), sd: r.p.rolling(1).std() }))
        .collect(),
    ).toEqual([12, 10, 11, 15, 9].map((p) => ({ mean: p, sum: p, max: p, count: 1, sd: null })));
  });

  it("a window larger than the table grows over the whole table", async () => {
    expect(await prices().select((r) => ({ s: r.p.rolling(100).sum(), m: r.p.rolling(100).min() })).collect()).toEqual([
      { s: 12, m: 12 },
      { s: 22, m: 10 },
      { s: 33, m: 10 },
      { s: 48, m: 10 },
      { s: 57, m: 9 },
    ]);
  });
});

describe("cumulative", () => {
  it("cumSum, cumMax, cumMin run from the start", async () => {
    expect(await prices().derive((r) => ({ cs: r.p.cumSum(), hi: r.p.cumMax(), lo: r.p.cumMin() })).collect()).toEqual([
      { d: 1, p: 12, cs: 12, hi: 12, lo: 12 },
      { d: 2, p: 10, cs: 22, hi: 12, lo: 10 },
      { d: 3, p: 11, cs: 33, hi: 12, lo: 10 },
      { d: 4, p: 15, cs: 48, hi: 15, lo: 10 },
      { d: 5, p: 9, cs: 57, hi: 15, lo: 9 },
    ]);
  });

  it("cumSum of floats", async () => {
    expect(await nullable([0.5, 0.25, 1.5]).select((r) => ({ cs: r.p.cumSum() })).collect()).toEqual([
      { cs: 0.5 },
      { cs: 0.75 },
      { cs: 2.25 },
    ]);
  });

  it("table-level cumSum(...cols) adds <col>_cumsum columns and keeps the order", async () => {
    const t = LTSeq.fromRows([
      { d: 2, v: 5, w: 0.5 },
      { d: 1, v: 1, w: 1.5 },
      { d: 3, v: -2, w: 2 },
    ])
      .sort("d")
      .cumSum("v", "w");
    expect(t.columns).toEqual(["d", "v", "w", "v_cumsum", "w_cumsum"]);
    expect(t.sortKeys).toEqual([{ column: "d", desc: false }]);
    expect(await t.collect()).toEqual([
      { d: 1, v: 1, w: 1.5, v_cumsum: 1, w_cumsum: 1.5 },
      { d: 2, v: 5, w: 0.5, v_cumsum: 6, w_cumsum: 2 },
      { d: 3, v: -2, w: 2, v_cumsum: 4, w_cumsum: 4 },
    ]);
  });

  it("table-level cumSum follows a descending declared order", async () => {
    const t = LTSeq.fromRows([{ d: 1, v: 1 }, { d: 2, v: 10 }, { d: 3, v: 100 }]).sort("d", { desc: true }).cumSum("v");
    expect(await t.collect()).toEqual([
      { d: 3, v: 100, v_cumsum: 100 },
      { d: 2, v: 10, v_cumsum: 110 },
      { d: 1, v: 1, v_cumsum: 111 },
    ]);
  });
});

describe("NULLs in the value column", () => {
  it("a NULL in the middle", async () => {
    const rows = await nullable([12, null, 11, 15, 9])
      .select((r) => ({
        prev: r.p.shift(1),
        diff: r.p.diff(),
        mean: r.p.rolling(3).mean(),
        sum: r.p.rolling(3).sum(),
        min: r.p.rolling(3).min(),
        max: r.p.rolling(3).max(),
        n: r.p.rolling(3).count(),
        cs: r.p.cumSum(),
        hi: r.p.cumMax(),
        lo: r.p.cumMin(),
      }))
      .collect();
    expect(rows).toEqual([
      { prev: null, diff: null, mean: 12, sum: 12, min: 12, max: 12, n: 1, cs: 12, hi: 12, lo: 12 },
      { prev: 12, diff: null, mean: 12, sum: 12, min: 12, max: 12, n: 1, cs: 12, hi: 12, lo: 12 },
      { prev: null, diff: null, mean: 11.5, sum: 23, min: 11, max: 12, n: 2, cs: 23, hi: 12, lo: 11 },
      { prev: 11, diff: 4, mean: 13, sum: 26, min: 11, max: 15, n: 2, cs: 38, hi: 15, lo: 11 },
      { prev: 15, diff: -6, mean: close(35 / 3), sum: 35, min: 9, max: 15, n: 3, cs: 47, hi: 15, lo: 9 },
    ]);
  });

  it("a NULL in the middle: std skips it", async () => {
    const sd = (await nullable([12, null, 11, 15, 9]).select((r) => ({ sd: r.p.rolling(3).std() })).collect()).map((r) => r.sd);
    expect(sd[0]).toBeNull();
    expect(sd[1]).toBeNull(); // only 12
    expect(sd[2]).toBeCloseTo(Math.sqrt(0.5), 10); // 12, 11
    expect(sd[3]).toBeCloseTo(Math.sqrt(8), 10); // 11, 15
    expect(sd[4]).toBeCloseTo(Math.sqrt(28 / 3), 10); // 11, 15, 9
  });

  it("NULLs at the start: frames and running values with nothing yet are NULL (count 0)", async () => {
    const rows = await nullable([null, null, 11, 15, 9])
      .select((r) => ({
        prev: r.p.shift(1),
        diff: r.p.diff(),
        pct: r.p.pctChange(),
        mean: r.p.rolling(2).mean(),
        sum: r.p.rolling(2).sum(),
        n: r.p.rolling(2).count(),
        cs: r.p.cumSum(),
        hi: r.p.cumMax(),
        lo: r.p.cumMin(),
      }))
      .collect();
    expect(rows).toEqual([
      { prev: null, diff: null, pct: null, mean: null, sum: null, n: 0, cs: null, hi: null, lo: null },
      { prev: null, diff: null, pct: null, mean: null, sum: null, n: 0, cs: null, hi: null, lo: null },
      { prev: null, diff: null, pct: null, mean: 11, sum: 11, n: 1, cs: 11, hi: 11, lo: 11 },
      { prev: 11, diff: 4, pct: close(4 / 11), mean: 13, sum: 26, n: 2, cs: 26, hi: 15, lo: 11 },
      { prev: 15, diff: -6, pct: close(-6 / 15), mean: 12, sum: 24, n: 2, cs: 35, hi: 15, lo: 9 },
    ]);
  });

  it("a frame of only NULLs after values is NULL again (count 0), running values carry on", async () => {
    expect(
      await nullable([4, null, null, 6])
        .select((r) => ({ mean: r.p.rolling(2).mean(), n: r.p.rolling(2).count(), mx: r.p.rolling(2).max(), cs: r.p.cumSum() }))
        .collect(),
    ).toEqual([
      { mean: 4, n: 1, mx: 4, cs: 4 },
      { mean: 4, n: 1, mx: 4, cs: 4 },
      { mean: null, n: 0, mx: null, cs: 4 },
      { mean: 6, n: 1, mx: 6, cs: 10 },
    ]);
  });

  it("an all-NULL column", async () => {
    const rows = await nullable([null, null, null])
      .select((r) => ({
        prev: r.p.shift(1, { default: 7 }),
        diff: r.p.diff(),
        mean: r.p.rolling(2).mean(),
        sum: r.p.rolling(2).sum(),
        min: r.p.rolling(2).min(),
        n: r.p.rolling(2).count(),
        sd: r.p.rolling(2).std(),
        cs: r.p.cumSum(),
        hi: r.p.cumMax(),
        lo: r.p.cumMin(),
        rn: rowNumber(),
      }))
      .collect();
    expect(rows).toEqual([
      { prev: 7, diff: null, mean: null, sum: null, min: null, n: 0, sd: null, cs: null, hi: null, lo: null, rn: 1 },
      { prev: null, diff: null, mean: null, sum: null, min: null, n: 0, sd: null, cs: null, hi: null, lo: null, rn: 2 },
      { prev: null, diff: null, mean: null, sum: null, min: null, n: 0, sd: null, cs: null, hi: null, lo: null, rn: 3 },
    ]);
  });
});

describe("ranking", () => {
  /** Ordered by d: x = 30, 10, 30, 20, 10, 30; g alternates a/b. */
  type K = { d: number; g: string; x: number };
  const ties = () =>
    LTSeq.fromRows<K>([
      { d: 1, g: "a", x: 30 },
      { d: 2, g: "b", x: 10 },
      { d: 3, g: "a", x: 30 },
      { d: 4, g: "b", x: 20 },
      { d: 5, g: "a", x: 10 },
      { d: 6, g: "b", x: 30 },
    ]).sort("d");

  it("rowNumber/rank/denseRank default to the declared order; results are int64 numbers", async () => {
    const t = ties().select((r) => ({ d: r.d, rn: rowNumber(), rk: rank(), dr: denseRank() }));
    expect(t.schema).toEqual({ d: "int64", rn: "int64", rk: "int64", dr: "int64" });
    const rows = await t.collect();
    expect(rows).toEqual([1, 2, 3, 4, 5, 6].map((d) => ({ d, rn: d, rk: d, dr: d })));
    expect(typeof rows[0].rn).toBe("number");
  });

  it("rank and denseRank with ties over { orderBy: r.x }", async () => {
    expect(
      await ties()
        .select((r) => ({ d: r.d, rk: rank().over({ orderBy: r.x }), dr: denseRank().over({ orderBy: r.x }) }))
        .collect(),
    ).toEqual([
      { d: 1, rk: 4, dr: 3 },
      { d: 2, rk: 1, dr: 1 },
      { d: 3, rk: 4, dr: 3 },
      { d: 4, rk: 3, dr: 2 },
      { d: 5, rk: 1, dr: 1 },
      { d: 6, rk: 4, dr: 3 },
    ]);
  });

  it("descending orderBy by r.x.desc() and desc(r.x), and a string key", async () => {
    expect(
      await ties()
        .select((r) => ({
          d: r.d,
          a: rank().over({ orderBy: r.x.desc() }),
          b: rank().over({ orderBy: desc(r.x) }),
          c: denseRank().over({ orderBy: desc(r.x) }),
          e: denseRank().over({ orderBy: "x" }),
        }))
        .collect(),
    ).toEqual([
      { d: 1, a: 1, b: 1, c: 1, e: 3 },
      { d: 2, a: 5, b: 5, c: 3, e: 1 },
      { d: 3, a: 1, b: 1, c: 1, e: 3 },
      { d: 4, a: 4, b: 4, c: 2, e: 2 },
      { d: 5, a: 5, b: 5, c: 3, e: 1 },
      { d: 6, a: 1, b: 1, c: 1, e: 3 },
    ]);
  });

  it("rowNumber with an array orderBy breaks ties", async () => {
    expect(
      await ties()
        .select((r) => ({
          d: r.d,
          a: rowNumber().over({ orderBy: [r.x.desc(), r.d] }),
          b: rowNumber().over({ orderBy: [desc(r.x), desc(r.d)] }),
          c: rank().over({ orderBy: [r.x, r.d.desc()] }),
        }))
        .collect(),
    ).toEqual([
      { d: 1, a: 1, b: 3, c: 6 },
      { d: 2, a: 5, b: 6, c: 2 },
      { d: 3, a: 2, b: 2, c: 5 },
      { d: 4, a: 4, b: 4, c: 3 },
      { d: 5, a: 6, b: 5, c: 1 },
      { d: 6, a: 3, b: 1, c: 4 },
    ]);
  });

  it("ntile(n) over the declared order: larger buckets first, n > rows gives one row per bucket", async () => {
    expect(
      await ties()
        .select((r) => ({ d: r.d, n1: ntile(1), n2: ntile(2), n4: ntile(4), n9: ntile(9) }))
        .collect(),
    ).toEqual([
      { d: 1, n1: 1, n2: 1, n4: 1, n9: 1 },
      { d: 2, n1: 1, n2: 1, n4: 1, n9: 2 },
      { d: 3, n1: 1, n2: 1, n4: 2, n9: 3 },
      { d: 4, n1: 1, n2: 2, n4: 2, n9: 4 },
      { d: 5, n1: 1, n2: 2, n4: 3, n9: 5 },
      { d: 6, n1: 1, n2: 2, n4: 4, n9: 6 },
    ]);
  });

  it("ranking per partition, with and without orderBy, keeps the row order", async () => {
    expect(
      await ties()
        .select((r) => ({
          d: r.d,
          rn: rowNumber().over({ partitionBy: r.g }),
          rk: rank().over({ partitionBy: r.g, orderBy: r.x }),
          dr: denseRank().over({ partitionBy: "g", orderBy: r.x.desc() }),
          nt: ntile(2).over({ partitionBy: [r.g] }),
        }))
        .collect(),
    ).toEqual([
      { d: 1, rn: 1, rk: 2, dr: 1, nt: 1 },
      { d: 2, rn: 1, rk: 1, dr: 3, nt: 1 },
      { d: 3, rn: 2, rk: 2, dr: 1, nt: 1 },
      { d: 4, rn: 2, rk: 2, dr: 2, nt: 1 },
      { d: 5, rn: 3, rk: 1, dr: 2, nt: 2 },
      { d: 6, rn: 3, rk: 3, dr: 1, nt: 2 },
    ]);
  });

  it("rowNumber() over the declared order next to a ranking with its own orderBy", async () => {
    expect(
      await ties()
        .select((r) => ({ d: r.d, rn: rowNumber(), rk: rank().over({ orderBy: r.x }) }))
        .collect(),
    ).toEqual([
      { d: 1, rn: 1, rk: 4 },
      { d: 2, rn: 2, rk: 1 },
      { d: 3, rn: 3, rk: 4 },
      { d: 4, rn: 4, rk: 3 },
      { d: 5, rn: 5, rk: 1 },
      { d: 6, rn: 6, rk: 4 },
    ]);
  });

  it("NULL order keys rank last ascending and first descending, as peers", async () => {
    const t = LTSeq.fromRows<{ d: number; x: number | null }>(
      [
        { d: 1, x: 2 },
        { d: 2, x: null },
        { d: 3, x: 1 },
        { d: 4, x: null },
      ],
      { schema: { d: "int64", x: "int64" } },
    ).sort("d");
    expect(
      await t.select((r) => ({ d: r.d, up: rank().over({ orderBy: r.x }), down: rank().over({ orderBy: r.x.desc() }), dd: denseRank().over({ orderBy: desc(r.x) }) })).collect(),
    ).toEqual([
      { d: 1, up: 2, down: 3, dd: 2 },
      { d: 2, up: 3, down: 1, dd: 1 },
      { d: 3, up: 1, down: 4, dd: 3 },
      { d: 4, up: 3, down: 1, dd: 1 },
    ]);
  });

  it("rank() without orderBy treats rows with equal declared keys as peers", async () => {
    const t = LTSeq.fromRows([
      { k: 2, id: 1 },
      { k: 1, id: 2 },
      { k: 2, id: 3 },
      { k: 3, id: 4 },
    ]).sort("k");
    const rows = await t.select((r) => ({ k: r.k, rk: rank(), dr: denseRank() })).collect();
    expect(rows).toEqual([
      { k: 1, rk: 1, dr: 1 },
      { k: 2, rk: 2, dr: 2 },
      { k: 2, rk: 2, dr: 2 },
      { k: 3, rk: 4, dr: 3 },
    ]);
  });
});

describe("partitionBy", () => {
  const expected = [
    { d: 1, sym: "A", p: 10, prev: null, cs: 10 },
    { d: 2, sym: "B", p: 100, prev: null, cs: 100 },
    { d: 3, sym: "A", p: 11, prev: 10, cs: 21 },
    { d: 4, sym: "B", p: 90, prev: 100, cs: 190 },
    { d: 5, sym: "A", p: 13, prev: 11, cs: 34 },
    { d: 6, sym: "B", p: 95, prev: 90, cs: 285 },
  ];

  it("a column r.sym", async () => {
    const t = trades().sort("d").derive((r) => ({ prev: r.p.shift(1, { partitionBy: r.sym }), cs: r.p.cumSum({ partitionBy: r.sym }) }));
    expect(await t.collect()).toEqual(expected);
  });

  it("a column-name string", async () => {
    const t = trades().sort("d").derive((r) => ({ prev: r.p.shift(1, { partitionBy: "sym" }), cs: r.p.cumSum({ partitionBy: "sym" }) }));
    expect(await t.collect()).toEqual(expected);
  });

  it("an array of columns or names", async () => {
    const t = trades().sort("d").derive((r) => ({ prev: r.p.shift(1, { partitionBy: [r.sym] }), cs: r.p.cumSum({ partitionBy: ["sym"] }) }));
    expect(await t.collect()).toEqual(expected);
  });

  it("several partition columns", async () => {
    const t = LTSeq.fromRows([
      { d: 1, a: "x", b: 1, v: 1 },
      { d: 2, a: "x", b: 2, v: 2 },
      { d: 3, a: "x", b: 1, v: 3 },
      { d: 4, a: "y", b: 1, v: 4 },
      { d: 5, a: "x", b: 2, v: 5 },
      { d: 6, a: "y", b: 1, v: 6 },
    ]).sort("d");
    expect(await t.select((r) => ({ d: r.d, prev: r.v.shift(1, { partitionBy: [r.a, r.b] }), n: rowNumber().over({ partitionBy: ["a", "b"] }) })).collect()).toEqual([
      { d: 1, prev: null, n: 1 },
      { d: 2, prev: null, n: 1 },
      { d: 3, prev: 1, n: 2 },
      { d: 4, prev: null, n: 1 },
      { d: 5, prev: 2, n: 2 },
      { d: 6, prev: 4, n: 2 },
    ]);
  });

  it("every operator family per partition, on interleaved rows, in the original date order", async () => {
    const t = trades()
      .sort("d")
      .select((r) => ({
        d: r.d,
        sym: r.sym,
        next: r.p.shift(-1, { partitionBy: r.sym }),
        diff: r.p.diff({ partitionBy: r.sym }),
        pct: r.p.pctChange(1, { partitionBy: r.sym }),
        mean: r.p.rolling(2, { partitionBy: r.sym }).mean(),
        hi: r.p.cumMax({ partitionBy: r.sym }),
        lo: r.p.cumMin({ partitionBy: r.sym }),
      }));
    expect(t.sortKeys).toEqual([{ column: "d", desc: false }]);
    expect(await t.collect()).toEqual([
      { d: 1, sym: "A", next: 11, diff: null, pct: null, mean: 10, hi: 10, lo: 10 },
      { d: 2, sym: "B", next: 90, diff: null, pct: null, mean: 100, hi: 100, lo: 100 },
      { d: 3, sym: "A", next: 13, diff: 1, pct: close(1 / 10), mean: 10.5, hi: 11, lo: 10 },
      { d: 4, sym: "B", next: 95, diff: -10, pct: close(-10 / 100), mean: 95, hi: 100, lo: 90 },
      { d: 5, sym: "A", next: null, diff: 2, pct: close(2 / 11), mean: 12, hi: 13, lo: 10 },
      { d: 6, sym: "B", next: null, diff: 5, pct: close(5 / 90), mean: 92.5, hi: 100, lo: 90 },
    ]);
  });

  it("order preservation: rows given in date order stay in date order after a partitioned window", async () => {
    // Many interleaved rows, so a partition-wise evaluation that forgets to restore order shows.
    const rows = Array.from({ length: 40 }, (_, i) => ({ d: i, sym: ["A", "B", "C"][(i * 7) % 3], v: i * 2 }));
    const out = await LTSeq.fromRows(rows)
      .sort("d")
      .derive((r) => ({ prev: r.v.shift(1, { partitionBy: r.sym }), rn: rowNumber().over({ partitionBy: r.sym }) }))
      .collect();
    expect(out.map((r) => r.d)).toEqual(rows.map((r) => r.d));
    const seen: Record<string, { v: number; n: number }> = {};
    for (const r of out) {
      const s = seen[r.sym];
      expect(r.prev).toBe(s ? s.v : null);
      expect(r.rn).toBe(s ? s.n + 1 : 1);
      seen[r.sym] = { v: r.v, n: s ? s.n + 1 : 1 };
    }
  });
});

describe("declared orders", () => {
  it("descending declared order: shift(1) is the previous row in that order", async () => {
    const t = prices().sort((r) => r.d.desc());
    expect(t.sortKeys).toEqual([{ column: "d", desc: true }]);
    expect(await t.derive((r) => ({ prev: r.p.shift(1), cs: r.p.cumSum(), rn: rowNumber() })).collect()).toEqual([
      { d: 5, p: 9, prev: null, cs: 9, rn: 1 },
      { d: 4, p: 15, prev: 9, cs: 24, rn: 2 },
      { d: 3, p: 11, prev: 15, cs: 35, rn: 3 },
      { d: 2, p: 10, prev: 11, cs: 45, rn: 4 },
      { d: 1, p: 12, prev: 10, cs: 57, rn: 5 },
    ]);
  });

  it("desc(r.d) and { desc: true } declare the same order", async () => {
    const a = await prices().sort((r) => desc(r.d)).select((r) => ({ d: r.d, m: r.p.rolling(2).max() })).collect();
    const b = await prices().sort("d", { desc: true }).select((r) => ({ d: r.d, m: r.p.rolling(2).max() })).collect();
    expect(a).toEqual([
      { d: 5, m: 9 },
      { d: 4, m: 15 },
      { d: 3, m: 15 },
      { d: 2, m: 11 },
      { d: 1, m: 12 },
    ]);
    expect(b).toEqual(a);
  });

  it("multi-key declared order: without partitionBy, windows run across the whole order", async () => {
    const t = trades().sort("sym", "d");
    expect(t.sortKeys).toEqual([
      { column: "sym", desc: false },
      { column: "d", desc: false },
    ]);
    expect(await t.select((r) => ({ sym: r.sym, d: r.d, prev: r.p.shift(1), prevInSym: r.p.shift(1, { partitionBy: r.sym }), rn: rowNumber() })).collect()).toEqual([
      { sym: "A", d: 1, prev: null, prevInSym: null, rn: 1 },
      { sym: "A", d: 3, prev: 10, prevInSym: 10, rn: 2 },
      { sym: "A", d: 5, prev: 11, prevInSym: 11, rn: 3 },
      { sym: "B", d: 2, prev: 13, prevInSym: null, rn: 4 },
      { sym: "B", d: 4, prev: 100, prevInSym: 100, rn: 5 },
      { sym: "B", d: 6, prev: 90, prevInSym: 90, rn: 6 },
    ]);
  });

  it("multi-key declared order with a descending second key", async () => {
    const t = trades().sort((r) => [r.sym, r.d.desc()]);
    expect(await t.select((r) => ({ sym: r.sym, d: r.d, prev: r.p.shift(1, { partitionBy: r.sym }), cs: r.p.cumSum({ partitionBy: r.sym }) })).collect()).toEqual([
      { sym: "A", d: 5, prev: null, cs: 13 },
      { sym: "A", d: 3, prev: 13, cs: 24 },
      { sym: "A", d: 1, prev: 11, cs: 34 },
      { sym: "B", d: 6, prev: null, cs: 95 },
      { sym: "B", d: 4, prev: 95, cs: 185 },
      { sym: "B", d: 2, prev: 90, cs: 285 },
    ]);
  });

  it("NULLs in the declared key sort last, and windows follow that order", async () => {
    const t = LTSeq.fromRows<{ d: number | null; v: number }>(
      [
        { d: null, v: 1 },
        { d: 2, v: 2 },
        { d: 1, v: 3 },
      ],
      { schema: { d: "int64", v: "int64" } },
    ).sort("d");
    expect(await t.derive((r) => ({ prev: r.v.shift(1), cs: r.v.cumSum() })).collect()).toEqual([
      { d: 1, v: 3, prev: null, cs: 3 },
      { d: 2, v: 2, prev: 3, cs: 5 },
      { d: null, v: 1, prev: 2, cs: 6 },
    ]);
  });

  it("assumeSorted on data already in order gives the same results as sort", async () => {
    const rows = [
      { d: 1, p: 12 },
      { d: 2, p: 10 },
      { d: 3, p: 11 },
      { d: 4, p: 15 },
      { d: 5, p: 9 },
    ];
    const t = LTSeq.fromRows(rows).assumeSorted("d");
    expect(t.sortKeys).toEqual([{ column: "d", desc: false }]);
    const out = await t.derive((r) => ({ prev: r.p.shift(1), m: r.p.rolling(2).mean(), rn: rowNumber() })).collect();
    expect(out).toEqual([
      { d: 1, p: 12, prev: null, m: 12, rn: 1 },
      { d: 2, p: 10, prev: 12, m: 11, rn: 2 },
      { d: 3, p: 11, prev: 10, m: 10.5, rn: 3 },
      { d: 4, p: 15, prev: 11, m: 13, rn: 4 },
      { d: 5, p: 9, prev: 15, m: 12, rn: 5 },
    ]);
    expect(await prices().derive((r) => ({ prev: r.p.shift(1), m: r.p.rolling(2).mean(), rn: rowNumber() })).collect()).toEqual(out);
  });
});

describe("edge sizes", () => {
  it("an empty table with a declared schema", async () => {
    const t = LTSeq.fromRows<{ d: number; p: number }>([], { schema: { d: "int64", p: "float64" } })
      .sort("d")
      .derive((r) => ({
        prev: r.p.shift(1),
        diff: r.p.diff(),
        pct: r.p.pctChange(),
        mean: r.p.rolling(3).mean(),
        n: r.p.rolling(3).count(),
        cs: r.p.cumSum(),
        rn: rowNumber(),
        nt: ntile(3),
      }));
    expect(t.schema).toEqual({
      d: "int64", p: "float64", prev: "float64", diff: "float64", pct: "float64", mean: "float64", n: "int64", cs: "float64", rn: "int64", nt: "int64",
    });
    expect(await t.collect()).toEqual([]);
    expect(await t.count()).toBe(0);
    expect(await t.filter((r) => r.p > r.p.shift(1)).collect()).toEqual([]);
  });

  it("a single row", async () => {
    const t = LTSeq.fromRows([{ d: 1, p: 2.5 }]).sort("d");
    expect(
      await t
        .select((r) => ({
          prev: r.p.shift(1),
          next: r.p.shift(-1),
          dflt: r.p.shift(1, { default: 0.5 }),
          diff: r.p.diff(),
          pct: r.p.pctChange(),
          mean: r.p.rolling(3).mean(),
          sum: r.p.rolling(3).sum(),
          n: r.p.rolling(3).count(),
          sd: r.p.rolling(3).std(),
          cs: r.p.cumSum(),
          hi: r.p.cumMax(),
          rn: rowNumber(),
          rk: rank(),
          dr: denseRank(),
          nt: ntile(4),
        }))
        .collect(),
    ).toEqual([{ prev: null, next: null, dflt: 0.5, diff: null, pct: null, mean: 2.5, sum: 2.5, n: 1, sd: null, cs: 2.5, hi: 2.5, rn: 1, rk: 1, dr: 1, nt: 1 }]);
  });
});

describe("composition", () => {
  it("(p - p.shift(1)) / p.shift(1) equals pctChange()", async () => {
    const rows = await prices().select((r) => ({ d: r.d, a: (r.p - r.p.shift(1)) / r.p.shift(1), b: r.p.pctChange() })).collect();
    expect(rows).toEqual([
      { d: 1, a: null, b: null },
      { d: 2, a: close(-2 / 12), b: close(-2 / 12) },
      { d: 3, a: close(1 / 10), b: close(1 / 10) },
      { d: 4, a: close(4 / 11), b: close(4 / 11) },
      { d: 5, a: close(-6 / 15), b: close(-6 / 15) },
    ]);
    for (const r of rows) expect(r.a).toBe(r.b);
  });

  it("a rolling mean of a diff", async () => {
    // diff: null, -2, 1, 4, -6
    expect(await prices().select((r) => ({ d: r.d, m: r.p.diff().rolling(2).mean() })).collect()).toEqual([
      { d: 1, m: null },
      { d: 2, m: -2 },
      { d: 3, m: -0.5 },
      { d: 4, m: 2.5 },
      { d: 5, m: -1 },
    ]);
  });

  it("a shift of a rolling mean", async () => {
    // rolling(2).mean(): 12, 11, 10.5, 13, 12
    expect(await prices().select((r) => ({ d: r.d, m: r.p.rolling(2).mean().shift(1) })).collect()).toEqual([
      { d: 1, m: null },
      { d: 2, m: 12 },
      { d: 3, m: 11 },
      { d: 4, m: 10.5 },
      { d: 5, m: 13 },
    ]);
  });

  it("windows mixed with arithmetic and conditionals", async () => {
    expect(
      await prices()
        .select((r) => ({
          d: r.d,
          up: r.p > r.p.shift(1),
          spread: r.p.rolling(3).max() - r.p.rolling(3).min(),
          dev: r.p - r.p.rolling(5).mean(),
          rising: r.p.diff() > 0,
          prevOr: r.p.shift(1) ?? -1,
        }))
        .collect(),
    ).toEqual([
      { d: 1, up: null, spread: 0, dev: 0, rising: null, prevOr: -1 },
      { d: 2, up: false, spread: 2, dev: -1, rising: false, prevOr: 12 },
      { d: 3, up: true, spread: 2, dev: 0, rising: true, prevOr: 10 },
      { d: 4, up: true, spread: 5, dev: 3, rising: true, prevOr: 11 },
      { d: 5, up: false, spread: 6, dev: close(9 - 57 / 5), rising: false, prevOr: 15 },
    ]);
  });

  it("a window inside a filter keeps matching rows and the declared order", async () => {
    const t = prices().filter((r) => r.p > r.p.shift(1));
    expect(t.sortKeys).toEqual([{ column: "d", desc: false }]);
    expect(await t.collect()).toEqual([
      { d: 3, p: 11 },
      { d: 4, p: 15 },
    ]);
  });

  it("a partitioned window inside a filter on interleaved rows", async () => {
    expect(await trades().sort("d").filter((r) => r.p < r.p.shift(1, { partitionBy: r.sym }) || rowNumber().over({ partitionBy: r.sym }) === 1).collect()).toEqual([
      { d: 1, sym: "A", p: 10 },
      { d: 2, sym: "B", p: 100 },
      { d: 4, sym: "B", p: 90 },
    ]);
  });

  it("windows are evaluated before a filter that follows them", async () => {
    // shift is computed on all rows, then rows are dropped: d=4 keeps prev 11 (from d=3).
    expect(await prices().derive((r) => ({ prev: r.p.shift(1) })).filter((r) => r.d % 2 === 0).collect()).toEqual([
      { d: 2, p: 10, prev: 12 },
      { d: 4, p: 15, prev: 11 },
    ]);
    // filtering first changes what the previous row is.
    expect(await prices().filter((r) => r.d % 2 === 0).derive((r) => ({ prev: r.p.shift(1) })).collect()).toEqual([
      { d: 2, p: 10, prev: null },
      { d: 4, p: 15, prev: 10 },
    ]);
  });

  it("windows in select(r => ({...}))", async () => {
    const t = prices().select((r) => ({ day: r.d, prev: r.p.shift(1), rn: rowNumber(), cs: r.p.cumSum() }));
    expect(t.columns).toEqual(["day", "prev", "rn", "cs"]);
    expect(await t.collect()).toEqual([
      { day: 1, prev: null, rn: 1, cs: 12 },
      { day: 2, prev: 12, rn: 2, cs: 22 },
      { day: 3, prev: 10, rn: 3, cs: 33 },
      { day: 4, prev: 11, rn: 4, cs: 48 },
      { day: 5, prev: 15, rn: 5, cs: 57 },
    ]);
  });

  it("a window over a derived column, and a derive replacing the value column", async () => {
    const t = prices()
      .derive((r) => ({ q: r.p * 2 }))
      .derive((r) => ({ dq: r.q.diff(), p: r.p.shift(1) }));
    expect(t.sortKeys).toEqual([{ column: "d", desc: false }]);
    expect(await t.collect()).toEqual([
      { d: 1, p: null, q: 24, dq: null },
      { d: 2, p: 12, q: 20, dq: -4 },
      { d: 3, p: 10, q: 22, dq: 2 },
      { d: 4, p: 11, q: 30, dq: 8 },
      { d: 5, p: 15, q: 18, dq: -12 },
    ]);
  });

  it("windows after head/slice see only the remaining rows", async () => {
    expect(await prices().slice(1, 3).derive((r) => ({ prev: r.p.shift(1), rn: rowNumber() })).collect()).toEqual([
      { d: 2, p: 10, prev: null, rn: 1 },
      { d: 3, p: 11, prev: 10, rn: 2 },
      { d: 4, p: 15, prev: 11, rn: 3 },
    ]);
  });
});

describe("declared order after sequence transforms", () => {
  it("derive, filter and table-level cumSum keep it; select keeps the surviving prefix", () => {
    const t = trades().sort("sym", "d");
    const keys = [
      { column: "sym", desc: false },
      { column: "d", desc: false },
    ];
    expect(t.derive((r) => ({ prev: r.p.shift(1, { partitionBy: r.sym }) })).sortKeys).toEqual(keys);
    expect(t.filter((r) => r.p > r.p.shift(1)).sortKeys).toEqual(keys);
    expect(t.cumSum("p").sortKeys).toEqual(keys);
    expect(t.select((r) => ({ sym: r.sym, m: r.p.rolling(2).mean() })).sortKeys).toEqual([keys[0]]);
    expect(t.select((r) => ({ sym: r.sym, d: r.d, rn: rowNumber() })).sortKeys).toEqual(keys);
    expect(t.select((r) => ({ m: r.p.rolling(2).mean() })).sortKeys).toEqual([]);
  });

  it("a derive overwriting a key with a window trims the order at that key", () => {
    const t = trades().sort("sym", "d");
    expect(t.derive((r) => ({ d: r.d.shift(1) })).sortKeys).toEqual([{ column: "sym", desc: false }]);
    expect(t.derive((r) => ({ sym: r.sym.shift(1) })).sortKeys).toEqual([]);
  });
});

describe("isSortedBy", () => {
  it("reads the declared order as a prefix, with directions", () => {
    const t = trades().sort("sym", "d");
    expect(t.isSortedBy("sym")).toBe(true);
    expect(t.isSortedBy("sym", "d")).toBe(true);
    expect(t.isSortedBy("d")).toBe(false);
    expect(t.isSortedBy("sym", "d", "p")).toBe(false);
    expect(t.isSortedBy("sym", { desc: true })).toBe(false);
    expect(trades().isSortedBy("d")).toBe(false);
    const d = trades().sort((r) => r.d.desc());
    expect(d.isSortedBy("d", { desc: true })).toBe(true);
    expect(d.isSortedBy("d")).toBe(false);
    const m = trades().sort("sym", "d", { desc: [false, true] });
    expect(m.isSortedBy("sym", "d", { desc: [false, true] })).toBe(true);
    expect(m.isSortedBy("sym", "d")).toBe(false);
  });

  it("follows the declared order through transforms", () => {
    const t = trades().sort("d");
    expect(t.derive((r) => ({ prev: r.p.shift(1) })).isSortedBy("d")).toBe(true);
    expect(t.cumSum("p").isSortedBy("d")).toBe(true);
    expect(t.filter((r) => r.p > r.p.shift(1)).isSortedBy("d")).toBe(true);
    expect(t.assumeSorted("sym").isSortedBy("d")).toBe(false);
    expect(t.select("p", "sym").isSortedBy("d")).toBe(false);
    expect(t.distinct().isSortedBy("d")).toBe(false);
  });
});
