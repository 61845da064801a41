/**
 * `t.pivot({ index, columns, values, agg })` (API.md §8): one row per distinct index, one column
 * per distinct value of `columns`. The output columns depend on the data, so unless `columnValues`
 * lists them this reads the `columns` column when called — the only transform that runs a query
 * before a terminal method (see docs/grouping.md). The engine side is native/core/src/pivot.rs.
 */
import { ColumnNotFoundError, InvalidArgumentError } from "./errors.js";
import { call, type NativeTable } from "./native.js";
import type { Simplify } from "./types.js";

export type PivotAgg = "sum" | "mean" | "count" | "min" | "max";
const AGGS: readonly PivotAgg[] = ["sum", "mean", "count", "min", "max"];
const OPTIONS = ["index", "columns", "values", "agg", "columnValues"];

/** A value of the `columns` column, as `columnValues` lists it. */
export type PivotValue = string | number | bigint | boolean | Date;

export interface PivotOptions<S, I extends keyof S & string, V extends keyof S & string, A extends PivotAgg> {
  /** The row key: one column or several. One output row per distinct key, ascending. */
  index: I | readonly I[];
  /** The column whose distinct values become output columns (NULL values are skipped). */
  columns: keyof S & string;
  /** The column aggregated into each cell. */
  values: V;
  /** `sum`/`min`/`max` keep the values' type, `mean` is float64, `count` int64 (0 when missing). */
  agg: A;
  /**
   * The output columns, in this order, instead of every distinct value in ascending order. Skips
   * the scan; a value absent from the data gives a column of NULL (0 for `count`).
   */
  columnValues?: readonly PivotValue[];
}

/** One pivoted cell: NULL where an index has no row for that column, except `count`. */
export type PivotCell<T, A extends PivotAgg> = A extends "count" ? number : A extends "mean" ? number | null : NonNullable<T> | null;

/** The row type of a pivot: the index columns, then any number of value columns. */
export type Pivoted<S, I extends keyof S, V extends keyof S, A extends PivotAgg> =
  Simplify<Pick<S, I> & { [column: string]: PivotCell<S[V], A> }>;

/** Validates the options (names, `agg`, `columnValues`) and builds the native plan. */
export function pivotPlan(plan: NativeTable, available: readonly string[], options: unknown): NativeTable {
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new InvalidArgumentError(`pivot expects an options object, e.g. { index: "region", columns: "year", values: "amount", agg: "sum" }`);
  }
  const o = options as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (!OPTIONS.includes(k)) throw new InvalidArgumentError(`pivot: unknown option "${k}"; options are ${OPTIONS.join(", ")}`);
  }
  const column = (option: string, name: unknown): string => {
    if (typeof name !== "string") throw new InvalidArgumentError(`pivot: ${option} must be a column name, got ${describe(name)}`);
    if (!available.includes(name)) {
      throw new ColumnNotFoundError(`pivot: ${option} "${name}" not found; available: ${available.join(", ") || "(none)"}`);
    }
    return name;
  };
  const index = (Array.isArray(o.index) ? o.index : [o.index]).map((n) => column("index", n));
  if (index.length === 0) throw new InvalidArgumentError("pivot: index must name at least one column");
  const columns = column("columns", o.columns);
  const values = column("values", o.values);
  if (!AGGS.includes(o.agg as PivotAgg)) {
    throw new InvalidArgumentError(`pivot: unknown agg ${describe(o.agg)}; use one of ${AGGS.map((a) => `"${a}"`).join(", ")}`);
  }
  let columnValues: unknown[] | undefined;
  if (o.columnValues !== undefined) {
    if (!Array.isArray(o.columnValues)) throw new InvalidArgumentError(`pivot: columnValues must be an array, got ${describe(o.columnValues)}`);
    columnValues = o.columnValues.map(wire);
  }
  const spec = { index, columns, values, agg: o.agg, ...(columnValues ? { columnValues } : {}) };
  return call(() => plan.pivot(JSON.stringify(spec)));
}

/** JSON has no dates or bigints: they travel as `{ date: ms }` / `{ bigint: "digits" }`. */
function wire(v: unknown): unknown {
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) throw new InvalidArgumentError("pivot: columnValues contains an invalid Date");
    return { date: v.getTime() };
  }
  if (typeof v === "bigint") return { bigint: String(v) };
  if (typeof v === "number" && !Number.isFinite(v)) throw new InvalidArgumentError(`pivot: columnValues contains ${v}; list finite numbers`);
  if (v === null || v === undefined) {
    throw new InvalidArgumentError("pivot: columnValues cannot contain null (NULL values of the columns column are skipped)");
  }
  if (typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean") {
    throw new InvalidArgumentError(`pivot: columnValues entries must be strings, numbers, booleans, bigints or Dates, got ${describe(v)}`);
  }
  return v;
}

function describe(v: unknown): string {
  return typeof v === "string" ? `"${v}"` : Array.isArray(v) ? "an array" : v === null ? "null" : typeof v === "object" ? "an object" : String(v);
}
