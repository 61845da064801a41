/**
 * Row and column types. Inside a lambda each column is its value type intersected with column
 * methods (`number & NumberColumn`), so `r.age > 18` and `r.name.startsWith("A")` are ordinary
 * TypeScript and editors complete column names with no plugin. Column types exclude `null`
 * (API.md §12): `r.volume > 5` compiles on a `number | null` column.
 */

/** Type names as reported by `t.schema` and accepted by `{ schema }` and `.cast()`. */
export type ColumnType =
  | "int64" | "float64" | "utf8" | "bool" | "date32" | "timestamp"
  | "int8" | "int16" | "int32" | "uint8" | "uint16" | "uint32" | "uint64" | "float32"
  | "null" | "binary" | "decimal" | "time" | "duration" | "list" | "struct" | "date64" | "interval";

/** The types `.cast()` and declared schemas accept. */
export type CastType = "int64" | "float64" | "utf8" | "bool" | "date32" | "timestamp"
  | "int8" | "int16" | "int32" | "uint8" | "uint16" | "uint32" | "uint64" | "float32";

export type Schema = Record<string, ColumnType>;

/** Declared order entry: `[{ column: "date", desc: false }]`. */
export interface SortKeyInfo { column: string; desc: boolean }

/** A sort direction marker returned by `r.x.desc()` / `desc(r.x)`; only meaningful in `sort`. */
export interface SortDirection { readonly __ltseqSortDirection: true }

/** `partitionBy` of a sequence operator: a column, several, or column names. */
export type PartitionBy = unknown;

export interface ShiftOptions<T> { default?: T; partitionBy?: PartitionBy }
export interface SeqOptions { partitionBy?: PartitionBy }

/** `r.x.rolling(w)`: aggregates over the current row and the `w - 1` before it (partial at the start). */
export interface Rolling {
  mean(): NumberCol;
  sum(): NumberCol;
  min(): NumberCol;
  max(): NumberCol;
  count(): NumberCol;
  std(): NumberCol;
}

/** Methods every column offers. `T` is the value type. */
export interface BaseColumn<T> {
  /** Previous row's value (`shift(1)`, LAG) or a later one (`shift(-1)`, LEAD); NULL at the edges. Needs a declared order. */
  shift(n?: number, options?: ShiftOptions<T>): Col<T>;
  isIn(values: readonly T[]): boolean;
  between(lo: T, hi: T): boolean;
  isNull(): boolean;
  isNotNull(): boolean;
  fillNull(value: T): T;
  cast<C extends CastType>(to: C): CastResult<C>;
  desc(): SortDirection;
}

type CastResult<C extends CastType> =
  C extends "utf8" ? StringCol : C extends "bool" ? BoolCol : C extends "date32" | "timestamp" ? DateCol : NumberCol;

/** String columns: JS string methods (0-based) plus SQL LIKE and regex tests. */
export interface StringColumn extends BaseColumn<string> {
  like(pattern: string): boolean;
  matches(re: RegExp): boolean;
}
/** Number columns: sequence arithmetic over the declared order (API.md §5). */
export interface NumberColumn extends BaseColumn<number> {
  /** `x - x.shift(n)`. */
  diff(n?: number, options?: SeqOptions): NumberCol;
  /** `(x - x.shift(n)) / x.shift(n)`. */
  pctChange(n?: number, options?: SeqOptions): NumberCol;
  rolling(window: number, options?: SeqOptions): Rolling;
  cumSum(options?: SeqOptions): NumberCol;
  cumMax(options?: SeqOptions): NumberCol;
  cumMin(options?: SeqOptions): NumberCol;
}

/** `.over({ partitionBy, orderBy })` of ranking functions; without it they follow the declared order. */
export interface OverSpec { partitionBy?: PartitionBy; orderBy?: unknown }
export type RankingCol = NumberCol & { over(spec: OverSpec): NumberCol };
export type BigIntColumn = BaseColumn<bigint>;
export type BoolColumn = BaseColumn<boolean>;
export type DateColumn = BaseColumn<Date>;

export type StringCol = string & StringColumn;
export type NumberCol = number & NumberColumn;
export type BoolCol = boolean & BoolColumn;
export type DateCol = Date & DateColumn;

/** The in-lambda type of a column whose values are `T`. */
export type Col<T> =
  [T] extends [string] ? StringCol
  : [T] extends [number] ? NumberCol
  : [T] extends [bigint] ? bigint & BigIntColumn
  : [T] extends [boolean] ? BoolCol
  : [T] extends [Date] ? DateCol
  : T;

/** What a lambda's `r` is for rows of type `S`. */
export type Row<S> = { readonly [K in keyof S]-?: Col<NonNullable<S[K]>> };

/** Strips the column brands from a lambda's result: `number & NumberColumn` → `number`. */
export type Plain<T> =
  T extends string ? string
  : T extends number ? number
  : T extends bigint ? bigint
  : T extends boolean ? boolean
  : T extends Date ? Date
  : T;

/** `derive`: new columns replace same-named ones, others are appended. */
export type Derived<S, D> = { [K in keyof S as K extends keyof D ? never : K]: S[K] } & { [K in keyof D]: Plain<D[K]> };

/** `rename({ old: "new" })`. */
export type Renamed<S, M extends Partial<Record<string, string>>> = {
  [K in keyof S as K extends keyof M ? (M[K] extends string ? M[K] : K) : K]: S[K];
};

/** Flattens intersections for readable hovers. */
export type Simplify<T> = { [K in keyof T]: T[K] } & {};
