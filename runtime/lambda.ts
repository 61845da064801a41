/**
 * From a method's lambda argument (a compiled tree or a plain function) to the shapes the native
 * plan builder takes: a predicate, a list of output fields, sort keys.
 */
import { InvalidArgumentError } from "./errors.js";
import { col } from "./expr/build.js";
import { toLambdaTree } from "./expr/parse.js";
import type { Body, Expr } from "./expr/tree.js";

export interface Field { name: string; expr: Expr }
export interface SortKey { expr: Expr; desc: boolean }

function body(arg: unknown, method: string): Body {
  return toLambdaTree(arg, method).body;
}

/** `filter(r => ...)`: one expression. */
export function exprOf(arg: unknown, method: string): Expr {
  const b = body(arg, method);
  if (b.kind === "list" || b.kind === "record") {
    throw new InvalidArgumentError(`${method} expects a lambda returning one expression, not ${b.kind === "list" ? "an array" : "an object"}`);
  }
  return b;
}

/** `derive(r => ({ a: ... }))`: named expressions, in order. */
export function fieldsOf(arg: unknown, method: string): Field[] {
  const b = body(arg, method);
  if (b.kind !== "record") {
    throw new InvalidArgumentError(`${method} expects a lambda returning an object of new columns, e.g. r => ({ total: r.price * r.qty })`);
  }
  return b.fields;
}

/**
 * `select(...)`: column names, `r => [r.a, r.b]` (column references only, API.md §12), or
 * `r => ({ name: expr })`.
 */
export function selectionOf(args: unknown[]): Field[] {
  if (args.length === 1 && typeof args[0] !== "string") {
    const b = body(args[0], "select");
    if (b.kind === "record") return b.fields;
    const items = b.kind === "list" ? b.items : [b];
    return items.map((e) => {
      if (e.kind !== "col") {
        throw new InvalidArgumentError(
          "select(r => [...]) takes column references only; name computed values with the object form, e.g. select(r => ({ next: r.age + 1 }))",
        );
      }
      return { name: e.name, expr: e };
    });
  }
  return names(args, "select").map((n) => ({ name: n, expr: col(n) }));
}

/** Column-name arguments (`drop("a", "b")`), checked to be strings. */
export function names(args: unknown[], method: string): string[] {
  if (args.length === 0) throw new InvalidArgumentError(`${method} needs at least one column name`);
  return args.map((a, i) => {
    if (typeof a !== "string") {
      throw new InvalidArgumentError(`${method}: argument ${i + 1} must be a column name (string), got ${typeof a}`);
    }
    return a;
  });
}

/**
 * Sort keys from `sort(r => r.date)`, `sort(r => [r.sym, r.date.desc()])`, `sort("sym", "date")`,
 * `sort("date", { desc: true })` or `{ desc: [false, true] }`.
 */
export function sortKeysOf(args: unknown[], method: string): SortKey[] {
  let opts: { desc?: boolean | boolean[] } | undefined;
  const last = args[args.length - 1];
  if (args.length > 1 && typeof last === "object" && last !== null && !("kind" in last)) {
    opts = last as { desc?: boolean | boolean[] };
    args = args.slice(0, -1);
  } else if (args.length === 1 && typeof last === "object" && last !== null && !("kind" in last)) {
    throw new InvalidArgumentError(`${method} needs at least one key before its options`);
  }
  const exprs: Expr[] = [];
  for (const a of args) {
    if (typeof a === "string") exprs.push(col(a));
    else {
      const b = body(a, method);
      if (b.kind === "record") throw new InvalidArgumentError(`${method} keys must be columns or expressions, not an object`);
      exprs.push(...(b.kind === "list" ? b.items : [b]));
    }
  }
  if (exprs.length === 0) throw new InvalidArgumentError(`${method} needs at least one key`);
  const d = opts?.desc;
  if (Array.isArray(d) && d.length !== exprs.length) {
    throw new InvalidArgumentError(`${method}: { desc } has ${d.length} entries for ${exprs.length} keys`);
  }
  if (d !== undefined && typeof d !== "boolean" && !Array.isArray(d)) {
    throw new InvalidArgumentError(`${method}: { desc } must be a boolean or an array of booleans`);
  }
  return exprs.map((e, i) => {
    const optDesc = Array.isArray(d) ? d[i] : d ?? false;
    if (e.kind === "call" && e.fn === "desc") return { expr: e.args[0], desc: !optDesc };
    return { expr: e, desc: optDesc };
  });
}

/** A count argument (`head(n)`, `slice(i, n)`): a non-negative integer that fits u32. */
export function count(n: unknown, method: string, arg: string): number {
  if (typeof n !== "number" || !Number.isInteger(n) || n < 0) {
    throw new InvalidArgumentError(`${method}: ${arg} must be a non-negative integer, got ${String(n)}`);
  }
  if (n > 0xffffffff) throw new InvalidArgumentError(`${method}: ${arg} ${n} is too large`);
  return n;
}

/** `distinct` keys: names or column lambdas. */
export function keyColumns(keys: unknown[], method: string): string[] {
  return keys.flatMap((k) => {
    if (typeof k === "string") return [k];
    const e = exprOf(k, method);
    if (e.kind !== "col") throw new InvalidArgumentError(`${method} keys must be columns, e.g. distinct(r => r.customerId) or distinct("customerId")`);
    return [e.name];
  });
}
