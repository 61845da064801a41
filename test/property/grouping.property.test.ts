/**
 * Property tests for ordered grouping and aggregation (API.md §6, §7, §8): seeded random tables,
 * shuffled, sorted by the unique time column `t`, and every result compared with the plain
 * TypeScript reference in `./grouping-reference.ts` (written from the definitions).
 *
 * `k` is a small int with NULLs and long runs (so runs of equal keys, NULL runs and single-row
 * runs all occur); `v` is an integer-valued float with ~15% NULLs (sums are exact); `s` a string
 * key with NULLs for groupBy. Lambdas are written out literally: the run-time parser cannot see
 * closure values, so each threshold appears inline.
 */
import { describe, expect, it } from "vitest";
import { LTSeq } from "ltseq";
import { mulberry32 } from "./prng.js";
import * as ref from "./grouping-reference.js";

type G = { id: number; t: number; k: number | null; v: number | null; s: string | null };
const SCHEMA = { id: "int64", t: "int64", k: "int64", v: "float64", s: "utf8" } as const;

/** `n` rows in `t` order (the reference's order) and the same rows shuffled (the engine's input). */
function generate(seed: number, n: number): { ordered: G[]; shuffled: G[] } {
  const rand = mulberry32(seed);
  const ordered: G[] = [];
  let t = 0;
  let k: number | null = 1;
  for (let i = 0; i < n; i++) {
    t += 1 + Math.floor(rand() * 4);
    if (rand() < 0.35) {
      const r = rand();
      k = r < 0.2 ? null : 1 + Math.floor(r * 4);
    }
    const v = rand() < 0.15 ? null : Math.floor(rand() * 2001) - 1000;
    const s = rand() < 0.1 ? null : ["x", "y", "z"][Math.floor(rand() * 3)];
    ordered.push({ id: i, t, k, v, s });
  }
  const shuffled = [...ordered];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
  }
  return { ordered, shuffled };
}

const CASES: [seed: number, n: number][] = [[1, 0], [2, 1], [3, 2], [4, 7], [5, 300], [6, 3000], [7, 3000], [8, 20000]];

/** The table and the reference rows for one case. */
function data(seed: number, n: number) {
  const { ordered, shuffled } = generate(seed, n);
  return { rows: ordered, table: LTSeq.fromRows<G>(shuffled, { schema: { ...SCHEMA } }).sort("t") };
}

/** Numbers equal up to floating summation order (relative 1e-9); everything else exactly. */
function approx(actual: readonly Record<string, unknown>[], expected: readonly Record<string, unknown>[]): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => {
    const e = expected[i];
    expect(Object.keys(a).sort()).toEqual(Object.keys(e).sort());
    for (const key of Object.keys(e)) {
      const x = a[key];
      const y = e[key];
      if (typeof y === "number" && typeof x === "number") {
        expect(Math.abs(x - y), `row ${i} ${key}: ${x} vs ${y}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(y)));
      } else {
        expect(x, `row ${i} ${key}`).toEqual(y);
      }
    }
  });
}

const byKey = <R extends Record<string, unknown>>(rows: readonly R[], key: string): R[] =>
  [...rows].sort((a, b) => String(a[key]).localeCompare(String(b[key])));

describe.each(CASES)("grouping: seed %i, %i rows", (seed, n) => {
  it("groupOrdered: group ids, counts and positions (NULL keys equal); count() is the number of groups", async () => {
    const { rows, table } = data(seed, n);
    const groups = ref.groupsOf(rows, ref.runIds(rows.map((r) => r.k)));
    const nested = table.groupOrdered((r) => r.k);
    expect(await nested.count()).toBe(groups.length);
    expect(await nested.flatten().select("id", "__group_id__", "__group_count__", "__rn__").collect()).toEqual(
      ref.flatten(groups).map((r) => ({ id: r.id, __group_id__: r.__group_id__, __group_count__: r.__group_count__, __rn__: r.__rn__ })),
    );
  });

  it("groupWhen: starts where the predicate holds (a shift-based gap; a predicate that is NULL on NULL values)", async () => {
    const { rows, table } = data(seed, n);
    const prevT = ref.previous(rows, "t");
    const gapIds = ref.whenIds(rows.map((r, i) => (prevT[i] === null ? null : r.t - (prevT[i] as number) > 3)));
    const bigIds = ref.whenIds(rows.map((r) => (r.v === null ? null : r.v > 900)));
    const gap = await table.groupWhen((r) => r.t - r.t.shift(1) > 3).flatten().select("id", "__group_id__", "__rn__").collect();
    const big = await table.groupWhen((r) => r.v > 900).flatten().select("id", "__group_id__", "__rn__").collect();
    const expected = (ids: number[]) => ref.flatten(ref.groupsOf(rows, ids)).map((r) => ({ id: r.id, __group_id__: r.__group_id__, __rn__: r.__rn__ }));
    expect(gap).toEqual(expected(gapIds));
    expect(big).toEqual(expected(bigIds));
    // count() and first() of a fresh grouping come from one flagging pass, without group ids.
    const firstIds = (ids: number[]) => ref.groupsOf(rows, ids).map((g) => ({ id: g.rows[0].id }));
    const gapNested = table.groupWhen((r) => r.t - r.t.shift(1) > 3);
    expect(await gapNested.count()).toBe(new Set(gapIds).size);
    expect(await gapNested.first().select("id").collect()).toEqual(firstIds(gapIds));
    expect(await table.groupOrdered((r) => r.k).first().select("id").collect()).toEqual(firstIds(ref.runIds(rows.map((r) => r.k))));
  });

  it("agg: one row per group in order — count, first, last, sum, mean, min, max, std, var, all, any, none", async () => {
    const { rows, table } = data(seed, n);
    const groups = ref.groupsOf(rows, ref.runIds(rows.map((r) => r.k)));
    const actual = await table.groupOrdered((r) => r.k).agg((g) => ({
      n: g.count(), k: g.first().k, f: g.first().id, l: g.last().id, fv: g.first().v, lv: g.last().v,
      c: g.v.count(), sum: g.v.sum(), mean: g.v.mean(), min: g.v.min(), max: g.v.max(), std: g.v.std(), var: g.v.var(),
      even: g.all((r) => r.t % 2 === 0), late: g.any((r) => r.t > 5000), noneX: g.none((r) => r.id % 7 === 3),
      span: g.last().t - g.first().t,
    })).collect();
    approx(actual, groups.map(({ rows: rs }) => {
      const vs = rs.map((r) => r.v);
      return {
        n: rs.length, k: rs[0].k, f: rs[0].id, l: rs[rs.length - 1].id, fv: rs[0].v, lv: rs[rs.length - 1].v,
        c: ref.count(vs), sum: ref.sum(vs), mean: ref.mean(vs), min: ref.min(vs), max: ref.max(vs), std: ref.std(vs), var: ref.variance(vs),
        even: ref.all(rs, (r) => r.t % 2 === 0), late: ref.any(rs, (r) => r.t > 5000), noneX: ref.none(rs, (r) => r.id % 7 === 3),
        span: rs[rs.length - 1].t - rs[0].t,
      };
    }));
  });

  it("agg: median and percentile(p) by linear interpolation", async () => {
    const { rows, table } = data(seed, n);
    const groups = ref.groupsOf(rows, ref.runIds(rows.map((r) => r.k)));
    const actual = await table.groupOrdered((r) => r.k).agg((g) => ({
      med: g.v.median(), p10: g.v.percentile(0.1), p25: g.v.percentile(0.25), p90: g.v.percentile(0.9),
    })).collect();
    approx(actual, groups.map(({ rows: rs }) => {
      const vs = rs.map((r) => r.v);
      return { med: ref.median(vs), p10: ref.percentile(vs, 0.1), p25: ref.percentile(vs, 0.25), p90: ref.percentile(vs, 0.9) };
    }));
  });

  it("filter keeps whole groups with their ids (no merging); derive, first, last and count follow", async () => {
    const { rows, table } = data(seed, n);
    const groups = ref.groupsOf(rows, ref.runIds(rows.map((r) => r.k)));
    const keep = groups.filter(({ rows: rs }) => {
      const f = rs[0].v;
      const l = rs[rs.length - 1].v;
      return rs.length >= 2 && f !== null && l !== null && f < l;
    });
    const kept = table.groupOrdered((r) => r.k).filter((g) => g.count() >= 2 && g.first().v < g.last().v);
    expect(await kept.count()).toBe(keep.length);
    expect(await kept.flatten().select("id", "__group_id__", "__group_count__", "__rn__").collect()).toEqual(
      ref.flatten(keep).map((r) => ({ id: r.id, __group_id__: r.__group_id__, __group_count__: r.__group_count__, __rn__: r.__rn__ })),
    );
    expect(await kept.derive((g) => ({ gn: g.count(), gs: g.v.sum(), gmax: g.t.max() })).select("id", "gn", "gs", "gmax").collect()).toEqual(
      keep.flatMap(({ rows: rs }) => rs.map((r) => ({ id: r.id, gn: rs.length, gs: ref.sum(rs.map((x) => x.v)), gmax: ref.max(rs.map((x) => x.t)) }))),
    );
    expect(await kept.first().select("id").collect()).toEqual(keep.map(({ rows: rs }) => ({ id: rs[0].id })));
    expect(await kept.last().select("id").collect()).toEqual(keep.map(({ rows: rs }) => ({ id: rs[rs.length - 1].id })));
    // a second filter narrows further, still without renumbering
    const twice = kept.filter((g) => g.count() >= 3);
    expect(await twice.agg((g) => ({ f: g.first().id, n: g.count() })).collect()).toEqual(
      keep.filter(({ rows: rs }) => rs.length >= 3).map(({ rows: rs }) => ({ f: rs[0].id, n: rs.length })),
    );
  });

  it("groupBy(key).agg and agg over the whole table; first/last follow the declared order", async () => {
    const { rows, table } = data(seed, n);
    const actual = await table.groupBy("s").agg((g) => ({
      n: g.count(), c: g.v.count(), sum: g.v.sum(), min: g.v.min(), max: g.v.max(), f: g.first().id, l: g.last().id,
    })).collect();
    const expected = ref.groupByKey(rows, "s").map(({ key, rows: rs }) => {
      const vs = rs.map((r) => r.v);
      return { s: key, n: rs.length, c: ref.count(vs), sum: ref.sum(vs), min: ref.min(vs), max: ref.max(vs), f: rs[0].id, l: rs[rs.length - 1].id };
    });
    expect(byKey(actual, "s")).toEqual(byKey(expected, "s"));
    const vs = rows.map((r) => r.v);
    approx(await table.agg((g) => ({ n: g.count(), sum: g.v.sum(), mean: g.v.mean(), f: g.first().id, l: g.last().id })).collect(), [
      { n: rows.length, sum: ref.sum(vs), mean: ref.mean(vs), f: rows[0]?.id ?? null, l: rows[rows.length - 1]?.id ?? null },
    ]);
  });

  it("searchPattern: within partitions that interleave in the declared order, without partitions, and counted", async () => {
    const { rows, table } = data(seed, n);
    const up = (r: G) => r.v !== null && r.v > 0;
    const downOrNull = (r: G) => r.v === null || r.v < 0;
    const isX = (r: G) => r.s === "x";
    const byK = table.searchPattern([(r) => r.v > 0, (r) => r.v === null || r.v < 0, (r) => r.s === "x"], { partitionBy: "k" });
    const want = ref.searchPattern(rows, [up, downOrNull, isX], ["k"]).map((r) => ({ id: r.id }));
    expect(await byK.select("id").collect()).toEqual(want);
    expect(await byK.count()).toBe(want.length);
    const plain = table.searchPattern([(r) => r.s === "x", (r) => r.s === "y", (r) => r.v > 0]);
    const wantPlain = ref.searchPattern(rows, [isX, (r) => r.s === "y", up]).map((r) => ({ id: r.id }));
    expect(await plain.select("id").collect()).toEqual(wantPlain);
    expect(await plain.count()).toBe(wantPlain.length);
  });

  it("searchFirst: the first row in order where the predicate holds", async () => {
    const { rows, table } = data(seed, n);
    const hit = rows.find((r) => r.v !== null && r.v > 990 && r.k !== null);
    expect(await table.searchFirst((r) => r.v > 990 && r.k !== null).select("id").collect()).toEqual(hit ? [{ id: hit.id }] : []);
  });
});
