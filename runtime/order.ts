/**
 * Declared order: which transforms keep, trim or clear it (API.md §12, docs/ordering.md).
 * The order is a list of sort keys; only keys over columns that still exist unchanged survive.
 */
import { columnsOf } from "./expr/build.js";
import type { SortKey } from "./lambda.js";
import type { SortKeyInfo } from "./types.js";

export type Order = readonly SortKey[];

/** The longest prefix of keys whose columns all satisfy `keep`. */
function prefix(order: Order, keep: (column: string) => boolean): Order {
  const out: SortKey[] = [];
  for (const k of order) {
    if (![...columnsOf(k.expr)].every(keep)) break;
    out.push(k);
  }
  return out;
}

/** select/drop: keys survive while their columns are kept under the same name, unchanged. */
export function afterProjection(order: Order, kept: ReadonlySet<string>): Order {
  return prefix(order, (c) => kept.has(c));
}

/** derive: a key survives until the first key whose column is overwritten. */
export function afterDerive(order: Order, overwritten: ReadonlySet<string>): Order {
  return prefix(order, (c) => !overwritten.has(c));
}

/** rename: keys follow their columns' new names. */
export function afterRename(order: Order, mapping: Readonly<Record<string, string>>): Order {
  const rename = (e: SortKey["expr"]): SortKey["expr"] => {
    switch (e.kind) {
      case "col": return mapping[e.name] ? { kind: "col", name: mapping[e.name] } : e;
      case "lit": return e;
      case "unary": return { ...e, arg: rename(e.arg) };
      case "binary": return { ...e, left: rename(e.left), right: rename(e.right) };
      case "cond": return { ...e, test: rename(e.test), then: rename(e.then), else: rename(e.else) };
      case "call": return { ...e, args: e.args.map(rename) };
      case "window":
        return {
          ...e,
          args: e.args.map(rename),
          partitionBy: e.partitionBy?.map(rename),
          orderBy: e.orderBy?.map((k) => ({ expr: rename(k.expr), desc: k.desc })),
          default: e.default && rename(e.default),
        };
      case "agg": return { ...e, args: e.args.map(rename) };
    }
  };
  return order.map((k) => ({ expr: rename(k.expr), desc: k.desc }));
}

/** Public view: `[{ column, desc }]`; a computed key shows as a short expression, e.g. `length(name)`. */
export function describeOrder(order: Order): SortKeyInfo[] {
  return order.map((k) => ({ column: exprText(k.expr), desc: k.desc }));
}

/** Compact text of a tree for messages and `sortKeys`: `(price * qty)`, `length(name)`. */
export function exprText(e: SortKey["expr"]): string {
  switch (e.kind) {
    case "col": return e.name;
    case "lit": return JSON.stringify(e.value);
    case "unary": return `${e.op}${exprText(e.arg)}`;
    case "binary": return `(${exprText(e.left)} ${e.op} ${exprText(e.right)})`;
    case "cond": return `(${exprText(e.test)} ? ${exprText(e.then)} : ${exprText(e.else)})`;
    case "call": case "window": case "agg": return `${e.fn}(${e.args.map(exprText).join(", ")})`;
  }
}
