import { InvalidArgumentError } from "../errors.js";
import type { BinaryOp, CallNode, ColNode, Expr, LitNode } from "./tree.js";

/** Column reference node. */
export const col = (name: string): ColNode => ({ kind: "col", name });

/**
 * A column of lambda parameter `input` (0 = the row, 1 = the other table of a two-table lambda):
 * the first parameter's columns carry no `input`, so one-table trees stay as they were.
 */
export const colOf = (name: string, input: number): ColNode => (input === 0 ? col(name) : { kind: "col", name, input });

/**
 * A literal node from a JS value, converting what JSON cannot carry: `Date` → epoch ms with
 * `type: "timestamp"`, `bigint` → decimal string with `type: "int64"`. Integers keep no type, so
 * the engine picks int64 (or float64 for non-integers), matching `fromRows`'s inference.
 */
export function lit(value: unknown): LitNode {
  if (value === null || value === undefined) return { kind: "lit", value: null };
  switch (typeof value) {
    case "boolean":
    case "string":
      return { kind: "lit", value };
    case "number":
      if (!Number.isFinite(value)) {
        throw new InvalidArgumentError(`literal ${value} is not a finite number; LTSeq columns cannot hold NaN or Infinity literals`);
      }
      return { kind: "lit", value };
    case "bigint":
      return { kind: "lit", value: value.toString(), type: "int64" };
    case "object":
      if (value instanceof Date) {
        const ms = value.getTime();
        if (Number.isNaN(ms)) throw new InvalidArgumentError("literal Date is invalid (getTime() is NaN)");
        return { kind: "lit", value: ms, type: "timestamp" };
      }
  }
  throw new InvalidArgumentError(
    `cannot use ${describe(value)} as a value inside a lambda; use a number, string, boolean, bigint, Date or null`,
  );
}

export const call = (fn: string, ...args: Expr[]): CallNode => ({ kind: "call", fn, args });
export const binary = (op: BinaryOp, left: Expr, right: Expr): Expr => ({ kind: "binary", op, left, right });

function describe(v: unknown): string {
  if (Array.isArray(v)) return "an array";
  if (typeof v === "function") return "a function";
  if (typeof v === "object") return `an object (${Object.prototype.toString.call(v)})`;
  return `a ${typeof v}`;
}

/** Column names an expression reads (for early ColumnNotFoundError). */
export function columnsOf(e: Expr, out: Set<string> = new Set()): Set<string> {
  switch (e.kind) {
    case "col": out.add(e.name); break;
    case "lit": break;
    case "unary": columnsOf(e.arg, out); break;
    case "binary": columnsOf(e.left, out); columnsOf(e.right, out); break;
    case "cond": columnsOf(e.test, out); columnsOf(e.then, out); columnsOf(e.else, out); break;
    case "call": for (const a of e.args) columnsOf(a, out); break;
    case "window":
      for (const a of e.args) columnsOf(a, out);
      for (const p of e.partitionBy ?? []) columnsOf(p, out);
      for (const k of e.orderBy ?? []) columnsOf(k.expr, out);
      if (e.default) columnsOf(e.default, out);
      break;
    case "agg": for (const a of e.args) columnsOf(a, out); break;
  }
  return out;
}

/** Whether an expression contains a sequence operator (and so needs a declared order). */
export function windowsOf(e: Expr, out: import("./tree.js").WindowNode[] = []): import("./tree.js").WindowNode[] {
  switch (e.kind) {
    case "col": case "lit": break;
    case "unary": windowsOf(e.arg, out); break;
    case "binary": windowsOf(e.left, out); windowsOf(e.right, out); break;
    case "cond": windowsOf(e.test, out); windowsOf(e.then, out); windowsOf(e.else, out); break;
    case "call": for (const a of e.args) windowsOf(a, out); break;
    case "window":
      out.push(e);
      for (const a of e.args) windowsOf(a, out);
      break;
    case "agg": for (const a of e.args) windowsOf(a, out); break;
  }
  return out;
}
