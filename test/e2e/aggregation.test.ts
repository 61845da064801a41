/**
 * API.md §6 (group expressions), §7 (searchFirst) and §8 (groupBy().agg, agg): literal inputs,
 * literal expected rows. Group expressions follow SQL aggregate rules: NULLs are skipped (a group
 * with no non-NULL value gives NULL; `g.col.count()` counts non-NULL values, `g.count()` rows);
 * std/var are the sample statistics (NULL for fewer than two values); percentile(p) is continuous
 * (linear interpolation), median = percentile(0.5); `g.first().col` / `g.last().col` read the first /
 * last row of the group (a NULL there is the answer, not skipped).
 */
import { describe, expect, it } from "vitest";
import { InvalidArgumentError, LTSeq, TypeMismatchError, when } from "ltseq";
import { byJson, expectError } from "./helpers.js";

const close = (v: number, digits = 10) => expect.closeTo(v, digits);

/**
 * Runs by k in the order of i: a = v 1, NULL, 4, 10 · b = v NULL (one row) · c = v 2 (one row) ·
 * d = v 2, 4, 4, 4, 5, 5, 7, 9. The string s and the date day vary inside the runs.
 */
type V = { i: number; k: string; v: number | null; s: string; day: Date };
const day = (n: number) => new Date(Date.UTC(2024, 0, n));
const values = () => {
  const runs: [string, (number | null)[]][] = [["a", [1, null, 4, 10]], ["b", [null]], ["c", [2]], ["d", [2, 4, 4, 4, 5, 5, 7, 9]]];
  const rows: V[] = [];
  for (const [k, vs] of runs) for (const v of vs) rows.push({ i: rows.length + 1, k, v, s: "qxmzbtcnfwyjpe"[rows.length], day: day(20 - rows.length) });
  return LTSeq.fromRows<V>(rows.reverse(), { schema: { i: "int64", k: "utf8", v: "int64", s: "utf8", day: "date32" } }).sort("i");
};
const groups = () => values().groupOrdered((r) => r.k);

type Sale = { id: number; region: string | null; year: number; amount: number };
const sales = () =>
  LTSeq.fromRows<Sale>(
    [
      { id: 1, region: "east", year: 2023, amount: 10 },
      { id: 2, region: "west", year: 2023, amount: 5 },
      { id: 3, region: "east", year: 2024, amount: 7 },
      { id: 4, region: null, year: 2024, amount: 3 },
      { id: 5, region: "west", year: 2024, amount: 20 },
      { id: 6, region: null, year: 2023, amount: 1 },
    ],
    { schema: { id: "int64", region: "utf8", year: "int64", amount: "int64" } },
  );

describe("group expressions", () => {
  it("g.count() counts rows; g.col.count() counts non-NULL values", async () => {
    expect(await groups().agg((g) => ({ k: g.first().k, n: g.count(), nv: g.v.count() })).collect()).toEqual([
      { k: "a", n: 4, nv: 3 },
      { k: "b", n: 1, nv: 0 },
      { k: "c", n: 1, nv: 1 },
      { k: "d", n: 8, nv: 8 },
    ]);
  });

  it("g.first().col and g.last().col read the group's first and last rows, NULL included", async () => {
    const a = await groups().agg((g) => ({ fv: g.first().v, lv: g.last().v, fi: g.first().i, li: g.last().i, fd: g.first().day })).collect();
    expect(a).toEqual([
      { fv: 1, lv: 10, fi: 1, li: 4, fd: day(20) },
      { fv: null, lv: null, fi: 5, li: 5, fd: day(16) },
      { fv: 2, lv: 2, fi: 6, li: 6, fd: day(15) },
      { fv: 2, lv: 9, fi: 7, li: 14, fd: day(14) },
    ]);
    const ends = LTSeq.fromRows([{ i: 1, v: null }, { i: 2, v: 3 }, { i: 3, v: null }], { schema: { i: "int64", v: "int64" } }).sort("i");
    expect(await ends.groupWhen((r) => r.i === 1).agg((g) => ({ f: g.first().v, l: g.last().v })).collect()).toEqual([{ f: null, l: null }]);
  });

  it("sum, mean, min, max skip NULLs; all-NULL groups give NULL", async () => {
    const t = groups().agg((g) => ({ sum: g.v.sum(), mean: g.v.mean(), min: g.v.min(), max: g.v.max() }));
    expect(t.schema).toEqual({ sum: "int64", mean: "float64", min: "int64", max: "int64" });
    expect(await t.collect()).toEqual([
      { sum: 15, mean: 5, min: 1, max: 10 },
      { sum: null, mean: null, min: null, max: null },
      { sum: 2, mean: 2, min: 2, max: 2 },
      { sum: 40, mean: 5, min: 2, max: 9 },
    ]);
  });

  it("median, std and var (sample): NULL for too few values", async () => {
    expect(await groups().agg((g) => ({ median: g.v.median(), std: g.v.std(), var: g.v.var() })).collect()).toEqual([
      { median: 4, std: close(Math.sqrt(21)), var: close(21) },
      { median: null, std: null, var: null },
      { median: 2, std: null, var: null },
      { median: 4.5, std: close(Math.sqrt(32 / 7)), var: close(32 / 7) },
    ]);
  });

  it("percentile(p) interpolates linearly between ranks; 0 and 1 are min and max", async () => {
    const t = groups().agg((g) => ({ p0: g.v.percentile(0), p25: g.v.percentile(0.25), p50: g.v.percentile(0.5), p90: g.v.percentile(0.9), p1: g.v.percentile(1) }));
    expect(await t.collect()).toEqual([
      { p0: 1, p25: close(2.5), p50: 4, p90: close(8.8), p1: 10 },
      { p0: null, p25: null, p50: null, p90: null, p1: null },
      { p0: 2, p25: 2, p50: 2, p90: 2, p1: 2 },
      { p0: 2, p25: 4, p50: 4.5, p90: close(7.6), p1: 9 },
    ]);
  });

  it("min and max of strings and dates", async () => {
    expect(await groups().agg((g) => ({ smin: g.s.min(), smax: g.s.max(), dmin: g.day.min(), dmax: g.day.max() })).collect()).toEqual([
      { smin: "m", smax: "z", dmin: day(17), dmax: day(20) },
      { smin: "b", smax: "b", dmin: day(16), dmax: day(16) },
      { smin: "t", smax: "t", dmin: day(15), dmax: day(15) },
      { smin: "c", smax: "y", dmin: day(7), dmax: day(14) },
    ]);
  });

  it("g.all / g.any / g.none over a row predicate", async () => {
    const t = groups().agg((g) => ({
      all: g.all((r) => r.i > 1),
      any: g.any((r) => r.i % 5 === 0),
      none: g.none((r) => r.s === "c" || r.s === "q"),
      allText: g.all((r) => r.s.length === 1 && r.k !== "x"),
    }));
    expect(await t.collect()).toEqual([
      { all: false, any: false, none: false, allText: true },
      { all: true, any: true, none: true, allText: true },
      { all: true, any: false, none: true, allText: true },
      { all: true, any: true, none: false, allText: true },
    ]);
  });

  it("aggregates combine with arithmetic, comparisons, logic, ?:, ??, when, Math and strings", async () => {
    const t = groups().agg((g) => ({
      span: g.last().i - g.first().i,
      perRow: g.v.sum() / g.count(),
      range: g.v.max() - g.v.min(),
      rising: g.count() > 1 && g.first().v < g.last().v,
      size: g.count() > 1 ? "multi" : "single",
      total: g.v.sum() ?? 0,
      big: when(g.v.max() >= 9, "big").otherwise("small"),
      mean1: Math.round(g.v.mean() * 10) / 10,
      label: `${g.first().k}:${g.count()}`,
      notAny: !g.any((r) => r.i > 5),
    }));
    expect(await t.collect()).toEqual([
      { span: 3, perRow: 3.75, range: 9, rising: true, size: "multi", total: 15, big: "big", mean1: 5, label: "a:4", notAny: true },
      { span: 0, perRow: null, range: null, rising: false, size: "single", total: 0, big: "small", mean1: null, label: "b:1", notAny: true },
      { span: 0, perRow: 2, range: 0, rising: false, size: "single", total: 2, big: "small", mean1: 2, label: "c:1", notAny: false },
      { span: 7, perRow: 5, range: 7, rising: true, size: "multi", total: 40, big: "big", mean1: 5, label: "d:8", notAny: false },
    ]);
  });

  it("a percentile outside [0, 1] is an InvalidArgumentError", async () => {
    await expectError(() => groups().agg((g) => ({ p: g.v.percentile(1.5) })).collect(), InvalidArgumentError, "INVALID_ARGUMENT", "percentile");
    await expectError(() => groups().agg((g) => ({ p: g.v.percentile(-0.1) })).collect(), InvalidArgumentError, "INVALID_ARGUMENT", "percentile");
  });

  it("sum of a string column is a TypeMismatchError; a lambda not returning an object is an InvalidArgumentError", async () => {
    await expectError(() => groups().agg((g) => ({ x: g.s.sum() })).collect(), TypeMismatchError, "TYPE_MISMATCH", "sum", "s");
    // @ts-expect-error — agg needs an object of named values
    await expectError(() => groups().agg((g) => g.count()), InvalidArgumentError, "INVALID_ARGUMENT", "agg");
  });
});

describe("groupBy().agg", () => {
  it("by a column name: one row per key, NULL keys form one group; the order is not promised", async () => {
    const t = sales().groupBy("region").agg((g) => ({ total: g.amount.sum(), n: g.count(), mean: g.amount.mean() }));
    expect(t.schema).toEqual({ region: "utf8", total: "int64", n: "int64", mean: "float64" });
    expect(t.sortKeys).toEqual([]);
    expect(byJson(await t.collect())).toEqual(byJson([
      { region: "east", total: 17, n: 2, mean: 8.5 },
      { region: "west", total: 25, n: 2, mean: 12.5 },
      { region: null, total: 4, n: 2, mean: 2 },
    ]));
  });

  it("by a lambda, and by several columns", async () => {
    expect(byJson(await sales().groupBy((r) => r.region).agg((g) => ({ hi: g.amount.max() })).collect())).toEqual(byJson([
      { region: "east", hi: 10 },
      { region: "west", hi: 20 },
      { region: null, hi: 3 },
    ]));
    const two = await sales().groupBy("year", "region").agg((g) => ({ total: g.amount.sum() })).sort("year", "region").collect();
    expect(two).toEqual([
      { year: 2023, region: "east", total: 10 },
      { year: 2023, region: "west", total: 5 },
      { year: 2023, region: null, total: 1 },
      { year: 2024, region: "east", total: 7 },
      { year: 2024, region: "west", total: 20 },
      { year: 2024, region: null, total: 3 },
    ]);
  });

  it("several keys from one lambda returning an array, as the groupBy doc comment shows", async () => {
    const t = sales().groupBy((r) => [r.year, r.region]).agg((g) => ({ n: g.count() }));
    expect((await t.collect()).length).toBe(6);
  });

  it("first/last follow the declared order, or the physical order without one", async () => {
    expect(byJson(await sales().groupBy("region").agg((g) => ({ f: g.first().id, l: g.last().id })).collect())).toEqual(byJson([
      { region: "east", f: 1, l: 3 },
      { region: "west", f: 2, l: 5 },
      { region: null, f: 4, l: 6 },
    ]));
    expect(byJson(await sales().sort("id", { desc: true }).groupBy("region").agg((g) => ({ f: g.first().id, l: g.last().id })).collect())).toEqual(byJson([
      { region: "east", f: 3, l: 1 },
      { region: "west", f: 5, l: 2 },
      { region: null, f: 6, l: 4 },
    ]));
    expect(byJson(await sales().sort("amount").groupBy("year").agg((g) => ({ cheapest: g.first().id, dearest: g.last().id })).collect())).toEqual(byJson([
      { year: 2023, cheapest: 6, dearest: 1 },
      { year: 2024, cheapest: 4, dearest: 5 },
    ]));
  });

  it("group expressions over the aggregated rows: the result is an ordinary table", async () => {
    const t = sales().groupBy("region").agg((g) => ({ total: g.amount.sum(), big: g.any((r) => r.amount >= 10) }));
    expect(await t.filter((r) => r.big).sort("total", { desc: true }).select("region", "total").collect()).toEqual([
      { region: "west", total: 25 },
      { region: "east", total: 17 },
    ]);
  });

  it("empty input gives no groups; groupBy without keys is an InvalidArgumentError", async () => {
    const none = sales().filter((r) => r.amount > 1000);
    expect(await none.groupBy("region").agg((g) => ({ n: g.count() })).collect()).toEqual([]);
    await expectError(() => sales().groupBy().agg((g) => ({ n: g.count() })), InvalidArgumentError, "INVALID_ARGUMENT", "groupBy");
  });
});

describe("agg over the whole table", () => {
  it("one row", async () => {
    const t = sales().agg((g) => ({ total: g.amount.sum(), n: g.count(), hi: g.amount.max(), share: g.amount.max() / g.amount.sum(), regions: g.region.count() }));
    expect(t.sortKeys).toEqual([]);
    expect(await t.collect()).toEqual([{ total: 46, n: 6, hi: 20, share: close(20 / 46), regions: 4 }]);
  });

  it("first/last follow the declared order", async () => {
    expect(await sales().agg((g) => ({ f: g.first().id, l: g.last().id })).collect()).toEqual([{ f: 1, l: 6 }]);
    expect(await sales().sort("amount").agg((g) => ({ f: g.first().id, l: g.last().id })).collect()).toEqual([{ f: 6, l: 5 }]);
  });

  it("on an empty table: one row, count 0 and NULL aggregates", async () => {
    const none = sales().filter((r) => r.amount > 1000);
    expect(await none.agg((g) => ({ n: g.count(), total: g.amount.sum(), hi: g.amount.max() })).collect()).toEqual([{ n: 0, total: null, hi: null }]);
  });
});

describe("searchFirst", () => {
  it("the first matching row in the declared order", async () => {
    expect(await sales().sort("amount").searchFirst((r) => r.amount > 6).collect()).toEqual([{ id: 3, region: "east", year: 2024, amount: 7 }]);
    expect(await sales().sort("amount", { desc: true }).searchFirst((r) => r.amount < 6).collect()).toEqual([{ id: 2, region: "west", year: 2023, amount: 5 }]);
    expect(await sales().sort("year", "id").searchFirst((r) => r.region === null).collect()).toEqual([{ id: 6, region: null, year: 2023, amount: 1 }]);
  });

  it("no match gives no rows; count() is 0 or 1", async () => {
    expect(await sales().sort("id").searchFirst((r) => r.amount > 100).collect()).toEqual([]);
    expect(await sales().sort("id").searchFirst((r) => r.amount > 100).count()).toBe(0);
    expect(await sales().sort("id").searchFirst((r) => r.amount > 1).count()).toBe(1);
  });

  it("keeps the declared order; without one, the physical order decides", async () => {
    expect(sales().sort("amount").searchFirst((r) => r.amount > 6).sortKeys).toEqual([{ column: "amount", desc: false }]);
    expect(await sales().searchFirst((r) => r.year === 2024).collect()).toEqual([{ id: 3, region: "east", year: 2024, amount: 7 }]);
  });

  it("with a sequence operator in the predicate: the first rise of more than 10", async () => {
    expect(await sales().sort("id").searchFirst((r) => r.amount - r.amount.shift(1) > 10).select("id").collect()).toEqual([{ id: 5 }]);
  });
});
