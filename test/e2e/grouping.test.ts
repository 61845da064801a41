/**
 * API.md §6 and §12: ordered grouping into consecutive runs — `groupOrdered` (a new group wherever
 * the key differs from the previous row's, NULL equal to NULL), `groupWhen` (a new group where the
 * predicate holds; the first row always starts one; a NULL predicate does not start one) and the
 * `NestedTable` methods. Literal inputs, literal expected rows. Group ids are 1, 2, … in sequence
 * order and are never recomputed: filtering groups away leaves gaps, so neighbouring runs never merge.
 * Group expressions themselves are covered value by value in aggregation.test.ts.
 */
import { describe, expect, it } from "vitest";
import { ColumnNotFoundError, InvalidArgumentError, LTSeq, SortRequiredError, TypeMismatchError } from "ltseq";
import { expectError } from "./helpers.js";

/**
 * Ordered by d: k = a a NULL NULL b a a NULL (given shuffled, so `sort` does the work).
 * Runs: 1 = d1-2 (a), 2 = d3-4 (NULL), 3 = d5 (b), 4 = d6-7 (a), 5 = d8 (NULL).
 */
type R = { d: number; k: string | null; v: number | null };
const runs = () =>
  LTSeq.fromRows<R>(
    [
      { d: 5, k: "b", v: 5 },
      { d: 1, k: "a", v: 1 },
      { d: 8, k: null, v: 8 },
      { d: 3, k: null, v: 3 },
      { d: 7, k: "a", v: 7 },
      { d: 2, k: "a", v: 2 },
      { d: 6, k: "a", v: 6 },
      { d: 4, k: null, v: null },
    ],
    { schema: { d: "int64", k: "utf8", v: "int64" } },
  ).sort("d");

/** The flatten() of `runs().groupOrdered(r => r.k)`. */
const RUNS_FLAT = [
  { d: 1, k: "a", v: 1, __group_id__: 1, __group_count__: 2, __rn__: 1 },
  { d: 2, k: "a", v: 2, __group_id__: 1, __group_count__: 2, __rn__: 2 },
  { d: 3, k: null, v: 3, __group_id__: 2, __group_count__: 2, __rn__: 1 },
  { d: 4, k: null, v: null, __group_id__: 2, __group_count__: 2, __rn__: 2 },
  { d: 5, k: "b", v: 5, __group_id__: 3, __group_count__: 1, __rn__: 1 },
  { d: 6, k: "a", v: 6, __group_id__: 4, __group_count__: 2, __rn__: 1 },
  { d: 7, k: "a", v: 7, __group_id__: 4, __group_count__: 2, __rn__: 2 },
  { d: 8, k: null, v: 8, __group_id__: 5, __group_count__: 1, __rn__: 1 },
];

/** Event times (seconds), with a NULL time at s = 3. Ordered by s. */
type E = { s: number; t: number | null };
const events = () =>
  LTSeq.fromRows<E>(
    [100, 150, null, 3000, 3100, 5000, 5001].map((t, i) => ({ s: i + 1, t })).reverse(),
    { schema: { s: "int64", t: "int64" } },
  ).sort("s");

/** Clicks of two users, interleaved in time: u1 pauses 1900 s (a new session) then 1700 s (not). */
type C = { user: string; t: number; url: string };
const clicks = () =>
  LTSeq.fromRows<C>([
    { user: "u1", t: 0, url: "/home" },
    { user: "u2", t: 10, url: "/home" },
    { user: "u1", t: 100, url: "/a" },
    { user: "u2", t: 1500, url: "/b" },
    { user: "u1", t: 2000, url: "/cart" },
    { user: "u1", t: 3700, url: "/home" },
    { user: "u2", t: 2100, url: "/cart" },
  ]).sort("user", "t");

const empty = () => LTSeq.fromRows<R>([], { schema: { d: "int64", k: "utf8", v: "int64" } }).sort("d");

describe("groupOrdered", () => {
  it("numbers consecutive runs; NULL keys equal each other; single-row groups", async () => {
    const n = runs().groupOrdered((r) => r.k);
    expect(await n.flatten().collect()).toEqual(RUNS_FLAT);
    expect(await n.count()).toBe(5);
  });

  it("count() and first() of a fresh grouping (one flagging pass) agree with the numbered groups", async () => {
    // The first rows of runs a, NULL, b, a, NULL; a pass-through filter takes the numbered path.
    const n = runs().groupOrdered((r) => r.k);
    const firsts = [{ d: 1, k: "a", v: 1 }, { d: 3, k: null, v: 3 }, { d: 5, k: "b", v: 5 }, { d: 6, k: "a", v: 6 }, { d: 8, k: null, v: 8 }];
    expect(await n.first().collect()).toEqual(firsts);
    expect(await n.filter((g) => g.count() > 0).first().collect()).toEqual(firsts);
    expect(await n.filter((g) => g.count() > 0).count()).toBe(5);
    // A computed key whose first value is NULL, then true/false runs.
    const rising = runs().groupOrdered((r) => r.d > r.d.shift(1) + 0);
    expect(await rising.count()).toBe(2);
    expect(await rising.first().select("d").collect()).toEqual([{ d: 1 }, { d: 2 }]);
  });

  it("a computed key with shift: runs of rising / not rising values (the first key is NULL)", async () => {
    const t = LTSeq.fromRows([5, 6, 7, 7, 3, 4].map((p, i) => ({ i: i + 1, p }))).sort("i");
    const flat = await t.groupOrdered((r) => r.p > r.p.shift(1)).flatten().select("i", "p", "__group_id__", "__rn__").collect();
    expect(flat).toEqual([
      { i: 1, p: 5, __group_id__: 1, __rn__: 1 },
      { i: 2, p: 6, __group_id__: 2, __rn__: 1 },
      { i: 3, p: 7, __group_id__: 2, __rn__: 2 },
      { i: 4, p: 7, __group_id__: 3, __rn__: 1 },
      { i: 5, p: 3, __group_id__: 3, __rn__: 2 },
      { i: 6, p: 4, __group_id__: 4, __rn__: 1 },
    ]);
  });

  it("follows the declared order: descending, and several sort keys", async () => {
    const down = LTSeq.fromRows([{ i: 1, p: 1 }, { i: 2, p: 1 }, { i: 3, p: 2 }]).sort("i", { desc: true });
    expect(await down.groupOrdered((r) => r.p).flatten().collect()).toEqual([
      { i: 3, p: 2, __group_id__: 1, __group_count__: 1, __rn__: 1 },
      { i: 2, p: 1, __group_id__: 2, __group_count__: 2, __rn__: 1 },
      { i: 1, p: 1, __group_id__: 2, __group_count__: 2, __rn__: 2 },
    ]);
    expect(await clicks().groupOrdered((r) => r.user).agg((g) => ({ user: g.first().user, n: g.count(), first: g.first().t, last: g.last().t })).collect()).toEqual([
      { user: "u1", n: 4, first: 0, last: 3700 },
      { user: "u2", n: 3, first: 10, last: 2100 },
    ]);
  });

  it("float keys, and a table declared sorted with assumeSorted", async () => {
    const f = LTSeq.fromRows([{ i: 1, x: 0.5 }, { i: 2, x: 0.5 }, { i: 3, x: 1.5 }, { i: 4, x: 0.5 }]).assumeSorted("i");
    expect(await f.groupOrdered((r) => r.x).agg((g) => ({ x: g.first().x, n: g.count() })).collect()).toEqual([
      { x: 0.5, n: 2 },
      { x: 1.5, n: 1 },
      { x: 0.5, n: 1 },
    ]);
  });

  it("one group when the key never changes; one group per row when it always does", async () => {
    expect(await runs().groupOrdered((r) => r.d > 0).count()).toBe(1);
    expect(await runs().groupOrdered((r) => r.d).count()).toBe(8);
    expect(await runs().groupOrdered((r) => r.d).agg((g) => ({ n: g.count() })).collect()).toEqual(Array.from({ length: 8 }, () => ({ n: 1 })));
  });

  it("empty input: no groups, no rows", async () => {
    const n = empty().groupOrdered((r) => r.k);
    expect(await n.count()).toBe(0);
    expect(await n.flatten().collect()).toEqual([]);
    expect(await n.agg((g) => ({ n: g.count() })).collect()).toEqual([]);
    expect(await n.first().collect()).toEqual([]);
    expect(await n.last().collect()).toEqual([]);
    expect(await n.derive((g) => ({ n: g.count() })).collect()).toEqual([]);
    expect(await n.filter((g) => g.count() > 0).count()).toBe(0);
  });

  it("needs a declared order: SortRequiredError at run time", async () => {
    const t = LTSeq.fromRows([{ a: 1 }]);
    // @ts-expect-error — groupOrdered needs an ordered table
    await expectError(() => t.groupOrdered((r) => r.a), SortRequiredError, "SORT_REQUIRED", "groupOrdered", "sort");
  });

  it("an unknown column in the key is a ColumnNotFoundError", async () => {
    // @ts-expect-error — no column "nope"
    await expectError(() => runs().groupOrdered((r) => r.nope).count(), ColumnNotFoundError, "COLUMN_NOT_FOUND", "nope", "d, k, v");
  });
});

describe("groupWhen", () => {
  it("a new group where the predicate holds; the first row always starts one; NULL does not start one", async () => {
    // gaps: -, 50, NULL, NULL, 100, 1900, 1 → starts at s = 1 (first row) and s = 6
    const flat = await events().groupWhen((r) => r.t - r.t.shift(1) > 1800).flatten().collect();
    expect(flat).toEqual([
      { s: 1, t: 100, __group_id__: 1, __group_count__: 5, __rn__: 1 },
      { s: 2, t: 150, __group_id__: 1, __group_count__: 5, __rn__: 2 },
      { s: 3, t: null, __group_id__: 1, __group_count__: 5, __rn__: 3 },
      { s: 4, t: 3000, __group_id__: 1, __group_count__: 5, __rn__: 4 },
      { s: 5, t: 3100, __group_id__: 1, __group_count__: 5, __rn__: 5 },
      { s: 6, t: 5000, __group_id__: 2, __group_count__: 2, __rn__: 1 },
      { s: 7, t: 5001, __group_id__: 2, __group_count__: 2, __rn__: 2 },
    ]);
  });

  it("count() and first() of a fresh grouping: the first row opens a group even when its predicate is NULL or false", async () => {
    const n = events().groupWhen((r) => r.t - r.t.shift(1) > 1800);
    expect(await n.count()).toBe(2);
    expect(await n.first().collect()).toEqual([{ s: 1, t: 100 }, { s: 6, t: 5000 }]);
    expect(await n.filter((g) => g.count() > 0).first().collect()).toEqual([{ s: 1, t: 100 }, { s: 6, t: 5000 }]);
    // false on the first row (which still opens a group), NULL where t is NULL (s = 3): no start.
    const big = events().groupWhen((r) => r.t > 3000);
    expect(await big.count()).toBe(4);
    expect(await big.first().select("s").collect()).toEqual([{ s: 1 }, { s: 5 }, { s: 6 }, { s: 7 }]);
    expect(await big.filter((g) => g.count() > 0).count()).toBe(4);
  });

  it("a predicate that never holds gives one group; one that always holds gives one group per row", async () => {
    expect(await events().groupWhen((r) => r.s > 100).count()).toBe(1);
    expect(await events().groupWhen((r) => r.s > 0).count()).toBe(7);
    expect(await events().groupWhen((r) => r.s === 1).agg((g) => ({ n: g.count() })).collect()).toEqual([{ n: 7 }]);
  });

  it("sessionization: a new session when the user changes or after more than 1800 s", async () => {
    const sessions = clicks().groupWhen((r) => r.user !== r.user.shift(1) || r.t - r.t.shift(1) > 1800);
    expect(await sessions.count()).toBe(3);
    expect(await sessions.flatten().select("user", "t", "__group_id__", "__rn__").collect()).toEqual([
      { user: "u1", t: 0, __group_id__: 1, __rn__: 1 },
      { user: "u1", t: 100, __group_id__: 1, __rn__: 2 },
      { user: "u1", t: 2000, __group_id__: 2, __rn__: 1 },
      { user: "u1", t: 3700, __group_id__: 2, __rn__: 2 },
      { user: "u2", t: 10, __group_id__: 3, __rn__: 1 },
      { user: "u2", t: 1500, __group_id__: 3, __rn__: 2 },
      { user: "u2", t: 2100, __group_id__: 3, __rn__: 3 },
    ]);
  });

  it("empty input: no groups", async () => {
    expect(await empty().groupWhen((r) => r.d > 1).count()).toBe(0);
    expect(await empty().groupWhen((r) => r.d > 1).flatten().collect()).toEqual([]);
  });

  it("needs a declared order, and a boolean predicate", async () => {
    const t = LTSeq.fromRows([{ a: 1 }]);
    // @ts-expect-error — groupWhen needs an ordered table
    await expectError(() => t.groupWhen((r) => r.a > 0), SortRequiredError, "SORT_REQUIRED", "groupWhen");
    // @ts-expect-error — the predicate must be a boolean
    await expectError(() => runs().groupWhen((r) => r.d).count(), TypeMismatchError, "TYPE_MISMATCH", "groupWhen");
  });
});

describe("NestedTable.filter", () => {
  it("keeps whole groups; ids are not recomputed, so neighbouring runs never merge", async () => {
    // Runs 1 (a) and 4 (a) become neighbours once 2 and 3 are gone: they must stay two groups.
    const kept = runs().groupOrdered((r) => r.k).filter((g) => g.first().k === "a");
    expect(await kept.count()).toBe(2);
    expect(await kept.flatten().collect()).toEqual([RUNS_FLAT[0], RUNS_FLAT[1], RUNS_FLAT[5], RUNS_FLAT[6]]);
    expect(await kept.agg((g) => ({ n: g.count(), from: g.first().d, to: g.last().d })).collect()).toEqual([
      { n: 2, from: 1, to: 2 },
      { n: 2, from: 6, to: 7 },
    ]);
    expect(await kept.derive((g) => ({ n: g.count() })).select("d", "n").collect()).toEqual([
      { d: 1, n: 2 },
      { d: 2, n: 2 },
      { d: 6, n: 2 },
      { d: 7, n: 2 },
    ]);
    expect(await kept.first().select("d").collect()).toEqual([{ d: 1 }, { d: 6 }]);
    expect(await kept.last().select("d").collect()).toEqual([{ d: 2 }, { d: 7 }]);
  });

  it("filters chain; a NULL condition drops the group", async () => {
    const n = runs().groupOrdered((r) => r.k);
    // run 2 sums to 3 (NULL skipped); the sum of run 5 (v = 8) is 8
    expect(await n.filter((g) => g.v.sum() > 4).agg((g) => ({ id: g.first().d })).collect()).toEqual([{ id: 5 }, { id: 6 }, { id: 8 }]);
    // g.first().k is NULL for runs 2 and 5: the comparison is NULL, so they are dropped
    expect(await n.filter((g) => g.first().k !== "b").count()).toBe(2);
    const twice = n.filter((g) => g.count() === 2).filter((g) => g.v.max() > 2);
    expect(await twice.flatten().select("d", "__group_id__").collect()).toEqual([
      { d: 3, __group_id__: 2 },
      { d: 4, __group_id__: 2 },
      { d: 6, __group_id__: 4 },
      { d: 7, __group_id__: 4 },
    ]);
  });

  it("keeps the declared order; a filter keeping nothing gives no groups", async () => {
    const n = runs().groupOrdered((r) => r.k);
    expect(n.filter((g) => g.count() > 1).flatten().sortKeys).toEqual([{ column: "d", desc: false }]);
    const none = n.filter((g) => g.count() > 100);
    expect(await none.count()).toBe(0);
    expect(await none.flatten().collect()).toEqual([]);
  });

  it("a group lambda returning an object is an InvalidArgumentError", async () => {
    const n = runs().groupOrdered((r) => r.k);
    // @ts-expect-error — filter needs a condition
    await expectError(() => n.filter((g) => ({ n: g.count() })), InvalidArgumentError, "INVALID_ARGUMENT", "NestedTable.filter");
  });
});

describe("NestedTable.derive", () => {
  it("broadcasts group values to every row, in the declared order", async () => {
    const t = runs().groupOrdered((r) => r.k).derive((g) => ({ runLen: g.count(), start: g.first().d, total: g.v.sum() }));
    expect(t.sortKeys).toEqual([{ column: "d", desc: false }]);
    expect(t.columns).toEqual(["d", "k", "v", "runLen", "start", "total"]);
    expect(await t.collect()).toEqual([
      { d: 1, k: "a", v: 1, runLen: 2, start: 1, total: 3 },
      { d: 2, k: "a", v: 2, runLen: 2, start: 1, total: 3 },
      { d: 3, k: null, v: 3, runLen: 2, start: 3, total: 3 },
      { d: 4, k: null, v: null, runLen: 2, start: 3, total: 3 },
      { d: 5, k: "b", v: 5, runLen: 1, start: 5, total: 5 },
      { d: 6, k: "a", v: 6, runLen: 2, start: 6, total: 13 },
      { d: 7, k: "a", v: 7, runLen: 2, start: 6, total: 13 },
      { d: 8, k: null, v: 8, runLen: 1, start: 8, total: 8 },
    ]);
  });

  it("replaces a column of the same name", async () => {
    const t = runs().groupOrdered((r) => r.k).derive((g) => ({ v: g.v.max() }));
    expect(await t.select("d", "v").collect()).toEqual([
      { d: 1, v: 2 }, { d: 2, v: 2 }, { d: 3, v: 3 }, { d: 4, v: 3 }, { d: 5, v: 5 }, { d: 6, v: 7 }, { d: 7, v: 7 }, { d: 8, v: 8 },
    ]);
  });

  it("the result is an ordered LTSeq: sequence operators apply", async () => {
    // The cast only restores the "ordered" type parameter: derive's declared result is LTSeq<…, any>,
    // under which Row<> offers no sequence methods, although the order is kept (API.md §12).
    const derived = runs().groupOrdered((r) => r.k).derive((g) => ({ n: g.count() })) as LTSeq<R & { n: number }, "ordered">;
    expect(derived.sortKeys).toEqual([{ column: "d", desc: false }]);
    const t = derived.derive((r) => ({ prevN: r.n.shift(1) }));
    expect(await t.select("d", "n", "prevN").collect()).toEqual([
      { d: 1, n: 2, prevN: null }, { d: 2, n: 2, prevN: 2 }, { d: 3, n: 2, prevN: 2 }, { d: 4, n: 2, prevN: 2 },
      { d: 5, n: 1, prevN: 2 }, { d: 6, n: 2, prevN: 1 }, { d: 7, n: 2, prevN: 2 }, { d: 8, n: 1, prevN: 2 },
    ]);
  });
});

describe("NestedTable.agg, first, last, flatten, count", () => {
  it("agg: one row per group in sequence order; the declared order is cleared", async () => {
    const a = runs().groupOrdered((r) => r.k).agg((g) => ({ k: g.first().k, n: g.count(), from: g.first().d, hi: g.v.max() }));
    expect(a.sortKeys).toEqual([]);
    expect(await a.collect()).toEqual([
      { k: "a", n: 2, from: 1, hi: 2 },
      { k: null, n: 2, from: 3, hi: 3 },
      { k: "b", n: 1, from: 5, hi: 5 },
      { k: "a", n: 2, from: 6, hi: 7 },
      { k: null, n: 1, from: 8, hi: 8 },
    ]);
  });

  it("first() and last(): the first / last row of each group, in group order", async () => {
    const n = runs().groupOrdered((r) => r.k);
    const first = n.first();
    expect(first.columns).toEqual(["d", "k", "v"]);
    expect(await first.collect()).toEqual([
      { d: 1, k: "a", v: 1 }, { d: 3, k: null, v: 3 }, { d: 5, k: "b", v: 5 }, { d: 6, k: "a", v: 6 }, { d: 8, k: null, v: 8 },
    ]);
    expect(await n.last().collect()).toEqual([
      { d: 2, k: "a", v: 2 }, { d: 4, k: null, v: null }, { d: 5, k: "b", v: 5 }, { d: 7, k: "a", v: 7 }, { d: 8, k: null, v: 8 },
    ]);
    expect(n.first().sortKeys).toEqual([]);
    expect(n.last().sortKeys).toEqual([]);
  });

  it("flatten(): the rows plus __group_id__, __group_count__, __rn__, in the declared order", async () => {
    const f = runs().groupOrdered((r) => r.k).flatten();
    expect(f.columns).toEqual(["d", "k", "v", "__group_id__", "__group_count__", "__rn__"]);
    expect(f.schema).toMatchObject({ __group_id__: "int64", __group_count__: "int64", __rn__: "int64" });
    expect(f.sortKeys).toEqual([{ column: "d", desc: false }]);
    expect(await f.filter((r) => r.__rn__ === r.__group_count__).select("d", "__group_id__").collect()).toEqual([
      { d: 2, __group_id__: 1 }, { d: 4, __group_id__: 2 }, { d: 5, __group_id__: 3 }, { d: 7, __group_id__: 4 }, { d: 8, __group_id__: 5 },
    ]);
  });

  it("count() on the NestedTable is the number of groups, not rows", async () => {
    const n = clicks().groupWhen((r) => r.user !== r.user.shift(1));
    expect(await n.count()).toBe(2);
    expect(await n.flatten().count()).toBe(7);
  });
});
