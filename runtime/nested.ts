/**
 * `NestedTable`: a table cut into consecutive groups by `groupOrdered` / `groupWhen` (API.md §6).
 * Rows keep their order; each group has an id (1, 2, … in sequence order) that later filters
 * never recompute, so neighbouring runs never merge.
 */
import { InvalidArgumentError } from "./errors.js";
import { col } from "./expr/build.js";
import { toLambdaTree } from "./expr/parse.js";
import type { Expr } from "./expr/tree.js";
import type { Field } from "./lambda.js";
import { call, type NativeTable } from "./native.js";
import type { Order } from "./order.js";
import type { Plain, Row, Simplify } from "./types.js";

/** Aggregates of one column of a group: `g.price.max()`. */
export interface GroupColumn {
  sum(): number;
  mean(): number;
  min(): number;
  max(): number;
  median(): number;
  std(): number;
  var(): number;
  /** Non-NULL values. */
  count(): number;
  /** Continuous percentile, `p` in [0, 1]. */
  percentile(p: number): number;
}

/** What a group lambda's `g` offers. */
export type Group<S> = { readonly [K in keyof S]-?: GroupColumn } & {
  /** Rows in the group. */
  count(): number;
  first(): Row<S>;
  last(): Row<S>;
  all(predicate: (r: Row<S>) => boolean): boolean;
  any(predicate: (r: Row<S>) => boolean): boolean;
  none(predicate: (r: Row<S>) => boolean): boolean;
};

type GroupValues<D> = Simplify<{ [K in keyof D]: Plain<D[K]> }>;

/** Builds LTSeq results; supplied by ltseq.ts (which owns the LTSeq constructor). */
export interface TableFactory {
  table<T>(plan: NativeTable, order: Order): import("./ltseq.js").LTSeq<T, any>;
}

export function groupFields(arg: unknown, method: string): Field[] {
  const b = toLambdaTree(arg, method, "group").body;
  if (b.kind !== "record") {
    throw new InvalidArgumentError(`${method} expects a group lambda returning an object, e.g. g => ({ n: g.count(), hi: g.price.max() })`);
  }
  return b.fields;
}

function groupPredicate(arg: unknown, method: string): Expr {
  const b = toLambdaTree(arg, method, "group").body;
  if (b.kind === "record" || b.kind === "list") {
    throw new InvalidArgumentError(`${method} expects a group lambda returning a condition, e.g. g => g.count() > 3`);
  }
  return b;
}

/** Rows that open their group (`__rn__ === 1`), as the engine's predicate JSON. */
const OPENS_GROUP = JSON.stringify({ kind: "binary", op: "==", left: col("__rn__"), right: { kind: "lit", value: 1 } });

const cols = (names: readonly string[]): Field[] => names.map((n) => ({ name: n, expr: col(n) }));

export class NestedTable<S> {
  readonly #plan: NativeTable;
  readonly #columns: readonly string[];
  readonly #order: Order;
  readonly #make: TableFactory;
  /** The rows that open a group, without numbering them (only before any filter). */
  readonly #starts: (() => NativeTable) | undefined;

  /**
   * @internal — use `t.groupOrdered(...)` / `t.groupWhen(...)`. `starts` plans the group-opening
   * rows in one flagging pass, which `count()` and `first()` use while no filter has removed groups.
   */
  constructor(plan: NativeTable, columns: readonly string[], order: Order, make: TableFactory, starts?: () => NativeTable) {
    this.#plan = plan;
    this.#columns = columns;
    this.#order = order;
    this.#make = make;
    this.#starts = starts;
  }

  #rows<T>(plan: NativeTable, extra: readonly string[] = [], order: Order = this.#order) {
    return this.#make.table<T>(call(() => plan.project(JSON.stringify(cols([...this.#columns, ...extra])), "[]")), order);
  }

  /**
   * Keeps whole groups whose condition holds; ids are not recomputed.
   * @example t.groupOrdered(r => r.up).filter(g => g.count() > 3)
   */
  filter(predicate: (g: Group<S>) => boolean): NestedTable<S> {
    const p = groupPredicate(predicate, "NestedTable.filter");
    return new NestedTable<S>(call(() => this.#plan.nestedFilter(JSON.stringify(p))), this.#columns, this.#order, this.#make);
  }

  /**
   * Every row plus group values broadcast to it; keeps the declared order.
   * @example .derive(g => ({ runLen: g.count(), start: g.first().date }))
   */
  derive<D extends Record<string, unknown>>(fn: (g: Group<S>) => D): import("./ltseq.js").LTSeq<Simplify<Omit<S, keyof D> & GroupValues<D>>, "ordered"> {
    const fields = groupFields(fn, "NestedTable.derive");
    const plan = call(() => this.#plan.nestedDerive(JSON.stringify(fields)));
    const added = fields.map((f) => f.name).filter((n) => !this.#columns.includes(n));
    return this.#rows(plan, added, this.#order.filter((k) => !(k.expr.kind === "col" && fields.some((f) => f.name === (k.expr as { name: string }).name))));
  }

  /**
   * One row per group, in sequence order.
   * @example .agg(g => ({ n: g.count(), hi: g.price.max(), first: g.first().date }))
   */
  agg<D extends Record<string, unknown>>(fn: (g: Group<S>) => D): import("./ltseq.js").LTSeq<GroupValues<D>, "unordered"> {
    const fields = groupFields(fn, "NestedTable.agg");
    return this.#make.table(call(() => this.#plan.nestedAgg(JSON.stringify(fields))), []);
  }

  /** The first row of each group. */
  first(): import("./ltseq.js").LTSeq<S, "unordered"> {
    if (this.#starts) return this.#make.table(this.#starts(), []);
    const first = call(() => this.#plan.filter(OPENS_GROUP, "[]"));
    return this.#rows(first, [], []);
  }

  /** The last row of each group. */
  last(): import("./ltseq.js").LTSeq<S, "unordered"> {
    const counted = call(() => this.#plan.withGroupCounts());
    const last = call(() => counted.filter(JSON.stringify({ kind: "binary", op: "==", left: col("__rn__"), right: col("__group_count__") }), "[]"));
    return this.#rows(last, [], []);
  }

  /** Rows plus `__group_id__` (1-based), `__group_count__` and `__rn__` (1-based position in the group). */
  flatten(): import("./ltseq.js").LTSeq<Simplify<S & { __group_id__: number; __group_count__: number; __rn__: number }>, "ordered"> {
    return this.#rows(call(() => this.#plan.withGroupCounts()), ["__group_id__", "__group_count__", "__rn__"]);
  }

  /** Number of groups: rows that open one, counted in one streaming pass. */
  async count(): Promise<number> {
    if (this.#starts) return this.#make.table(this.#starts(), []).count();
    const starts = call(() => this.#plan.filter(OPENS_GROUP, "[]"));
    return this.#make.table(starts, []).count();
  }
}

/** `t.groupBy(keys)`: waits for `.agg(g => ...)`. `K` is the row type of the key columns. */
export class GroupBy<S, K = Record<string, unknown>> {
  readonly #plan: NativeTable;
  readonly #keys: Field[];
  readonly #order: Order;
  readonly #make: TableFactory;

  /** @internal — use `t.groupBy(...)`. */
  constructor(plan: NativeTable, keys: Field[], order: Order, make: TableFactory) {
    this.#plan = plan;
    this.#keys = keys;
    this.#order = order;
    this.#make = make;
  }

  /**
   * One row per key: the key columns, then the aggregates. Clears the declared order.
   * @example t.groupBy(r => r.region).agg(g => ({ total: g.amount.sum(), n: g.count() }))
   */
  agg<D extends Record<string, unknown>>(fn: (g: Group<S>) => D): import("./ltseq.js").LTSeq<Simplify<K & GroupValues<D>>, "unordered"> {
    const fields = groupFields(fn, "agg");
    const plan = call(() => this.#plan.groupBy(JSON.stringify(this.#keys), JSON.stringify(fields), JSON.stringify(this.#order)));
    return this.#make.table(plan, []);
  }
}
