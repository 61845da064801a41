/**
 * An independent, plain-TypeScript reference for the sequence operators (API.md §5, §12), written
 * from their definitions — not from the engine's output — for the property tests to compare against.
 *
 * Definitions:
 * - Rows are put in the declared order (`orderBy` keys; NULLs sort last ascending, first descending),
 *   then split into partitions by the `partitionBy` columns (all rows form one partition when there
 *   are none). Every operator works on one partition's rows in that order.
 * - `shift(n)`: the value `n` rows earlier (`n < 0`: `-n` rows later); outside the partition it is
 *   `default` (NULL unless given). `shift(0)` is the value itself.
 * - `diff(n) = x - x.shift(n)`, `pctChange(n) = (x - s) / s` with `s = x.shift(n)`; NULL operand → NULL.
 * - `rolling(w)`: an aggregate over the current row and the `w - 1` rows before it in the partition
 *   (fewer at the partition's start). NULLs are skipped; `count` counts non-NULL values; a frame with
 *   no non-NULL value gives NULL (`count` gives 0); `std` is the sample standard deviation (NULL for
 *   fewer than two values).
 * - `cumSum/cumMax/cumMin`: running over the partition from its start, skipping NULLs; a row gets the
 *   running value so far, or NULL when no non-NULL value has been seen yet.
 * - `rowNumber`: 1, 2, 3, … in order; `rank`: 1 + the number of rows strictly before (peers — rows with
 *   equal order keys, NULL equal to NULL — share a rank, leaving gaps); `denseRank`: 1 + the number of
 *   distinct key values strictly before; `ntile(n)`: with `q = floor(N / n)`, `m = N % n`, the first `m`
 *   buckets hold `q + 1` rows and the rest `q` rows, numbered 1..n in order.
 */

export type Scalar = number | string | boolean | null;
export type RefRow = Readonly<Record<string, Scalar>>;

/** One key of an ordering. */
export interface OrderKey { column: string; desc?: boolean }

/** Where a sequence operator runs: its partitions and the ordering inside them. */
export interface WindowSpec {
  /** Partition columns; none = the whole table is one partition. */
  partitionBy?: readonly string[];
  /** The ordering: the table's declared order, or a ranking function's own `orderBy`. */
  orderBy: readonly OrderKey[];
}

export type RollingAgg = "mean" | "sum" | "min" | "max" | "count" | "std";
export type CumKind = "cumSum" | "cumMax" | "cumMin";

// ---- ordering ----

/** Compares two key values; NULL is larger than every value (last ascending, first descending). */
export function compareValues(a: Scalar, b: Scalar, desc = false): number {
  let c: number;
  if (a === null && b === null) c = 0;
  else if (a === null) c = 1;
  else if (b === null) c = -1;
  else c = a < b ? -1 : a > b ? 1 : 0;
  return desc ? -c : c;
}

/** Compares two rows by an ordering (0 = peers). */
export function compareRows(a: RefRow, b: RefRow, keys: readonly OrderKey[]): number {
  for (const k of keys) {
    const c = compareValues(a[k.column] ?? null, b[k.column] ?? null, k.desc ?? false);
    if (c !== 0) return c;
  }
  return 0;
}

/** Indexes of `rows` in the order `keys` gives (ties keep input order; tests avoid ties where it matters). */
export function orderIndexes(rows: readonly RefRow[], keys: readonly OrderKey[]): number[] {
  return rows.map((_, i) => i).sort((i, j) => compareRows(rows[i], rows[j], keys) || i - j);
}

/** The rows themselves in the order `keys` gives. */
export function orderRows<R extends RefRow>(rows: readonly R[], keys: readonly OrderKey[]): R[] {
  return orderIndexes(rows, keys).map((i) => rows[i]);
}

/**
 * Runs `perPartition` on each partition's row indexes (in `spec.orderBy` order) and scatters its
 * results back: the answer is aligned with `rows` (answer[i] belongs to rows[i]).
 */
export function windowed(
  rows: readonly RefRow[],
  spec: WindowSpec,
  perPartition: (indexes: number[]) => Scalar[],
): Scalar[] {
  const out: Scalar[] = new Array<Scalar>(rows.length).fill(null);
  for (const idx of partitions(rows, spec)) {
    const vals = perPartition(idx);
    if (vals.length !== idx.length) throw new Error("reference: partition result has the wrong length");
    idx.forEach((rowIndex, k) => (out[rowIndex] = vals[k]));
  }
  return out;
}

/** Memo of {@link partitions}: the same rows and spec are asked for many times by the property tests. */
const partitionMemo = new WeakMap<readonly RefRow[], Map<string, number[][]>>();

/** Each partition's row indexes, in `spec.orderBy` order (partitions in order of first appearance). */
export function partitions(rows: readonly RefRow[], spec: WindowSpec): number[][] {
  let memo = partitionMemo.get(rows);
  if (!memo) partitionMemo.set(rows, (memo = new Map()));
  const key = JSON.stringify([spec.partitionBy ?? [], spec.orderBy.map((k) => [k.column, k.desc ?? false])]);
  const hit = memo.get(key);
  if (hit) return hit;
  const parts = new Map<string, number[]>();
  for (const i of orderIndexes(rows, spec.orderBy)) {
    const pk = JSON.stringify((spec.partitionBy ?? []).map((c) => rows[i][c] ?? null));
    let p = parts.get(pk);
    if (!p) parts.set(pk, (p = []));
    p.push(i);
  }
  const result = [...parts.values()];
  memo.set(key, result);
  return result;
}

/** Row indexes in the order `keys` gives (memoized like {@link partitions}). */
export function declaredOrder(rows: readonly RefRow[], keys: readonly OrderKey[]): number[] {
  return partitions(rows, { orderBy: keys })[0] ?? [];
}

// ---- operators over one partition's values, in order ----

const num = (x: Scalar): number | null => (x === null ? null : (x as number));

export function shiftValues(xs: readonly Scalar[], n: number, dflt: Scalar = null): Scalar[] {
  return xs.map((_, i) => {
    const j = i - n;
    return j >= 0 && j < xs.length ? xs[j] : dflt;
  });
}

export function diffValues(xs: readonly Scalar[], n = 1): (number | null)[] {
  const s = shiftValues(xs, n);
  return xs.map((x, i) => (x === null || s[i] === null ? null : num(x)! - num(s[i])!));
}

export function pctChangeValues(xs: readonly Scalar[], n = 1): (number | null)[] {
  const s = shiftValues(xs, n);
  return xs.map((x, i) => (x === null || s[i] === null ? null : (num(x)! - num(s[i])!) / num(s[i])!));
}

/** Aggregate of the non-NULL values of one frame, with SQL NULL rules. */
export function aggregate(values: readonly Scalar[], agg: RollingAgg): number | null {
  const v = values.filter((x): x is number => x !== null) as number[];
  if (agg === "count") return v.length;
  if (v.length === 0) return null;
  switch (agg) {
    case "sum": return v.reduce((a, b) => a + b, 0);
    case "mean": return v.reduce((a, b) => a + b, 0) / v.length;
    case "min": return Math.min(...v);
    case "max": return Math.max(...v);
    case "std": {
      if (v.length < 2) return null;
      const mean = v.reduce((a, b) => a + b, 0) / v.length;
      const ss = v.reduce((a, b) => a + (b - mean) * (b - mean), 0);
      return Math.sqrt(ss / (v.length - 1));
    }
  }
}

export function rollingValues(xs: readonly Scalar[], w: number, agg: RollingAgg): (number | null)[] {
  if (!Number.isInteger(w) || w < 1) throw new Error(`reference: rolling window must be >= 1, got ${w}`);
  return xs.map((_, i) => aggregate(xs.slice(Math.max(0, i - w + 1), i + 1), agg));
}

export function cumulativeValues(xs: readonly Scalar[], kind: CumKind): (number | null)[] {
  let acc: number | null = null;
  return xs.map((x) => {
    if (x !== null) {
      const v = x as number;
      if (acc === null) acc = v;
      else if (kind === "cumSum") acc += v;
      else if (kind === "cumMax") acc = Math.max(acc, v);
      else acc = Math.min(acc, v);
    }
    return acc;
  });
}

/** Bucket numbers 1..n for `size` rows. */
export function ntileValues(size: number, n: number): number[] {
  if (!Number.isInteger(n) || n < 1) throw new Error(`reference: ntile needs n >= 1, got ${n}`);
  const q = Math.floor(size / n);
  const m = size % n;
  const out: number[] = [];
  for (let b = 1; b <= n; b++) {
    const rows = b <= m ? q + 1 : q;
    for (let k = 0; k < rows; k++) out.push(b);
  }
  return out;
}

// ---- row-level operators (results aligned with `rows`) ----

const column = (rows: readonly RefRow[], idx: readonly number[], col: string): Scalar[] => idx.map((i) => rows[i][col] ?? null);

export function shift(rows: readonly RefRow[], col: string, n: number, spec: WindowSpec, dflt: Scalar = null): Scalar[] {
  return windowed(rows, spec, (idx) => shiftValues(column(rows, idx, col), n, dflt));
}

export function diff(rows: readonly RefRow[], col: string, n: number, spec: WindowSpec): Scalar[] {
  return windowed(rows, spec, (idx) => diffValues(column(rows, idx, col), n));
}

export function pctChange(rows: readonly RefRow[], col: string, n: number, spec: WindowSpec): Scalar[] {
  return windowed(rows, spec, (idx) => pctChangeValues(column(rows, idx, col), n));
}

export function rolling(rows: readonly RefRow[], col: string, w: number, agg: RollingAgg, spec: WindowSpec): Scalar[] {
  return windowed(rows, spec, (idx) => rollingValues(column(rows, idx, col), w, agg));
}

export function cumulative(rows: readonly RefRow[], col: string, kind: CumKind, spec: WindowSpec): Scalar[] {
  return windowed(rows, spec, (idx) => cumulativeValues(column(rows, idx, col), kind));
}

export function rowNumber(rows: readonly RefRow[], spec: WindowSpec): Scalar[] {
  return windowed(rows, spec, (idx) => idx.map((_, k) => k + 1));
}

export function rank(rows: readonly RefRow[], spec: WindowSpec): Scalar[] {
  return windowed(rows, spec, (idx) => {
    const out: number[] = [];
    idx.forEach((i, k) => {
      out.push(k > 0 && compareRows(rows[idx[k - 1]], rows[i], spec.orderBy) === 0 ? out[k - 1] : k + 1);
    });
    return out;
  });
}

export function denseRank(rows: readonly RefRow[], spec: WindowSpec): Scalar[] {
  return windowed(rows, spec, (idx) => {
    const out: number[] = [];
    idx.forEach((i, k) => {
      if (k === 0) out.push(1);
      else out.push(out[k - 1] + (compareRows(rows[idx[k - 1]], rows[i], spec.orderBy) === 0 ? 0 : 1));
    });
    return out;
  });
}

export function ntile(rows: readonly RefRow[], n: number, spec: WindowSpec): Scalar[] {
  return windowed(rows, spec, (idx) => ntileValues(idx.length, n));
}

// ---- comparison ----

/**
 * How close a float must be. Online window algorithms (sliding sums and variances that add the
 * entering value and retract the leaving one) lose precision in proportion to the magnitude of the
 * *inputs*, not of the result, so the tolerance is relative to `max(1, scale, |actual|, |expected|)`
 * where `scale` is the largest input magnitude.
 */
export interface Tolerance { rel: number; scale: number }
export const DEFAULT_TOLERANCE: Tolerance = { rel: 1e-9, scale: 1 };

/** Equal, numbers within the tolerance; NULL only equals NULL; NaN never matches a number. */
export function sameValue(actual: unknown, expected: Scalar, tol: Tolerance = DEFAULT_TOLERANCE): boolean {
  if (expected === null || actual === null) return actual === expected;
  if (typeof expected === "number") {
    if (typeof actual !== "number") return false;
    if (Number.isNaN(expected) || Number.isNaN(actual)) return Number.isNaN(expected) && Number.isNaN(actual);
    if (!Number.isFinite(expected)) return actual === expected;
    return Math.abs(actual - expected) <= tol.rel * Math.max(1, tol.scale, Math.abs(actual), Math.abs(expected));
  }
  return actual === expected;
}

/**
 * Standard deviations compared through their variances: `sqrt` turns the rounding error of a
 * near-zero variance into a visible one (`sqrt(1e-13) ≈ 3e-7`), so the variances must agree within
 * `rel * max(1, scale², var)`. A NaN (the square root of a negative variance) never matches.
 */
export function sameStd(actual: unknown, expected: Scalar, tol: Tolerance = DEFAULT_TOLERANCE): boolean {
  if (expected === null || actual === null) return actual === expected;
  if (typeof actual !== "number" || typeof expected !== "number" || Number.isNaN(actual) || actual < 0) return false;
  const a = actual * actual;
  const e = expected * expected;
  return Math.abs(a - e) <= tol.rel * Math.max(1, tol.scale * tol.scale, a, e);
}
