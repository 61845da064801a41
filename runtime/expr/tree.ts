/**
 * The expression-tree format: what a lambda becomes, whether lowered at build time by the
 * transformer or at run time by the acorn fallback. It is plain JSON, mirrored by serde types in
 * `native/core/src/tree.rs`; golden fixtures under `test/fixtures/expr/` are read by both sides.
 *
 * Bump {@link TREE_VERSION} on any incompatible change: the native side refuses other versions.
 */
export const TREE_VERSION = 1 as const;

/** Literal types the engine understands. `undefined` type = infer (integer → int64, else float64). */
export type LitType = "int64" | "float64" | "utf8" | "bool" | "date32" | "timestamp" | "null";

export type BinaryOp =
  | "+" | "-" | "*" | "/" | "%"
  | "==" | "!=" | "<" | "<=" | ">" | ">="
  | "&&" | "||";

export type UnaryOp = "-" | "!";

/**
 * A column of the row: `r.age` → `{ kind: "col", name: "age" }`.
 * - In a two-table lambda (`(a, b) => a.id === b.id`, joins and links) `input` says which
 *   parameter's table the column belongs to: omitted for the first, `1` for the second.
 * - A pointer path through a link (`r.prod.name`, API.md §9) carries the link's name: `{ name: "name",
 *   link: "prod" }`; the runtime reads it as the linked table's column `prod_name`.
 */
export interface ColNode { kind: "col"; name: string; input?: number; link?: string }

/**
 * A constant. JSON cannot carry every JS value, so dates travel as epoch milliseconds with
 * `type: "timestamp"` (or days with `"date32"`) and integers beyond 2^53 as decimal strings with
 * `type: "int64"`. Build them with `lit()` from `./build.js`, which does these conversions.
 */
export interface LitNode { kind: "lit"; value: null | boolean | number | string; type?: LitType }

export interface UnaryNode { kind: "unary"; op: UnaryOp; arg: Expr }

/** `===`/`==` both become `==` (and `!==`/`!=` become `!=`): columns carry no JS coercions. */
export interface BinaryNode { kind: "binary"; op: BinaryOp; left: Expr; right: Expr }

/** `test ? then : else`, and each branch of `when(...).otherwise(...)` (nested). */
export interface CondNode { kind: "cond"; test: Expr; then: Expr; else: Expr }

/**
 * A function from the method registry (`runtime/expr/registry.ts`), receiver first:
 * `r.name.startsWith("A")` → `{ kind: "call", fn: "startsWith", args: [col name, lit "A"] }`.
 */
export interface CallNode { kind: "call"; fn: string; args: Expr[] }

/** Sequence (window) functions; see {@link WindowNode}. */
export type WindowFn =
  | "shift" | "diff" | "pctChange"
  | "rolling.mean" | "rolling.sum" | "rolling.min" | "rolling.max" | "rolling.count" | "rolling.std"
  | "cumSum" | "cumMax" | "cumMin"
  | "rowNumber" | "rank" | "denseRank" | "ntile";

/** A sort key inside a tree: `r.date.desc()` → `{ expr: col date, desc: true }`. */
export interface SortKeyNode { expr: Expr; desc: boolean }

/**
 * A sequence operator, evaluated over the table's declared order (API.md §5):
 * - `r.x.shift(n, { default, partitionBy })` → fn "shift", args [x, lit n], default?
 * - `r.x.diff(n)`, `r.x.pctChange(n)` → args [x, lit n] (n defaults to 1)
 * - `r.x.rolling(w, { partitionBy }).mean()` → fn "rolling.mean", args [x, lit w]
 * - `r.x.cumSum({ partitionBy })` → fn "cumSum", args [x]
 * - `rowNumber().over({ partitionBy, orderBy })` → fn "rowNumber", args [], orderBy?;
 *   `ntile(n)` → args [lit n]. Without `orderBy`, ranking follows the declared order.
 * Window results compose: the receiver may itself be a window node (a rolling mean of a diff);
 * the engine stages them.
 */
export interface WindowNode {
  kind: "window";
  fn: WindowFn;
  args: Expr[];
  partitionBy?: Expr[];
  orderBy?: SortKeyNode[];
  default?: Expr;
}

/** Aggregates over a group of rows (API.md §6, §8); see {@link AggNode}. */
export type AggFn =
  | "count" | "first" | "last"
  | "sum" | "mean" | "min" | "max" | "median" | "std" | "var" | "percentile"
  | "all" | "any" | "none";

/**
 * A group expression, in group lambdas `g => …` (NestedTable.filter/derive/agg, groupBy().agg,
 * t.agg):
 * - `g.count()` → fn "count", args [] (rows in the group)
 * - `g.first().price` / `g.last().price` → fn "first"/"last", args [col price]
 * - `g.price.sum()` (mean, min, max, median, std, var, count) → args [col price]; `count` with a
 *   column counts its non-NULL values
 * - `g.price.percentile(0.9)` → fn "percentile", args [col price, lit 0.9]
 * - `g.all(r => r.price > 0)` (any, none) → args [the row predicate]
 * Aggregates combine with ordinary arithmetic and logic: `g.count() > 3 && g.first().p < g.last().p`.
 */
export interface AggNode {
  kind: "agg";
  fn: AggFn;
  args: Expr[];
}

export type Expr = ColNode | LitNode | UnaryNode | BinaryNode | CondNode | CallNode | WindowNode | AggNode;

/** `r => [r.a, r.b]` */
export interface ListBody { kind: "list"; items: Expr[] }
/** `r => ({ x: ..., y: ... })` — field order is output column order. */
export interface RecordBody { kind: "record"; fields: { name: string; expr: Expr }[] }

export type Body = Expr | ListBody | RecordBody;

/** A whole lambda. Methods accept this (compiled code) or a plain function (the fallback). */
export interface LambdaTree {
  kind: "lambda";
  version: typeof TREE_VERSION;
  params: string[];
  body: Body;
}

export type ExprKind = Expr["kind"];

export function isLambdaTree(x: unknown): x is LambdaTree {
  return typeof x === "object" && x !== null && (x as { kind?: unknown }).kind === "lambda";
}
