/**
 * What lowering produces: the expression tree of `runtime/expr/tree.ts`, except that some leaves are
 * holes — source expressions evaluated at call time in their original scope (closures, imports,
 * `this.x`, `MIN * 1.1`). The emitters (`emit/ast.ts`, `emit/text.ts`) write holes back as code.
 */
import type TS from "typescript";
import type { AggFn, BinaryOp, LitType, SortKeyNode, UnaryOp, WindowFn } from "../../runtime/expr/tree.js";

/** A source expression kept as code. */
export interface Hole { readonly hole: TS.Expression }

export const isHole = (v: unknown): v is Hole => typeof v === "object" && v !== null && "hole" in v;

export interface MCol { kind: "col"; name: string | Hole; input?: number; link?: string }

/** A column of lambda parameter `input` (the first parameter's columns carry no `input`, as in the runtime). */
export const mcol = (name: string | Hole, input = 0): MCol => (input === 0 ? { kind: "col", name } : { kind: "col", name, input });
/** A literal; a hole value is normalised at call time by the runtime (Date → ms, bigint → int64). */
export interface MLit { kind: "lit"; value: null | boolean | number | string | Hole; type?: LitType }
export interface MUnary { kind: "unary"; op: UnaryOp; arg: MExpr }
export interface MBinary { kind: "binary"; op: BinaryOp; left: MExpr; right: MExpr }
export interface MCond { kind: "cond"; test: MExpr; then: MExpr; else: MExpr }
/** `args` may hold a spread: every element of an iterable from outside becomes a literal. */
export interface MCall { kind: "call"; fn: string; args: (MExpr | MSpread)[] }
export interface MSpread { kind: "$spread"; of: Hole }
export interface MSortKey { expr: MExpr; desc: boolean }
export interface MWindow {
  kind: "window";
  fn: WindowFn;
  args: MExpr[];
  partitionBy?: MExpr[];
  orderBy?: MSortKey[];
  default?: MExpr;
}

/** A group aggregate (`g.count()`, `g.price.sum()`), as `AggNode` in tree.ts. */
export interface MAgg { kind: "agg"; fn: AggFn; args: MExpr[] }

export type MExpr = MCol | MLit | MUnary | MBinary | MCond | MCall | MWindow | MAgg;
export type MBody = MExpr | { kind: "list"; items: MExpr[] } | { kind: "record"; fields: { name: string; expr: MExpr }[] };

export interface MLambda { kind: "lambda"; version: 1; params: string[]; body: MBody }

/** Whether a lowered lambda holds any hole (it then reads values from its scope at call time). */
export function hasHoles(x: unknown): boolean {
  if (isHole(x)) return true;
  if (Array.isArray(x)) return x.some(hasHoles);
  if (typeof x === "object" && x !== null) return Object.values(x).some(hasHoles);
  return false;
}

/** The plain tree, for lambdas without holes (tests compare it with the fallback's tree). */
export function plainTree(m: MLambda): unknown {
  if (hasHoles(m)) throw new Error("the lowered lambda reads values from its scope; it has no static tree");
  return m;
}

export type { SortKeyNode };
