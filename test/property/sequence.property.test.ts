/**
 * Property tests for the sequence operators (API.md §5, §12): seeded random tables of thousands of
 * rows, shuffled, given a declared order, and every operator's column compared with the plain
 * TypeScript reference in `./reference.ts` (written from the definitions, not from engine output).
 *
 * The time column `t` is strictly increasing and tie-free across the whole table, so LAG/LEAD and
 * every frame are unambiguous under each declared order; the int column `k` has many ties (and
 * NULLs) for rank/denseRank. Rows are matched by the unique `id`; the output row order must be the
 * declared order.
 */
import { describe, expect, it } from "vitest";
import { LTSeq, denseRank, desc, ntile, rank, rowNumber } from "ltseq";
import { mulberry32 } from "./prng.js";
import * as ref from "./reference.js";

type G = { id: number; sym: string; t: number; v: number | null; k: number | null };
const SCHEMA = { id: "int64", sym: "utf8", t: "int64", v: "float64", k: "int64" } as const;

// ---- data ----

function shuffle<T>(xs: T[], rand: () => number): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [xs[i], xs[j]] = [xs[j], xs[i]];
  }
  return xs;
}

/**
 * `n` rows over 2–7 skewed partitions, plus a one-row partition and an all-NULL-value partition;
 * `v` is a float with ~10% NULLs and occasional NULL runs; `k` a small nonzero int with ~5% NULLs.
 */
function generate(seed: number, n: number): G[] {
  const rand = mulberry32(seed);
  const parts = 2 + Math.floor(rand() * 6);
  const syms = Array.from({ length: parts }, (_, i) => `S${i}`);
  const runs = new Map<string, number>();
  const rows: G[] = [];
  let t = 0;
  const nextT = () => (t += 1 + Math.floor(rand() * 4));
  const int = () => (rand() < 0.05 ? null : (1 + Math.floor(rand() * 12)) * (rand() < 0.5 ? -1 : 1));
  for (let i = 0; i < n; i++) {
    const sym = syms[Math.min(parts - 1, Math.floor(rand() ** 1.5 * parts))];
    let run = runs.get(sym) ?? 0;
    if (run === 0 && rand() < 0.01) run = 2 + Math.floor(rand() * 6);
    let v: number | null;
    if (run > 0) {
      v = null;
      runs.set(sym, run - 1);
    } else if (rand() < 0.1) {
      v = null;
    } else {
      v = Math.round((rand() - 0.5) * 2e6) / 1e3 || 0.5; // never 0: pctChange divides by it
    }
    rows.push({ id: i, sym, t: nextT(), v, k: int() });
  }
  rows.push({ id: n, sym: "solo", t: nextT(), v: 1.25, k: 3 });
  for (let i = 0; i < 6; i++) rows.push({ id: n + 1 + i, sym: "nulls", t: nextT(), v: null, k: int() });
  return shuffle(rows, rand);
}

// ---- declared orders ----

interface Mode {
  name: string;
  order: ref.OrderKey[];
  apply: (t: LTSeq<G>) => LTSeq<G, "ordered">;
}

const MODES: Mode[] = [
  { name: 'sort("sym", "t")', order: [{ column: "sym" }, { column: "t" }], apply: (t) => t.sort("sym", "t") },
  { name: 'sort("t")', order: [{ column: "t" }], apply: (t) => t.sort("t") },
  {
    name: "sort(r => [r.sym, r.t.desc()])",
    order: [{ column: "sym" }, { column: "t", desc: true }],
    apply: (t) => t.sort((r) => [r.sym, r.t.desc()]),
  },
  { name: 'sort("t", { desc: true })', order: [{ column: "t", desc: true }], apply: (t) => t.sort("t", { desc: true }) },
];

// ---- operator families ----

type Cols = Record<string, ref.Scalar[]>;
interface Family {
  name: string;
  /** Partitioned by `sym` (every window says `partitionBy: r.sym`) or over the whole table. */
  partitioned: boolean;
  run: (t: LTSeq<G, "ordered">) => { collect(): Promise<readonly object[]> };
  expected: (rows: readonly G[], spec: ref.WindowSpec) => Cols;
}

/** The same spec with another ordering (ranking's own orderBy). */
const by = (spec: ref.WindowSpec, orderBy: ref.OrderKey[]): ref.WindowSpec => ({ ...spec, orderBy });

const shiftExpected = (rows: readonly G[], s: ref.WindowSpec): Cols => ({
  s_m2: ref.shift(rows, "v", -2, s),
  s_m1: ref.shift(rows, "v", -1, s),
  s_0: ref.shift(rows, "v", 0, s),
  s_1: ref.shift(rows, "v", 1, s),
  s_2: ref.shift(rows, "v", 2, s),
  s_3: ref.shift(rows, "v", 3, s),
  s_def: ref.shift(rows, "v", 1, s, -1.5),
  s_lead_def: ref.shift(rows, "v", -3, s, 0.25),
  k_1: ref.shift(rows, "k", 1, s),
  t_m1: ref.shift(rows, "t", -1, s),
  sym_1: ref.shift(rows, "sym", 1, s, "none"),
});

const diffExpected = (rows: readonly G[], s: ref.WindowSpec): Cols => ({
  d1: ref.diff(rows, "v", 1, s),
  d2: ref.diff(rows, "v", 2, s),
  dm1: ref.diff(rows, "v", -1, s),
  p1: ref.pctChange(rows, "v", 1, s),
  p3: ref.pctChange(rows, "v", 3, s),
  kd: ref.diff(rows, "k", 1, s),
  kp: ref.pctChange(rows, "k", 1, s),
  td: ref.diff(rows, "t", 1, s),
});

const rollingExpected = (rows: readonly G[], s: ref.WindowSpec): Cols => {
  const out: Cols = {};
  for (const w of [1, 2, 5]) {
    for (const agg of ["mean", "sum", "min", "max", "count", "std"] as const) out[`${agg}${w}`] = ref.rolling(rows, "v", w, agg, s);
  }
  out.ksum5 = ref.rolling(rows, "k", 5, "sum", s);
  out.kmean2 = ref.rolling(rows, "k", 2, "mean", s);
  out.kstd5 = ref.rolling(rows, "k", 5, "std", s);
  out.kcount2 = ref.rolling(rows, "k", 2, "count", s);
  return out;
};

const cumExpected = (rows: readonly G[], s: ref.WindowSpec): Cols => ({
  cs: ref.cumulative(rows, "v", "cumSum", s),
  cmax: ref.cumulative(rows, "v", "cumMax", s),
  cmin: ref.cumulative(rows, "v", "cumMin", s),
  kcs: ref.cumulative(rows, "k", "cumSum", s),
  kmax: ref.cumulative(rows, "k", "cumMax", s),
  kmin: ref.cumulative(rows, "k", "cumMin", s),
});

const rankDeclaredExpected = (rows: readonly G[], s: ref.WindowSpec): Cols => ({
  rn: ref.rowNumber(rows, s),
  rk: ref.rank(rows, s),
  dr: ref.denseRank(rows, s),
  n1: ref.ntile(rows, 1, s),
  n3: ref.ntile(rows, 3, s),
  n7: ref.ntile(rows, 7, s),
  n1000: ref.ntile(rows, 1000, s),
});

const rankOwnExpected = (rows: readonly G[], s: ref.WindowSpec): Cols => ({
  rk_k: ref.rank(rows, by(s, [{ column: "k" }])),
  dr_k: ref.denseRank(rows, by(s, [{ column: "k" }])),
  rk_kd: ref.rank(rows, by(s, [{ column: "k", desc: true }])),
  dr_kd: ref.denseRank(rows, by(s, [{ column: "k", desc: true }])),
  rn_kt: ref.rowNumber(rows, by(s, [{ column: "k", desc: true }, { column: "t" }])),
  nt_kt: ref.ntile(rows, 4, by(s, [{ column: "k" }, { column: "t", desc: true }])),
  rk_v: ref.rank(rows, by(s, [{ column: "v" }])),
  dr_vd: ref.denseRank(rows, by(s, [{ column: "v", desc: true }])),
});

const composeExpected = (rows: readonly G[], s: ref.WindowSpec): Cols => {
  const v = (idx: number[]) => idx.map((i) => rows[i].v);
  return {
    pct_manual: ref.pctChange(rows, "v", 1, s),
    diff_mean: ref.windowed(rows, s, (idx) => ref.rollingValues(ref.diffValues(v(idx), 1), 2, "mean")),
    mean_shift: ref.windowed(rows, s, (idx) => ref.shiftValues(ref.rollingValues(v(idx), 2, "mean"), 1)),
    dev: ref.windowed(rows, s, (idx) => {
      const m = ref.rollingValues(v(idx), 5, "mean");
      return v(idx).map((x, i) => (x === null || m[i] === null ? null : x - m[i]!));
    }),
    k_diff_cum: ref.windowed(rows, s, (idx) => ref.cumulativeValues(ref.diffValues(idx.map((i) => rows[i].k), 1), "cumSum")),
    up: ref.windowed(rows, s, (idx) => {
      const prev = ref.shiftValues(v(idx), 1);
      return v(idx).map((x, i) => (x === null || prev[i] === null ? null : x > (prev[i] as number)));
    }),
  };
};

const FAMILIES: Family[] = [
  {
    name: "shift",
    partitioned: true,
    run: (t) =>
      t.derive((r) => ({
        s_m2: r.v.shift(-2, { partitionBy: r.sym }),
        s_m1: r.v.shift(-1, { partitionBy: r.sym }),
        s_0: r.v.shift(0, { partitionBy: r.sym }),
        s_1: r.v.shift(1, { partitionBy: r.sym }),
        s_2: r.v.shift(2, { partitionBy: r.sym }),
        s_3: r.v.shift(3, { partitionBy: r.sym }),
        s_def: r.v.shift(1, { partitionBy: r.sym, default: -1.5 }),
        s_lead_def: r.v.shift(-3, { default: 0.25, partitionBy: r.sym }),
        k_1: r.k.shift(1, { partitionBy: r.sym }),
        t_m1: r.t.shift(-1, { partitionBy: r.sym }),
        sym_1: r.sym.shift(1, { partitionBy: r.sym, default: "none" }),
      })),
    expected: shiftExpected,
  },
  {
    name: "shift",
    partitioned: false,
    run: (t) =>
      t.derive((r) => ({
        s_m2: r.v.shift(-2),
        s_m1: r.v.shift(-1),
        s_0: r.v.shift(0),
        s_1: r.v.shift(1),
        s_2: r.v.shift(2),
        s_3: r.v.shift(3),
        s_def: r.v.shift(1, { default: -1.5 }),
        s_lead_def: r.v.shift(-3, { default: 0.25 }),
        k_1: r.k.shift(1),
        t_m1: r.t.shift(-1),
        sym_1: r.sym.shift(1, { default: "none" }),
      })),
    expected: shiftExpected,
  },
  {
    name: "diff/pctChange",
    partitioned: true,
    run: (t) =>
      t.derive((r) => ({
        d1: r.v.diff({ partitionBy: r.sym }),
        d2: r.v.diff(2, { partitionBy: r.sym }),
        dm1: r.v.diff(-1, { partitionBy: "sym" }),
        p1: r.v.pctChange({ partitionBy: r.sym }),
        p3: r.v.pctChange(3, { partitionBy: [r.sym] }),
        kd: r.k.diff(1, { partitionBy: r.sym }),
        kp: r.k.pctChange(1, { partitionBy: r.sym }),
        td: r.t.diff(1, { partitionBy: r.sym }),
      })),
    expected: diffExpected,
  },
  {
    name: "diff/pctChange",
    partitioned: false,
    run: (t) =>
      t.derive((r) => ({
        d1: r.v.diff(),
        d2: r.v.diff(2),
        dm1: r.v.diff(-1),
        p1: r.v.pctChange(),
        p3: r.v.pctChange(3),
        kd: r.k.diff(),
        kp: r.k.pctChange(),
        td: r.t.diff(),
      })),
    expected: diffExpected,
  },
  {
    name: "rolling",
    partitioned: true,
    run: (t) =>
      t.derive((r) => ({
        mean1: r.v.rolling(1, { partitionBy: r.sym }).mean(),
        sum1: r.v.rolling(1, { partitionBy: r.sym }).sum(),
        min1: r.v.rolling(1, { partitionBy: r.sym }).min(),
        max1: r.v.rolling(1, { partitionBy: r.sym }).max(),
        count1: r.v.rolling(1, { partitionBy: r.sym }).count(),
        std1: r.v.rolling(1, { partitionBy: r.sym }).std(),
        mean2: r.v.rolling(2, { partitionBy: r.sym }).mean(),
        sum2: r.v.rolling(2, { partitionBy: r.sym }).sum(),
        min2: r.v.rolling(2, { partitionBy: r.sym }).min(),
        max2: r.v.rolling(2, { partitionBy: r.sym }).max(),
        count2: r.v.rolling(2, { partitionBy: r.sym }).count(),
        std2: r.v.rolling(2, { partitionBy: r.sym }).std(),
        mean5: r.v.rolling(5, { partitionBy: r.sym }).mean(),
        sum5: r.v.rolling(5, { partitionBy: r.sym }).sum(),
        min5: r.v.rolling(5, { partitionBy: r.sym }).min(),
        max5: r.v.rolling(5, { partitionBy: r.sym }).max(),
        count5: r.v.rolling(5, { partitionBy: r.sym }).count(),
        std5: r.v.rolling(5, { partitionBy: r.sym }).std(),
        ksum5: r.k.rolling(5, { partitionBy: r.sym }).sum(),
        kmean2: r.k.rolling(2, { partitionBy: r.sym }).mean(),
        kstd5: r.k.rolling(5, { partitionBy: r.sym }).std(),
        kcount2: r.k.rolling(2, { partitionBy: r.sym }).count(),
      })),
    expected: rollingExpected,
  },
  {
    name: "rolling",
    partitioned: false,
    run: (t) =>
      t.derive((r) => ({
        mean1: r.v.rolling(1).mean(),
        sum1: r.v.rolling(1).sum(),
        min1: r.v.rolling(1).min(),
        max1: r.v.rolling(1).max(),
        count1: r.v.rolling(1).count(),
        std1: r.v.rolling(1).std(),
        mean2: r.v.rolling(2).mean(),
        sum2: r.v.rolling(2).sum(),
        min2: r.v.rolling(2).min(),
        max2: r.v.rolling(2).max(),
        count2: r.v.rolling(2).count(),
        std2: r.v.rolling(2).std(),
        mean5: r.v.rolling(5).mean(),
        sum5: r.v.rolling(5).sum(),
        min5: r.v.rolling(5).min(),
        max5: r.v.rolling(5).max(),
        count5: r.v.rolling(5).count(),
        std5: r.v.rolling(5).std(),
        ksum5: r.k.rolling(5).sum(),
        kmean2: r.k.rolling(2).mean(),
        kstd5: r.k.rolling(5).std(),
        kcount2: r.k.rolling(2).count(),
      })),
    expected: rollingExpected,
  },
  {
    name: "cumSum/cumMax/cumMin",
    partitioned: true,
    run: (t) =>
      t.derive((r) => ({
        cs: r.v.cumSum({ partitionBy: r.sym }),
        cmax: r.v.cumMax({ partitionBy: r.sym }),
        cmin: r.v.cumMin({ partitionBy: "sym" }),
        kcs: r.k.cumSum({ partitionBy: [r.sym] }),
        kmax: r.k.cumMax({ partitionBy: r.sym }),
        kmin: r.k.cumMin({ partitionBy: r.sym }),
      })),
    expected: cumExpected,
  },
  {
    name: "cumSum/cumMax/cumMin",
    partitioned: false,
    run: (t) =>
      t.derive((r) => ({
        cs: r.v.cumSum(),
        cmax: r.v.cumMax(),
        cmin: r.v.cumMin(),
        kcs: r.k.cumSum(),
        kmax: r.k.cumMax(),
        kmin: r.k.cumMin(),
      })),
    expected: cumExpected,
  },
  {
    name: "ranking over the declared order",
    partitioned: true,
    run: (t) =>
      t.derive((r) => ({
        rn: rowNumber().over({ partitionBy: r.sym }),
        rk: rank().over({ partitionBy: r.sym }),
        dr: denseRank().over({ partitionBy: "sym" }),
        n1: ntile(1).over({ partitionBy: r.sym }),
        n3: ntile(3).over({ partitionBy: r.sym }),
        n7: ntile(7).over({ partitionBy: [r.sym] }),
        n1000: ntile(1000).over({ partitionBy: r.sym }),
      })),
    expected: rankDeclaredExpected,
  },
  {
    name: "ranking over the declared order",
    partitioned: false,
    run: (t) =>
      t.derive((r) => ({
        rid: r.id,
        rn: rowNumber(),
        rk: rank(),
        dr: denseRank(),
        n1: ntile(1),
        n3: ntile(3),
        n7: ntile(7),
        n1000: ntile(1000),
      })),
    expected: rankDeclaredExpected,
  },
  {
    name: "ranking with its own orderBy (ties, NULLs)",
    partitioned: true,
    run: (t) =>
      t.derive((r) => ({
        rk_k: rank().over({ partitionBy: r.sym, orderBy: r.k }),
        dr_k: denseRank().over({ partitionBy: r.sym, orderBy: "k" }),
        rk_kd: rank().over({ partitionBy: r.sym, orderBy: r.k.desc() }),
        dr_kd: denseRank().over({ partitionBy: "sym", orderBy: desc(r.k) }),
        rn_kt: rowNumber().over({ partitionBy: [r.sym], orderBy: [r.k.desc(), r.t] }),
        nt_kt: ntile(4).over({ partitionBy: r.sym, orderBy: [r.k, desc(r.t)] }),
        rk_v: rank().over({ partitionBy: r.sym, orderBy: r.v }),
        dr_vd: denseRank().over({ partitionBy: r.sym, orderBy: r.v.desc() }),
      })),
    expected: rankOwnExpected,
  },
  {
    name: "ranking with its own orderBy (ties, NULLs)",
    partitioned: false,
    run: (t) =>
      t.derive((r) => ({
        rk_k: rank().over({ orderBy: r.k }),
        dr_k: denseRank().over({ orderBy: "k" }),
        rk_kd: rank().over({ orderBy: r.k.desc() }),
        dr_kd: denseRank().over({ orderBy: desc(r.k) }),
        rn_kt: rowNumber().over({ orderBy: [r.k.desc(), r.t] }),
        nt_kt: ntile(4).over({ orderBy: [r.k, desc(r.t)] }),
        rk_v: rank().over({ orderBy: r.v }),
        dr_vd: denseRank().over({ orderBy: r.v.desc() }),
      })),
    expected: rankOwnExpected,
  },
  {
    name: "composition",
    partitioned: true,
    run: (t) =>
      t.derive((r) => ({
        pct_manual: (r.v - r.v.shift(1, { partitionBy: r.sym })) / r.v.shift(1, { partitionBy: r.sym }),
        diff_mean: r.v.diff({ partitionBy: r.sym }).rolling(2, { partitionBy: r.sym }).mean(),
        mean_shift: r.v.rolling(2, { partitionBy: r.sym }).mean().shift(1, { partitionBy: r.sym }),
        dev: r.v - r.v.rolling(5, { partitionBy: r.sym }).mean(),
        k_diff_cum: r.k.diff({ partitionBy: r.sym }).cumSum({ partitionBy: r.sym }),
        up: r.v > r.v.shift(1, { partitionBy: r.sym }),
      })),
    expected: composeExpected,
  },
  {
    name: "composition",
    partitioned: false,
    run: (t) =>
      t.derive((r) => ({
        pct_manual: (r.v - r.v.shift(1)) / r.v.shift(1),
        diff_mean: r.v.diff().rolling(2).mean(),
        mean_shift: r.v.rolling(2).mean().shift(1),
        dev: r.v - r.v.rolling(5).mean(),
        k_diff_cum: r.k.diff().cumSum(),
        up: r.v > r.v.shift(1),
      })),
    expected: composeExpected,
  },
  {
    name: "every family in one derive",
    partitioned: true,
    run: (t) =>
      t.derive((r) => ({
        s_1: r.v.shift(1, { partitionBy: r.sym }),
        s_m2: r.v.shift(-2, { partitionBy: r.sym }),
        d2: r.v.diff(2, { partitionBy: r.sym }),
        p1: r.v.pctChange({ partitionBy: r.sym }),
        mean5: r.v.rolling(5, { partitionBy: r.sym }).mean(),
        std2: r.v.rolling(2, { partitionBy: r.sym }).std(),
        count5: r.v.rolling(5, { partitionBy: r.sym }).count(),
        cs: r.v.cumSum({ partitionBy: r.sym }),
        kmin: r.k.cumMin({ partitionBy: r.sym }),
        rn: rowNumber().over({ partitionBy: r.sym }),
        n3: ntile(3).over({ partitionBy: r.sym }),
        rk_k: rank().over({ partitionBy: r.sym, orderBy: r.k }),
        dr_kd: denseRank().over({ partitionBy: r.sym, orderBy: desc(r.k) }),
        g_s_1: r.v.shift(1),
        g_cs: r.v.cumSum(),
        diff_mean: r.v.diff({ partitionBy: r.sym }).rolling(2, { partitionBy: r.sym }).mean(),
      })),
    expected: (rows, s) => {
      const g: ref.WindowSpec = { orderBy: s.orderBy };
      return {
        s_1: ref.shift(rows, "v", 1, s),
        s_m2: ref.shift(rows, "v", -2, s),
        d2: ref.diff(rows, "v", 2, s),
        p1: ref.pctChange(rows, "v", 1, s),
        mean5: ref.rolling(rows, "v", 5, "mean", s),
        std2: ref.rolling(rows, "v", 2, "std", s),
        count5: ref.rolling(rows, "v", 5, "count", s),
        cs: ref.cumulative(rows, "v", "cumSum", s),
        kmin: ref.cumulative(rows, "k", "cumMin", s),
        rn: ref.rowNumber(rows, s),
        n3: ref.ntile(rows, 3, s),
        rk_k: ref.rank(rows, by(s, [{ column: "k" }])),
        dr_kd: ref.denseRank(rows, by(s, [{ column: "k", desc: true }])),
        g_s_1: ref.shift(rows, "v", 1, g),
        g_cs: ref.cumulative(rows, "v", "cumSum", g),
        diff_mean: composeExpected(rows, s).diff_mean,
      };
    },
  },
];

// ---- comparison ----

/** Relative 1e-9 of the input magnitude: `v` lies in ±1000 (see `generate`). */
const TOLERANCE: ref.Tolerance = { rel: 1e-9, scale: 1000 };

/** Compares the engine's rows with the reference: declared row order, then every column by id. */
function check(rows: readonly G[], spec: ref.WindowSpec, out: readonly object[], expected: Cols): void {
  const want = ref.declaredOrder(rows, spec.orderBy).map((i) => rows[i].id);
  const got = out.map((r) => (r as { id: number }).id);
  expect(got.length, "row count").toBe(want.length);
  const firstMove = got.findIndex((id, i) => id !== want[i]);
  expect(firstMove, `rows must come back in the declared order (first difference at position ${firstMove})`).toBe(-1);
  const byId = new Map<number, Record<string, unknown>>(out.map((r) => [(r as { id: number }).id, r as Record<string, unknown>]));
  const problems: string[] = [];
  let bad = 0;
  const columns = Object.entries(expected).map(([col, values]) => ({ col, values, same: /std/.test(col) ? ref.sameStd : ref.sameValue }));
  rows.forEach((row, i) => {
    const o = byId.get(row.id)!;
    for (const { col, values, same } of columns) {
      if (!same(o[col], values[i], TOLERANCE)) {
        bad++;
        if (problems.length < 8) {
          problems.push(`${col} @ id ${row.id} (sym ${row.sym}, t ${row.t}, v ${row.v}, k ${row.k}): got ${String(o[col])}, want ${String(values[i])}`);
        }
      }
    }
  });
  expect(problems, `${bad} mismatching values`).toEqual([]);
}

// ---- the properties ----

/** Seeds giving 5, 7 and 2 regular partitions (plus the one-row and all-NULL ones). */
const SEEDS = [1, 4, 7];
const ROWS = 3000;

describe("reference self-check (hand-computed)", () => {
  it("agrees with the literal examples of the end-to-end suite", () => {
    const rows = [12, 10, 11, 15, 9].map((p, i) => ({ d: i + 1, p }));
    const s: ref.WindowSpec = { orderBy: [{ column: "d" }] };
    expect(ref.shift(rows, "p", 1, s)).toEqual([null, 12, 10, 11, 15]);
    expect(ref.shift(rows, "p", -2, s, 0)).toEqual([11, 15, 9, 0, 0]);
    expect(ref.diff(rows, "p", 2, s)).toEqual([null, null, -1, 5, -2]);
    expect(ref.rolling(rows, "p", 3, "sum", s)).toEqual([12, 22, 33, 36, 35]);
    expect(ref.rolling(rows, "p", 3, "std", s)[3]).toBeCloseTo(Math.sqrt(7), 12);
    expect(ref.cumulative(rows, "p", "cumMin", s)).toEqual([12, 10, 10, 10, 9]);
    const nulls = [12, null, 11, 15, 9].map((p, i) => ({ d: i + 1, p }));
    expect(ref.rolling(nulls, "p", 3, "count", s)).toEqual([1, 1, 2, 2, 3]);
    expect(ref.rolling([{ d: 1, p: null }], "p", 2, "count", s)).toEqual([0]);
    expect(ref.rolling([{ d: 1, p: null }], "p", 2, "sum", s)).toEqual([null]);
    expect(ref.cumulative(nulls, "p", "cumSum", s)).toEqual([12, 12, 23, 38, 47]);
    const ties = [30, 10, 30, 20, 10, 30].map((x, i) => ({ d: i + 1, x }));
    expect(ref.rank(ties, { orderBy: [{ column: "x" }] })).toEqual([4, 1, 4, 3, 1, 4]);
    expect(ref.denseRank(ties, { orderBy: [{ column: "x", desc: true }] })).toEqual([1, 3, 1, 2, 3, 1]);
    expect(ref.ntile(ties, 4, s)).toEqual([1, 1, 2, 2, 3, 4]);
    expect(ref.ntileValues(10, 4)).toEqual([1, 1, 1, 2, 2, 2, 3, 3, 4, 4]);
    expect(ref.ntileValues(2, 5)).toEqual([1, 2]);
    const nk = [2, null, 1, null].map((x, i) => ({ d: i + 1, x }));
    expect(ref.rank(nk, { orderBy: [{ column: "x" }] })).toEqual([2, 3, 1, 3]);
    expect(ref.rank(nk, { orderBy: [{ column: "x", desc: true }] })).toEqual([3, 1, 4, 1]);
    expect(ref.shift(ties, "x", 1, { partitionBy: ["g"], orderBy: [{ column: "d", desc: true }] })).toEqual([10, 30, 20, 10, 30, null]);
  });

  it("the generator keeps t tie-free and partitions varied", () => {
    for (const seed of SEEDS) {
      const rows = generate(seed, ROWS);
      expect(new Set(rows.map((r) => r.t)).size).toBe(rows.length);
      expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
      const syms = new Set(rows.map((r) => r.sym));
      expect(syms.size).toBeGreaterThanOrEqual(4);
      expect(syms.size).toBeLessThanOrEqual(9);
      const nullShare = rows.filter((r) => r.v === null).length / rows.length;
      expect(nullShare).toBeGreaterThan(0.05);
      expect(nullShare).toBeLessThan(0.25);
    }
  });
});

for (const seed of SEEDS) {
  describe(`seed ${seed}: ${ROWS} shuffled rows`, () => {
    const rows = generate(seed, ROWS);
    const source = LTSeq.fromRows<G>(rows, { schema: { ...SCHEMA } });
    for (const mode of MODES) {
      const table = mode.apply(source);
      // Whole-table windows: ascending orders only (the descending ones are covered per partition).
      for (const family of FAMILIES.filter((f) => f.partitioned || !mode.order.some((k) => k.desc))) {
        const where = family.partitioned ? "partitionBy sym" : "whole table";
        it(`${family.name} (${where}) after ${mode.name}`, async () => {
          const spec: ref.WindowSpec = { partitionBy: family.partitioned ? ["sym"] : [], orderBy: mode.order };
          const result = family.run(table);
          check(rows, spec, await result.collect(), family.expected(rows, spec));
        });
      }
    }
  });
}

describe("many rows (several record batches)", () => {
  const rows = generate(99, 12_000);
  const source = LTSeq.fromRows<G>(rows, { schema: { ...SCHEMA } });
  for (const mode of [MODES[1], MODES[2]]) {
    for (const family of FAMILIES.filter((f) => f.partitioned && !["composition", "diff/pctChange", "cumSum/cumMax/cumMin"].includes(f.name))) {
      it(`${family.name} (partitionBy sym) after ${mode.name}`, async () => {
        const spec: ref.WindowSpec = { partitionBy: ["sym"], orderBy: mode.order };
        check(rows, spec, await family.run(mode.apply(source)).collect(), family.expected(rows, spec));
      });
    }
  }
});

describe("filters with windows keep exactly the reference rows, in order", () => {
  for (const seed of SEEDS.slice(0, 2)) {
    const rows = generate(seed, ROWS);
    const source = LTSeq.fromRows<G>(rows, { schema: { ...SCHEMA } });
    for (const mode of MODES) {
      it(`seed ${seed}: rising value per sym, and the first three rows per sym, after ${mode.name}`, async () => {
        const table = mode.apply(source);
        const spec: ref.WindowSpec = { partitionBy: ["sym"], orderBy: mode.order };
        const ordered = ref.orderRows(rows, mode.order);
        const prev = ref.shift(rows, "v", 1, spec);
        const rn = ref.rowNumber(rows, spec);
        const at = new Map(rows.map((r, i) => [r.id, i]));
        const rising = ordered.filter((r) => {
          const p = prev[at.get(r.id)!];
          return r.v !== null && p !== null && r.v > (p as number);
        });
        const firstThree = ordered.filter((r) => (rn[at.get(r.id)!] as number) <= 3);
        const a = await table.filter((r) => r.v > r.v.shift(1, { partitionBy: r.sym })).collect();
        expect(a.map((r) => r.id)).toEqual(rising.map((r) => r.id));
        const b = await table.filter((r) => rowNumber().over({ partitionBy: r.sym }) <= 3).collect();
        expect(b.map((r) => r.id)).toEqual(firstThree.map((r) => r.id));
        expect(b.length).toBe(new Set(rows.map((r) => r.sym)).size * 3 - 2); // "solo" has one row
      });
    }
  }
});
