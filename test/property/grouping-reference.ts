/**
 * An independent, plain-TypeScript reference for ordered grouping and group aggregates (API.md §6,
 * §8), written from the definitions — not from the engine's output — for the property tests.
 *
 * Definitions (rows are already in the declared order):
 * - `groupOrdered(key)`: row 0 starts group 1; every later row starts a new group when its key
 *   differs from the previous row's key, where NULL equals NULL and NULL differs from every value.
 * - `groupWhen(pred)`: row 0 starts group 1; a later row starts a new group when `pred` is true
 *   (false and NULL do not start one).
 * - Group ids are 1, 2, … in order and are never recomputed: filtering groups keeps the ids.
 * - `__rn__` is the 1-based position in the group, `__group_count__` the group's row count.
 * - `searchPattern(steps, { partitionBy })`: row `i` matches when step `k` holds at the `k`-th
 *   row after `i` among the rows of `i`'s partition (NULL keys form one partition), for every step.
 * - Aggregates skip NULLs; with no non-NULL value they give NULL (`count` gives 0). `std`/`var`
 *   are the sample statistics (NULL below two values); `percentile(p)` interpolates linearly at
 *   index `p * (n - 1)` of the sorted non-NULL values; `median = percentile(0.5)`.
 */

export type Scalar = number | string | boolean | null;
export type RefRow = Readonly<Record<string, Scalar>>;

/** Group ids for keys compared with the previous row (NULL equal to NULL). */
export function runIds(keys: readonly Scalar[]): number[] {
  const ids: number[] = [];
  let id = 0;
  keys.forEach((k, i) => {
    if (i === 0 || k !== keys[i - 1]) id++;
    ids.push(id);
  });
  return ids;
}

/** Group ids from start flags: the first row always starts a group; NULL is not a start. */
export function whenIds(starts: readonly (boolean | null)[]): number[] {
  const ids: number[] = [];
  let id = 0;
  starts.forEach((s, i) => {
    if (i === 0 || s === true) id++;
    ids.push(id);
  });
  return ids;
}

/** The value of `column` one row earlier (NULL on the first row): `r.x.shift(1)`. */
export function previous(rows: readonly RefRow[], column: string): Scalar[] {
  return rows.map((_, i) => (i === 0 ? null : rows[i - 1][column] ?? null));
}

/** Rows split into groups by id, in order of first appearance (ids are consecutive). */
export function groupsOf<R extends RefRow>(rows: readonly R[], ids: readonly number[]): { id: number; rows: R[] }[] {
  const out: { id: number; rows: R[] }[] = [];
  rows.forEach((r, i) => {
    const last = out[out.length - 1];
    if (last && last.id === ids[i]) last.rows.push(r);
    else out.push({ id: ids[i], rows: [r] });
  });
  return out;
}

/** `flatten()`: rows plus `__group_id__`, `__group_count__`, `__rn__`. */
export function flatten<R extends RefRow>(groups: readonly { id: number; rows: readonly R[] }[]): (R & Record<string, Scalar>)[] {
  return groups.flatMap((g) => g.rows.map((r, i) => ({ ...r, __group_id__: g.id, __group_count__: g.rows.length, __rn__: i + 1 })));
}

// ---- aggregates ----

const numbers = (xs: readonly Scalar[]): number[] => xs.filter((x): x is number => typeof x === "number");

export function count(xs: readonly Scalar[]): number {
  return xs.filter((x) => x !== null).length;
}

export function sum(xs: readonly Scalar[]): number | null {
  const v = numbers(xs);
  return v.length === 0 ? null : v.reduce((a, b) => a + b, 0);
}

export function mean(xs: readonly Scalar[]): number | null {
  const v = numbers(xs);
  return v.length === 0 ? null : v.reduce((a, b) => a + b, 0) / v.length;
}

export function min(xs: readonly Scalar[]): number | null {
  const v = numbers(xs);
  return v.length === 0 ? null : Math.min(...v);
}

export function max(xs: readonly Scalar[]): number | null {
  const v = numbers(xs);
  return v.length === 0 ? null : Math.max(...v);
}

/** Sample variance (n - 1 in the denominator); NULL below two values. */
export function variance(xs: readonly Scalar[]): number | null {
  const v = numbers(xs);
  if (v.length < 2) return null;
  const m = v.reduce((a, b) => a + b, 0) / v.length;
  return v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1);
}

export function std(xs: readonly Scalar[]): number | null {
  const v = variance(xs);
  return v === null ? null : Math.sqrt(v);
}

/** Continuous percentile: linear interpolation at index `p * (n - 1)` of the sorted values. */
export function percentile(xs: readonly Scalar[], p: number): number | null {
  const v = numbers(xs).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const idx = p * (v.length - 1);
  const lo = Math.floor(idx);
  const hi = Math.ceil(idx);
  return v[lo] + (v[hi] - v[lo]) * (idx - lo);
}

export function median(xs: readonly Scalar[]): number | null {
  return percentile(xs, 0.5);
}

/** `g.all(pred)` / `g.any(pred)` / `g.none(pred)` for predicates that are never NULL. */
export const all = <R>(rows: readonly R[], pred: (r: R) => boolean): boolean => rows.every(pred);
export const any = <R>(rows: readonly R[], pred: (r: R) => boolean): boolean => rows.some(pred);
export const none = <R>(rows: readonly R[], pred: (r: R) => boolean): boolean => !rows.some(pred);

/** `groupBy(key)`: groups in order of first appearance; NULL keys form one group. */
export function groupByKey<R extends RefRow>(rows: readonly R[], key: string): { key: Scalar; rows: R[] }[] {
  const m = new Map<Scalar, R[]>();
  for (const r of rows) {
    const k = r[key] ?? null;
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return [...m].map(([k, rs]) => ({ key: k, rows: rs }));
}

/**
 * Rows starting a match of `steps` (each a plain predicate, true only when it holds), in the
 * declared order; partitions are the rows with equal `partitionBy` values, kept in that order.
 */
export function searchPattern<R extends RefRow>(rows: readonly R[], steps: readonly ((r: R) => boolean)[], partitionBy: readonly string[] = []): R[] {
  const parts = new Map<string, number[]>();
  rows.forEach((r, i) => {
    const key = JSON.stringify(partitionBy.map((c) => r[c]));
    parts.set(key, [...(parts.get(key) ?? []), i]);
  });
  const hits = new Set<number>();
  for (const idx of parts.values()) {
    for (let j = 0; j + steps.length <= idx.length; j++) {
      if (steps.every((step, k) => step(rows[idx[j + k]]))) hits.add(idx[j]);
    }
  }
  return rows.filter((_, i) => hits.has(i));
}
