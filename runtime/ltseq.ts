import { inspect } from "node:util";
import type { RecordBatch, Table } from "apache-arrow";
import { arrowToRows, fromIpc } from "./arrow.js";
import { ColumnNotFoundError, InvalidArgumentError } from "./errors.js";
import { asofSpec, equiKeys, joinOptions, linkOptions, setKeys, type AsofOptions, type JoinHow, type JoinOptions, type LinkOptions } from "./joins.js";
import { col } from "./expr/build.js";
import { toLambdaTree } from "./expr/parse.js";
import { count, exprOf, fieldsOf, keyColumns, names, selectionOf, sortKeysOf, type Field } from "./lambda.js";
import { batches, call, callAsync, type NativeTable } from "./native.js";
import { afterDerive, afterProjection, afterRename, describeOrder, type Order } from "./order.js";
import { GroupBy, NestedTable, type Group, type TableFactory } from "./nested.js";
import { describeTable, formatTable } from "./show.js";
import * as src from "./sources.js";
import { pivotPlan, type PivotAgg, type PivotOptions, type Pivoted } from "./pivot.js";
import type {
  ColumnsOf, ColumnType, Derived, Joined, Linked, MergeRows, Ordering, Plain, Renamed, Row, Schema, Selected, Simplify, SortDirection, SortKeyInfo,
} from "./types.js";

type Lambda<S, O extends Ordering, R> = (r: Row<S, O>) => R;
type SortArg<S, O extends Ordering> = string | Lambda<S, O, unknown>;
type SortOptions = { desc?: boolean | boolean[] };
type Rows = readonly Record<string, unknown>[];

/** A parameter only an ordered table accepts: `never` until `sort`/`assumeSorted` declared an order. */
type OrderedOnly<O extends Ordering, T> = O extends "ordered" ? T : never;
/** Type-only brand making `LTSeq<S, "unordered">` not assignable to `LTSeq<S, "ordered">`. */
declare const ORDER: unique symbol;

/**
 * An immutable, lazy, ordered table. Transforms return new tables; only terminal methods
 * (`collect`, `count`, `show`, `toArrow`, `stream`, `write*`, `explain`) run the query.
 *
 * @example
 * const t = LTSeq.fromRows([{ sym: "A", price: 10 }, { sym: "B", price: 12 }]);
 * await t.filter(r => r.price > 11).collect();   // [{ sym: "B", price: 12 }]
 */
export class LTSeq<S = Record<string, unknown>, O extends Ordering = "unordered"> {
  /** Never set: records at the type level whether an order was declared (see {@link Ordering}). */
  declare readonly [ORDER]?: O extends "ordered" ? true : boolean;
  readonly #plan: NativeTable;
  readonly #order: Order;
  #schema?: Schema;
  #columns?: string[];

  private constructor(plan: NativeTable, order: Order = []) {
    this.#plan = plan;
    this.#order = order;
  }

  // ---- sources (API.md §1) ----

  /** `await LTSeq.readCsv<Trade>("trades.csv")` — types inferred unless `{ schema }` declares them. */
  static async readCsv<S = Record<string, unknown>>(path: string, options?: src.CsvOptions): Promise<LTSeq<S>> {
    return new LTSeq<S>(await src.readCsv(path, options));
  }
  /** `await LTSeq.readParquet<Trade>("trades.parquet")` — a lazy scan. */
  static async readParquet<S = Record<string, unknown>>(path: string, options?: src.FileOptions): Promise<LTSeq<S>> {
    return new LTSeq<S>(await src.readParquet(path, options));
  }
  /** `await LTSeq.readJson("events.ndjson")` — newline-delimited JSON. */
  static async readJson<S = Record<string, unknown>>(path: string, options?: src.FileOptions): Promise<LTSeq<S>> {
    return new LTSeq<S>(await src.readJson(path, options));
  }
  /** `LTSeq.fromRows([{ a: 1 }, { a: 2 }])` — integer-only number columns are int64, others float64. */
  static fromRows<S extends object>(rows: readonly S[], options?: { schema?: Record<string, ColumnType> }): LTSeq<MergeRows<S>> {
    return new LTSeq<MergeRows<S>>(src.fromRows(rows as Rows, options?.schema));
  }
  /** `LTSeq.fromColumns({ a: [1, 2], b: ["x", "y"] })`. */
  static fromColumns<C extends Record<string, readonly unknown[]>>(
    columns: C, options?: { schema?: Record<string, ColumnType> },
  ): LTSeq<{ [K in keyof C]: C[K][number] }> {
    return new LTSeq(src.fromColumns(columns, options?.schema));
  }
  /** From an apache-arrow `Table`. */
  static fromArrow<S = Record<string, unknown>>(table: Table): LTSeq<S> {
    return new LTSeq<S>(src.fromArrow(table));
  }
  /** `LTSeq.range(3)` → value 0, 1, 2; `range(start, stop, step)` as in Python. */
  static range(start: number, stop?: number, step?: number): LTSeq<{ value: number }> {
    return new LTSeq(src.range(start, stop, step));
  }

  /** The declared order as the engine takes it (sequence operators follow it). */
  get #orderJson(): string { return JSON.stringify(this.#order); }

  #next<T, P extends Ordering = O>(plan: NativeTable, order: Order = this.#order): LTSeq<T, P> {
    return new LTSeq<T, P>(plan, order);
  }

  // ---- metadata (sync) ----

  /** `{ price: "float64", sym: "utf8", ... }`; an object lists integer-like names ("2023") first, `columns` keeps the order. */
  get schema(): Schema {
    if (!this.#schema) {
      const cols = JSON.parse(call(() => this.#plan.columns())) as { name: string; type: ColumnType }[];
      this.#schema = Object.fromEntries(cols.map((c) => [c.name, c.type]));
      this.#columns = cols.map((c) => c.name);
    }
    return this.#schema;
  }
  /** Column names in the table's order. */
  get columns(): string[] { void this.schema; return [...this.#columns!]; }
  /** The declared order, `[{ column, desc }]`; empty when none is declared. */
  get sortKeys(): SortKeyInfo[] { return describeOrder(this.#order); }

  // ---- relational transforms (API.md §3) ----

  /** Keeps rows where the predicate is true (NULL counts as false). Keeps the declared order. */
  filter(predicate: Lambda<S, O, boolean>): LTSeq<S, O> {
    const p = exprOf(predicate, "filter");
    return this.#next(call(() => this.#plan.filter(JSON.stringify(p), this.#orderJson)));
  }

  /** `select("a", "b")`, `select(r => [r.a, r.b])` or `select(r => ({ who: r.name, next: r.age + 1 }))`. */
  select<K extends keyof S & string>(...columns: K[]): LTSeq<Simplify<Pick<S, K>>, O>;
  select<R extends Record<string, unknown>>(fn: Lambda<S, O, R>): LTSeq<Simplify<Selected<R>>, O>;
  select<L extends readonly unknown[]>(fn: Lambda<S, O, L>): LTSeq<Simplify<Pick<S, ColumnsOf<L> & keyof S>>, O>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  select(...args: any[]): any {
    return this.#project(selectionOf(args));
  }

  #project<T>(fields: Field[]): LTSeq<T, O> {
    const plan = call(() => this.#plan.project(JSON.stringify(fields), this.#orderJson));
    const unchanged = new Set(fields.filter((f) => f.expr.kind === "col" && f.expr.name === f.name).map((f) => f.name));
    return this.#next(plan, afterProjection(this.#order, unchanged));
  }

  /** Adds or replaces columns; every expression sees the input row. */
  derive<D extends Record<string, unknown>>(fn: Lambda<S, O, D>): LTSeq<Simplify<Derived<S, D>>, O> {
    const added = fieldsOf(fn, "derive");
    const byName = new Map(added.map((f) => [f.name, f]));
    const fields: Field[] = this.columns.map((c) => byName.get(c) ?? { name: c, expr: col(c) });
    for (const f of added) if (!this.schema[f.name]) fields.push(f);
    const plan = call(() => this.#plan.project(JSON.stringify(fields), this.#orderJson));
    return this.#next(plan, afterDerive(this.#order, new Set(byName.keys())));
  }

  /** Sorts (stable for equal keys is not promised) and declares the order. NULLs last ascending, first descending. */
  sort(...keys: [...SortArg<S, O>[], SortOptions] | SortArg<S, O>[] | [Lambda<S, O, unknown[] | SortDirection>]): LTSeq<S, "ordered"> {
    const k = sortKeysOf(keys, "sort");
    return this.#next(call(() => this.#plan.sort(JSON.stringify(k))), k);
  }

  /** Declares that rows already are in this order, without sorting. */
  assumeSorted(...keys: [...SortArg<S, O>[], SortOptions] | SortArg<S, O>[] | [Lambda<S, O, unknown[] | SortDirection>]): LTSeq<S, "ordered"> {
    const k = sortKeysOf(keys, "assumeSorted");
    // A plan node stating the order, so the engine streams ordered work instead of re-sorting.
    return this.#next(call(() => this.#plan.assumeSorted(JSON.stringify(k))), k);
  }

  /**
   * Whether the declared order starts with these keys (directions from `{ desc }`, default
   * ascending). Reads the declaration only; it does not scan the data.
   * @example t.sort("sym", "date").isSortedBy("sym")   // true
   */
  isSortedBy(...keys: [...string[], SortOptions] | string[]): boolean {
    const want = sortKeysOf(keys, "isSortedBy");
    return want.length <= this.#order.length &&
      want.every((k, i) => k.desc === this.#order[i].desc && JSON.stringify(k.expr) === JSON.stringify(this.#order[i].expr));
  }

  /**
   * Running totals of number columns, added as `<column>_cumsum` in the declared order.
   * @example t.sort("date").cumSum("volume")   // adds volume_cumsum
   */
  cumSum<K extends keyof S & string>(...columns: OrderedOnly<O, K[]>): LTSeq<Simplify<S & { [P in K as `${P}_cumsum`]: number }>, O> {
    const cols = names(columns, "cumSum");
    for (const c of cols) if (!(c in this.schema)) throw ColumnNotFoundError.of(c, this.columns, "cumSum");
    const added: Field[] = cols.map((c) => ({ name: `${c}_cumsum`, expr: { kind: "window", fn: "cumSum", args: [col(c)] } }));
    const fields: Field[] = this.columns.map((c) => ({ name: c, expr: col(c) }));
    for (const f of added) {
      const i = fields.findIndex((x) => x.name === f.name);
      if (i >= 0) fields[i] = f; else fields.push(f);
    }
    return this.#next(call(() => this.#plan.project(JSON.stringify(fields), this.#orderJson)));
  }

  /** Builds result tables for NestedTable/GroupBy, which cannot call the private constructor. */
  static readonly #factory: TableFactory = { table: (plan, order) => new LTSeq(plan, order) };

  /**
   * Cuts the sequence into runs: a new group wherever the key differs from the previous row's
   * (NULL equals NULL). Needs a declared order.
   * @example t.sort("date").groupOrdered(r => r.price > r.price.shift(1)).filter(g => g.count() > 3)
   */
  groupOrdered(key: OrderedOnly<O, Lambda<S, O, unknown>>): NestedTable<S> {
    const k = exprOf(key, "groupOrdered");
    const starts = () => call(() => this.#plan.groupStarts(JSON.stringify(k), false, this.#orderJson));
    return new NestedTable<S>(call(() => this.#plan.groupOrdered(JSON.stringify(k), this.#orderJson)), this.columns, this.#order, LTSeq.#factory, starts);
  }

  /**
   * A new group starts at each row where the predicate holds (the first row always starts one).
   * @example t.sort("user", "t").groupWhen(r => r.user !== r.user.shift(1) || r.t - r.t.shift(1) > 1800)
   */
  groupWhen(predicate: OrderedOnly<O, Lambda<S, O, boolean>>): NestedTable<S> {
    const p = exprOf(predicate, "groupWhen");
    const starts = () => call(() => this.#plan.groupStarts(JSON.stringify(p), true, this.#orderJson));
    return new NestedTable<S>(call(() => this.#plan.groupWhen(JSON.stringify(p), this.#orderJson)), this.columns, this.#order, LTSeq.#factory, starts);
  }

  /**
   * Groups by key columns (names or `r => r.region` / `r => [r.a, r.b]`); finish with `.agg(g => …)`.
   */
  groupBy<K extends keyof S & string>(...keys: K[]): GroupBy<S, Pick<S, K>>;
  groupBy(...keys: ((keyof S & string) | Lambda<S, O, unknown>)[]): GroupBy<S>;
  groupBy(...keys: (string | Lambda<S, O, unknown>)[]): GroupBy<S, unknown> {
    const fields: Field[] = keys.flatMap((k): Field[] => {
      if (typeof k === "string") return [{ name: k, expr: col(k) }];
      const b = toLambdaTree(k, "groupBy").body;
      if (b.kind === "record") return b.fields;
      const items = b.kind === "list" ? b.items : [b];
      return items.map((e, i) => ({ name: e.kind === "col" ? e.name : items.length > 1 ? `key${i + 1}` : "key", expr: e }));
    });
    if (fields.length === 0) throw new InvalidArgumentError("groupBy needs at least one key");
    return new GroupBy<S>(this.#plan, fields, this.#order, LTSeq.#factory);
  }

  /** Aggregates the whole table into one row: `t.agg(g => ({ total: g.amount.sum() }))`. */
  agg<D extends Record<string, unknown>>(fn: (g: Group<S>) => D): LTSeq<Simplify<{ [K in keyof D]: Plain<D[K]> }>, "unordered"> {
    return new GroupBy<S, {}>(this.#plan, [], this.#order, LTSeq.#factory).agg(fn) as never;
  }

  /**
   * Long to wide: one row per index, one column per distinct `columns` value (ascending), cells
   * `agg` of `values`. Reads the distinct values now (a blocking scan) unless `columnValues` lists them.
   * @example t.pivot({ index: "region", columns: "year", values: "amount", agg: "sum" })
   */
  pivot<I extends keyof S & string, V extends keyof S & string, A extends PivotAgg>(options: PivotOptions<S, I, V, A>): LTSeq<Pivoted<S, I, V, A>> {
    return this.#next(pivotPlan(this.#plan, this.columns, options), []);
  }

  /**
   * Rows `i` where step `k` holds at row `i + k`, for every step, within one partition (a match
   * never crosses a partition boundary). Keeps the declared order; `.count()` counts matches
   * without materialising them.
   * @example t.sort("user", "t").searchPattern([r => r.url === "/a", r => r.url === "/b"], { partitionBy: "user" })
   */
  searchPattern(
    steps: OrderedOnly<O, Lambda<S, O, boolean>[]>,
    options: { partitionBy?: (keyof S & string) | (keyof S & string)[] } = {},
  ): LTSeq<S, O> {
    if (!Array.isArray(steps) || steps.length === 0) {
      throw new InvalidArgumentError("searchPattern needs a non-empty array of step lambdas, e.g. [r => r.url === \"/a\", r => r.url === \"/b\"]");
    }
    const pb = options.partitionBy === undefined ? [] : Array.isArray(options.partitionBy) ? options.partitionBy : [options.partitionBy];
    for (const c of pb) if (typeof c !== "string" || !(c in this.schema)) throw ColumnNotFoundError.of(String(c), this.columns, "searchPattern partitionBy");
    const trees = (steps as unknown[]).map((step, k) => exprOf(step, `searchPattern step ${k + 1}`));
    // One PatternSearch plan node: a streaming pass over each partition in the declared order.
    return this.#next(call(() => this.#plan.searchPattern(JSON.stringify(trees), pb, this.#orderJson)));
  }

  /** The first row, in the current order, where the predicate holds (0 or 1 row). */
  searchFirst(predicate: Lambda<S, O, boolean>): LTSeq<S, O> {
    return this.filter(predicate).head(1);
  }

  distinct(...keys: (string | Lambda<S, O, unknown>)[]): LTSeq<S> {
    const cols = keys.length === 0 ? undefined : keyColumns(keys, "distinct");
    return this.#next(call(() => this.#plan.distinct(cols, this.#orderJson)), []);
  }

  /** Rows [offset, offset + length). */
  slice(offset: number, length?: number): LTSeq<S, O> {
    count(offset, "slice", "offset");
    if (length !== undefined) count(length, "slice", "length");
    return this.#next(call(() => this.#plan.limit(offset, length)));
  }
  head(n = 10): LTSeq<S, O> { return this.slice(0, count(n, "head", "n")); }
  tail(n = 10): LTSeq<S, O> {
    count(n, "tail", "n");
    return this.#next(call(() => this.#plan.tail(n, this.#orderJson)));
  }

  /** `rename({ old: "new" })`; the declared order follows. */
  rename<const M extends Partial<Record<keyof S & string, string>>>(mapping: M): LTSeq<Simplify<Renamed<S, M>>, O> {
    if (typeof mapping !== "object" || mapping === null) throw new InvalidArgumentError("rename expects an object { old: \"new\" }");
    const m = mapping as Record<string, string>;
    for (const [from, to] of Object.entries(m)) {
      if (!(from in this.schema)) throw ColumnNotFoundError.of(from, this.columns, "rename");
      if (typeof to !== "string" || to === "") throw new InvalidArgumentError(`rename: new name for "${from}" must be a non-empty string`);
    }
    const fields = this.columns.map((c) => ({ name: m[c] ?? c, expr: col(c) }));
    return this.#next(call(() => this.#plan.project(JSON.stringify(fields), this.#orderJson)), afterRename(this.#order, m));
  }

  /** Removes columns (unknown names are an error listing the available ones). */
  drop<K extends keyof S & string>(...columns: K[]): LTSeq<Simplify<Omit<S, K>>, O> {
    const gone = new Set(names(columns, "drop"));
    for (const g of gone) if (!(g in this.schema)) throw ColumnNotFoundError.of(g, this.columns, "drop");
    return this.#project(this.columns.filter((c) => !gone.has(c)).map((c) => ({ name: c, expr: col(c) })));
  }

  /** Rows of this table then rows of `other`, matched by column name. Clears the declared order. */
  union(other: LTSeq<S, Ordering>): LTSeq<S> {
    return this.#next(call(() => this.#plan.union(other.#plan)), []);
  }
  /** Rows whose key (`on`: a column, columns, or `(a, b) => a.id === b.id`; default all columns) occurs in `other`. */
  intersect<T>(other: LTSeq<T, Ordering>, on?: string | string[] | ((a: Row<S>, b: Row<T>) => boolean)): LTSeq<S> {
    return this.#semi(other, on, false, "intersect");
  }
  /** Rows whose key does not occur in `other`. */
  except<T>(other: LTSeq<T, Ordering>, on?: string | string[] | ((a: Row<S>, b: Row<T>) => boolean)): LTSeq<S> {
    return this.#semi(other, on, true, "except");
  }
  #semi<T>(other: LTSeq<T, Ordering>, on: unknown, anti: boolean, method: string): LTSeq<S> {
    if (!(other instanceof LTSeq)) throw new InvalidArgumentError(`${method} expects another LTSeq`);
    const keys = on === undefined ? undefined : setKeys(on, method);
    return this.#next(call(() => this.#plan.semi(other.#plan, keys, anti)), []);
  }

  // ---- links and joins (API.md §9; runtime/joins.ts) ----

  /**
   * A many-to-one pointer: `r.prod.<col>` in later lambdas, `prod_<col>` in results. The target key
   * must be unique; every source row is kept once, in order (`prod` null where nothing matches,
   * unless `how: "inner"`); only the target columns a query touches are read.
   * @example orders.link(products, (o, p) => o.productId === p.id, { as: "prod" }).select(r => [r.id, r.prod.name])
   */
  link<T, const A extends string, H extends "left" | "inner" = "left">(
    target: LTSeq<T, Ordering>, on: (s: Row<S, O>, t: Row<T>) => boolean, options: LinkOptions<A> & { how?: H },
  ): LTSeq<Simplify<Linked<S, T, A, H extends "inner" ? true : false>>, O> {
    const k = equiKeys(on, "link");
    const { alias, inner } = linkOptions(options);
    return this.#next(call(() => this.#plan.link(LTSeq.#planOf(target, "link"), k.left, k.right, alias, inner)));
  }
  /** Rows with a match in `other` (`(a, b) => a.id === b.id`), each once, in order. */
  semiJoin<T>(other: LTSeq<T, Ordering>, on: (a: Row<S, O>, b: Row<T>) => boolean): LTSeq<S, O> {
    const k = equiKeys(on, "semiJoin");
    return this.#next(call(() => this.#plan.semiJoin(LTSeq.#planOf(other, "semiJoin"), k.left, k.right, false)));
  }
  /** Rows without a match in `other` (NULL keys never match, so they are kept), in order. */
  antiJoin<T>(other: LTSeq<T, Ordering>, on: (a: Row<S, O>, b: Row<T>) => boolean): LTSeq<S, O> {
    const k = equiKeys(on, "antiJoin");
    return this.#next(call(() => this.#plan.semiJoin(LTSeq.#planOf(other, "antiJoin"), k.left, k.right, true)));
  }
  /** An equality join; colliding right-side names get `suffix` (default `_right`). Clears the declared order. */
  join<T, H extends JoinHow = "inner", const X extends string = "_right">(
    other: LTSeq<T, Ordering>, on: (a: Row<S, O>, b: Row<T>) => boolean, options?: JoinOptions<X> & { how?: H },
  ): LTSeq<Simplify<Joined<S, T, X, H>>> {
    const k = equiKeys(on, "join");
    const o = joinOptions(options);
    return this.#next(call(() => this.#plan.join(LTSeq.#planOf(other, "join"), k.left, k.right, o.how, o.suffix)), []);
  }
  /**
   * For each left row, the last right row at or before it (`>=`; `>` strictly before), the first
   * at or after (`<=`, `<`), or the nearest (`strategy: "nearest"`), within equal `by` columns.
   * @example trades.asofJoin(quotes, (t, q) => t.time >= q.time, { by: "symbol" })
   */
  asofJoin<T, const X extends string = "_right">(
    other: LTSeq<T, Ordering>, on: (a: Row<S, O>, b: Row<T>) => boolean, options?: AsofOptions<X>,
  ): LTSeq<Simplify<Joined<S, T, X, "left">>> {
    const spec = JSON.stringify(asofSpec(on, options));
    return this.#next(call(() => this.#plan.asofJoin(LTSeq.#planOf(other, "asofJoin"), spec)), []);
  }
  static #planOf(t: unknown, method: string): NativeTable {
    if (!(t instanceof LTSeq)) throw new InvalidArgumentError(`${method} expects another LTSeq as its first argument`);
    return t.#plan;
  }

  // ---- terminal methods (API.md §2) ----

  /** All rows as plain objects. */
  async collect(): Promise<S[]> { return arrowToRows<S>(await this.toArrow()); }
  async toArrow(): Promise<Table> { return fromIpc(await callAsync(() => this.#plan.collect())); }
  async count(): Promise<number> { return callAsync(() => this.#plan.count()); }

  /** Prints the first `n` rows as an aligned table and returns the text. */
  async show(n = 10): Promise<string> {
    count(n, "show", "n");
    const t = await this.slice(0, n + 1).toArrow();
    const text = formatTable(t.numRows > n ? t.slice(0, n) : t, this.schema, t.numRows > n);
    console.log(text);
    return text;
  }

  /** Arrow record batches as the engine produces them; `break` stops the query. */
  stream(): AsyncGenerator<RecordBatch> { return batches(() => this.#plan.stream()); }

  async writeCsv(path: string): Promise<void> { return this.#write(path, "csv"); }
  async writeJson(path: string): Promise<void> { return this.#write(path, "json"); }
  async writeParquet(path: string, options?: { compression?: "uncompressed" | "snappy" | "gzip" | "lz4" | "zstd" | "brotli" }): Promise<void> {
    return this.#write(path, "parquet", options?.compression);
  }
  async #write(path: string, format: string, compression?: string): Promise<void> {
    if (typeof path !== "string" || path === "") throw new InvalidArgumentError(`write${format}: path must be a non-empty string`);
    return callAsync(() => this.#plan.write(path, format, compression));
  }

  /** The optimised logical plan and the physical plan, as text. */
  async explain(): Promise<string> { return callAsync(() => this.#plan.explain()); }
  /** The query as SQL text. */
  toSql(): string { return call(() => this.#plan.toSql()); }

  [inspect.custom](): string { return describeTable(this.schema, this.sortKeys, this.columns); }
  toString(): string { return describeTable(this.schema, this.sortKeys, this.columns); }
}
