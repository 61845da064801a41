/**
 * Row and column types. Inside a lambda each column is its value type intersected with column
 * methods (`number & NumberColumn`), so `r.age > 18` and `r.name.startsWith("A")` are ordinary
 * TypeScript and editors complete column names with no plugin. Column types exclude `null`
 * (API.md §12): `r.volume > 5` compiles on a `number | null` column.
 *
 * Sequence operators (API.md §5: `shift`, `diff`, `rolling`, `cumSum`, ...) exist on a column only
 * when the table declared an order: `LTSeq<S, "ordered">` (after `sort`/`assumeSorted`) gives
 * lambdas a `Row<S, "ordered">`; on an unordered table `r.price.shift(1)` is a type error.
 */

import type { CAST_TYPES } from "./expr/registry.js";

/** Type names as reported by `t.schema` and accepted by `{ schema }` and `.cast()`. */
export type ColumnType =
  | "int64" | "float64" | "utf8" | "bool" | "date32" | "timestamp"
  | "int8" | "int16" | "int32" | "uint8" | "uint16" | "uint32" | "uint64" | "float32"
  | "null" | "binary" | "decimal" | "time" | "duration" | "list" | "struct" | "date64" | "interval";

/** The types `.cast()` and declared schemas accept. */
export type CastType = (typeof CAST_TYPES)[number];

export type Schema = Record<string, ColumnType>;

/**
 * Whether a table has a declared order, as a type parameter of `LTSeq<S, O>` and `Row<S, O>`:
 * `"ordered"` after `sort`/`assumeSorted`, `"unordered"` from sources and after operations that
 * clear the order (API.md §12). Only ordered rows offer sequence operators.
 */
export type Ordering = "ordered" | "unordered";

/** Declared order entry: `[{ column: "date", desc: false }]`. */
export interface SortKeyInfo { column: string; desc: boolean }

/** A sort direction marker returned by `r.x.desc()` / `desc(r.x)`; only meaningful in `sort`. */
export interface SortDirection { readonly __ltseqSortDirection: true }

/** What a column reference is inside a lambda, once its methods are set aside. */
type Scalar = string | number | bigint | boolean | Date;

/** `partitionBy` of a sequence operator: a column (`r.sym`), several (`[r.a, r.b]`), or column names. */
export type PartitionBy = Scalar | readonly Scalar[];
/** `orderBy` of `.over(...)`: a column, `r.x.desc()` / `desc(r.x)`, a column name, or a list of these. */
export type OrderBy = Scalar | SortDirection | readonly (Scalar | SortDirection)[];

export interface ShiftOptions<T> { default?: T; partitionBy?: PartitionBy }
export interface SeqOptions { partitionBy?: PartitionBy }

/** `r.x.rolling(w)`: aggregates over the current row and the `w - 1` before it (partial at the start). */
export interface Rolling {
  mean(): NumberCol<"ordered">;
  sum(): NumberCol<"ordered">;
  min(): NumberCol<"ordered">;
  max(): NumberCol<"ordered">;
  count(): NumberCol<"ordered">;
  std(): NumberCol<"ordered">;
}

/** Methods every column offers, ordered or not. `T` is the value type. */
export interface BaseColumn<T> {
  isIn(values: readonly T[]): boolean;
  between(lo: T, hi: T): boolean;
  isNull(): boolean;
  isNotNull(): boolean;
  fillNull(value: T): T;
  cast<C extends CastType>(to: C): CastResult<C>;
  desc(): SortDirection;
}

/** Sequence operators of every column of an ordered table (API.md §5). */
export interface SequenceColumn<T> {
  /**
   * Previous row's value (`shift(1)`, LAG) or a later one (`shift(-1)`, LEAD); NULL at the edges
   * unless `{ default }` is given.
   * @example t.sort("date").derive(r => ({ prev: r.price.shift(1) }))   // prev: null, 10, 11, ...
   */
  shift(n?: number, options?: ShiftOptions<T>): Col<T, "ordered">;
  shift(options: ShiftOptions<T>): Col<T, "ordered">;
}

/** Sequence arithmetic of number columns of an ordered table (API.md §5). */
export interface NumberSequenceColumn extends SequenceColumn<number> {
  /** `x - x.shift(n)` (n = 1 by default). */
  diff(n?: number, options?: SeqOptions): NumberCol<"ordered">;
  diff(options: SeqOptions): NumberCol<"ordered">;
  /** `(x - x.shift(n)) / x.shift(n)`. */
  pctChange(n?: number, options?: SeqOptions): NumberCol<"ordered">;
  pctChange(options: SeqOptions): NumberCol<"ordered">;
  /** A window of `w` rows ending at the current one: `.rolling(3).mean()`. */
  rolling(window: number, options?: SeqOptions): Rolling;
  cumSum(options?: SeqOptions): NumberCol<"ordered">;
  cumMax(options?: SeqOptions): NumberCol<"ordered">;
  cumMin(options?: SeqOptions): NumberCol<"ordered">;
}

type CastResult<C extends CastType> =
  C extends "utf8" ? StringCol : C extends "bool" ? BoolCol : C extends "date32" | "timestamp" ? DateCol : NumberCol;

/** String columns: JS string methods (0-based) plus SQL LIKE and regex tests. */
export interface StringColumn extends BaseColumn<string> {
  like(pattern: string): boolean;
  matches(re: RegExp | string): boolean;
}
/** Number columns (with {@link NumberSequenceColumn} on ordered tables). */
export type NumberColumn = BaseColumn<number>;
export type BigIntColumn = BaseColumn<bigint>;
export type BoolColumn = BaseColumn<boolean>;
export type DateColumn = BaseColumn<Date>;

/** `.over({ partitionBy, orderBy })` of ranking functions; without it they follow the declared order. */
export interface OverSpec { partitionBy?: PartitionBy; orderBy?: OrderBy }
/** What `rowNumber()`, `rank()`, `denseRank()` and `ntile(n)` return. */
export type RankingCol = NumberCol & { over(spec: OverSpec): NumberCol };

/** Sequence operators when `O` is `"ordered"`, nothing otherwise. */
type Seq<O extends Ordering, M> = O extends "ordered" ? M : unknown;

export type StringCol<O extends Ordering = "unordered"> = string & StringColumn & Seq<O, SequenceColumn<string>>;
export type NumberCol<O extends Ordering = "unordered"> = number & NumberColumn & Seq<O, NumberSequenceColumn>;
export type BigIntCol<O extends Ordering = "unordered"> = bigint & BigIntColumn & Seq<O, SequenceColumn<bigint>>;
export type BoolCol<O extends Ordering = "unordered"> = boolean & BoolColumn & Seq<O, SequenceColumn<boolean>>;
export type DateCol<O extends Ordering = "unordered"> = Date & DateColumn & Seq<O, SequenceColumn<Date>>;

/**
 * The in-lambda type of a column whose values are `T` (`null` set aside). An `unknown` column (an untyped table,
 * `LTSeq<Record<string, unknown>>`) is `any`, so lambdas on untyped tables still compile.
 */
export type Col<T, O extends Ordering = "unordered"> =
  unknown extends T ? any // eslint-disable-line @typescript-eslint/no-explicit-any
  : ColOf<NonNullable<T>, O>;

type ColOf<T, O extends Ordering> =
  [T] extends [string] ? StringCol<O>
  : [T] extends [number] ? NumberCol<O>
  : [T] extends [bigint] ? BigIntCol<O>
  : [T] extends [boolean] ? BoolCol<O>
  : [T] extends [Date] ? DateCol<O>
  : T;

declare const COLUMN: unique symbol;
/** Type-only tag: which column a value of a row is, so `select(r => [r.a, r.b])` knows its columns. */
export interface ColumnName<K> { readonly [COLUMN]?: K }
/** The column names of a `select(r => [...])` list. */
export type ColumnsOf<L> = L extends readonly (infer E)[] ? (E extends ColumnName<infer K> ? K : never) : never;

/**
 * What a lambda's `r` is for rows of type `S` (with sequence operators when `O` is `"ordered"`), plus
 * one member per link: `r.prod.name` on a table linked `{ as: "prod" }` (API.md §9).
 */
export type Row<S, O extends Ordering = "unordered"> =
  { readonly [K in keyof S as K extends typeof LINKS ? never : K]-?: Col<S[K], O> & ColumnName<K> } & LinkRows<LinksOf<S>, O>;

declare const LINKS: unique symbol;
/**
 * Type-only record of a linked table's pointers, link name → target row type. It lives in the row
 * type `S` under a symbol key, so transforms that keep `S`'s keys (filter, derive, sort, rename)
 * keep the links and `select` (which builds a new row type) drops them.
 */
export interface Links<L> { readonly [LINKS]?: L }
type LinksOf<S> = S extends { readonly [LINKS]?: infer L } ? (unknown extends L ? {} : L) : {};
type LinkRows<L, O extends Ordering> = { readonly [A in keyof L & string]: LinkRow<L[A], A, O> };
/** `r.prod`: the target's columns, each named `prod_<col>` in results (so `select(r => [r.prod.name])` gives `prod_name`). */
export type LinkRow<T, A extends string, O extends Ordering = "unordered"> =
  { readonly [K in keyof T & string]-?: Col<T[K], O> & ColumnName<`${A}_${K}`> };

/** Row type without the link record (what a join result is built from). */
type Columns<S> = { [K in keyof S as K extends typeof LINKS ? never : K]: S[K] };
type NullableAll<S> = { [K in keyof S]: S[K] | null };

/**
 * `s.link(target, …, { as: A })`: the source's columns, then `A_<col>` for every target column
 * (`null` where nothing matched, unless `how: "inner"`), and `r.A` in later lambdas.
 */
export type Linked<S, T, A extends string, Inner extends boolean = false> =
  Columns<S> &
  { [K in keyof Columns<T> & string as `${A}_${K}`]: Inner extends true ? T[K] : T[K] | null } &
  Links<LinksOf<S> & { [P in A]: Columns<T> }>;

/** Right-side columns of a join, a name that collides with a left column taking the suffix. */
type Suffixed<S, T, X extends string> = { [K in keyof Columns<T> & string as K extends keyof S ? `${K}${X}` : K]: T[K] };

/** `a.join(b, …, { how, suffix })`: every column of both sides; the outer side's columns become nullable. */
export type Joined<S, T, X extends string, H extends string> =
  (H extends "right" | "full" ? NullableAll<Columns<S>> : Columns<S>) &
  (H extends "left" | "full" ? NullableAll<Suffixed<S, T, X>> : Suffixed<S, T, X>);

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

/** `select(r => ({ ... }))`: the record's fields, plain. */
export type Selected<R> = { [K in keyof R]: Plain<R[K]> };

/** `rename({ old: "new" })`. */
export type Renamed<S, M extends Partial<Record<string, string>>> = {
  [K in keyof S as K extends keyof M ? (M[K] extends string ? M[K] : K) : K]: S[K];
};

/** Flattens intersections for readable hovers. */
export type Simplify<T> = { [K in keyof T]: T[K] } & {};

/**
 * One row type from the element type TypeScript infers for a literal array: `[{ a: 1 }, { a: null }]`
 * infers a union of shapes, merged here into `{ a: number | null }` (a key missing from some rows
 * is `null` there, as `fromRows` fills it).
 */
type AllKeys<U> = U extends unknown ? keyof U : never;
/** `undefined` (a missing key, `note?: undefined` in TypeScript's inference) is stored as NULL. */
type UndefinedAsNull<T> = undefined extends T ? Exclude<T, undefined> | null : T;
export type MergeRows<U> = [U] extends [Record<string, unknown>]
  ? { [K in AllKeys<U>]: UndefinedAsNull<U extends unknown ? (K extends keyof U ? U[K] : null) : never> }
  : U;
