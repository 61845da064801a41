/**
 * Links and joins (API.md §9): from a two-table lambda (`(a, b) => a.id === b.id`) and the options
 * to the key lists the native plan builder takes. Column nodes say which side they read (`input`:
 * absent for the first parameter, 1 for the second); pointer paths are already flat
 * (`r.prod.catId` → `prod_catId`), so a link can chain through an earlier link's columns.
 */
import { InvalidArgumentError } from "./errors.js";
import { toLambdaTree } from "./expr/parse.js";
import { names } from "./lambda.js";
import type { BinaryOp, ColNode, Expr } from "./expr/tree.js";

/** Key columns of an equality condition, pairwise: `left[i] = right[i]`. */
export interface KeyPairs { left: string[]; right: string[] }

export type JoinHow = "inner" | "left" | "right" | "full";
export interface JoinOptions<X extends string = "_right"> { how?: JoinHow; suffix?: X }
export interface LinkOptions<A extends string> { as: A; how?: "left" | "inner" }
export interface AsofOptions<X extends string = "_right"> {
  /** Columns that must be equal on both sides (same names), e.g. `"symbol"`. */
  by?: string | readonly string[];
  /** `"nearest"` takes the closer of the backward and forward match (ties go backward). */
  strategy?: "backward" | "forward" | "nearest";
  suffix?: X;
}

/** What `NativeTable.asofJoin` takes (as JSON). */
export interface AsofSpec {
  leftOn: string; rightOn: string; op: ">=" | ">" | "<=" | "<"; nearest: boolean;
  leftBy: string[]; rightBy: string[]; suffix: string;
}

const HOWS: readonly JoinHow[] = ["inner", "left", "right", "full"];

/** The condition's tree, read as a two-table lambda. */
function condition(on: unknown, method: string): Expr {
  if (typeof on !== "function" && !(typeof on === "object" && on !== null)) {
    throw new InvalidArgumentError(`${method} expects a condition such as (a, b) => a.id === b.id as its second argument`);
  }
  const b = toLambdaTree(on, `${method} condition`, "pair").body;
  if (b.kind === "list" || b.kind === "record") {
    throw new InvalidArgumentError(`${method}: the condition must be one expression, e.g. (a, b) => a.id === b.id`);
  }
  return b;
}

const side = (e: Expr): 0 | 1 | undefined => (e.kind === "col" ? (e.input === 1 ? 1 : e.input === undefined || e.input === 0 ? 0 : undefined) : undefined);

/**
 * `(a, b) => a.x === b.y && a.z === b.w`: equalities between a column of each side joined by `&&`,
 * in either order (`b.y === a.x`).
 */
export function equiKeys(on: unknown, method: string): KeyPairs {
  const e = condition(on, method);
  const out: KeyPairs = { left: [], right: [] };
  const walk = (x: Expr): void => {
    if (x.kind === "binary" && x.op === "&&") { walk(x.left); walk(x.right); return; }
    if (x.kind === "binary" && x.op === "==") {
      const [l, r] = [side(x.left), side(x.right)];
      if (l !== undefined && r !== undefined && l !== r) {
        const [a, b] = (l === 0 ? [x.left, x.right] : [x.right, x.left]) as [ColNode, ColNode];
        out.left.push(a.name);
        out.right.push(b.name);
        return;
      }
    }
    throw new InvalidArgumentError(
      `${method}: the condition must compare a column of each table with === (several joined by &&), e.g. (a, b) => a.id === b.id; ` +
        "compute other keys first with derive",
    );
  };
  walk(e);
  return out;
}

/** `join` options, checked. */
export function joinOptions(options: JoinOptions<string> | undefined): { how: JoinHow; suffix: string } {
  const o = options ?? {};
  if (typeof o !== "object") throw new InvalidArgumentError("join: options must be an object { how, suffix }");
  const how = o.how ?? "inner";
  if (!HOWS.includes(how)) throw new InvalidArgumentError(`join: how must be one of ${HOWS.map((h) => `"${h}"`).join(", ")}, got ${JSON.stringify(how)}`);
  return { how, suffix: suffixOf(o.suffix, "join") };
}

function suffixOf(s: unknown, method: string): string {
  if (s === undefined) return "_right";
  if (typeof s !== "string" || s === "") throw new InvalidArgumentError(`${method}: suffix must be a non-empty string, got ${JSON.stringify(s)}`);
  return s;
}

/** `link` options: the pointer's name (`as`) and whether unmatched rows are kept. */
export function linkOptions(options: LinkOptions<string> | undefined): { alias: string; inner: boolean } {
  if (typeof options !== "object" || options === null || options.as === undefined) {
    throw new InvalidArgumentError('link needs a name for the pointer: link(target, (s, t) => s.fk === t.id, { as: "prod" })');
  }
  const alias = options.as;
  if (typeof alias !== "string" || !/^[A-Za-z_$][\w$]*$/.test(alias) || alias.startsWith("__ltseq_")) {
    throw new InvalidArgumentError(`link: { as } must be an identifier such as "prod" (it names r.prod and the prod_<column> columns), got ${JSON.stringify(alias)}`);
  }
  const how = options.how ?? "left";
  if (how !== "left" && how !== "inner") throw new InvalidArgumentError(`link: how must be "left" (default) or "inner", got ${JSON.stringify(how)}`);
  return { alias, inner: how === "inner" };
}

const FLIP: Partial<Record<BinaryOp, AsofSpec["op"]>> = { ">=": "<=", ">": "<", "<=": ">=", "<": ">" };

/** `(t, q) => t.time >= q.time` plus `{ by, strategy, suffix }`. */
export function asofSpec(on: unknown, options: AsofOptions<string> | undefined): AsofSpec {
  const e = condition(on, "asofJoin");
  const usage = "asofJoin: the condition must compare a time column of each table with >=, >, <= or <, e.g. (t, q) => t.time >= q.time";
  if (e.kind !== "binary" || FLIP[e.op] === undefined) throw new InvalidArgumentError(usage);
  const [l, r] = [side(e.left), side(e.right)];
  if (l === undefined || r === undefined || l === r) throw new InvalidArgumentError(usage);
  const leftFirst = l === 0;
  const [a, b] = (leftFirst ? [e.left, e.right] : [e.right, e.left]) as [ColNode, ColNode];
  const op = leftFirst ? (e.op as AsofSpec["op"]) : FLIP[e.op]!;
  const o = options ?? {};
  if (typeof o !== "object") throw new InvalidArgumentError("asofJoin: options must be an object { by, strategy, suffix }");
  const by = o.by === undefined ? [] : typeof o.by === "string" ? [o.by] : Array.isArray(o.by) ? [...o.by] : undefined;
  if (by === undefined || by.some((x) => typeof x !== "string" || x === "")) {
    throw new InvalidArgumentError(`asofJoin: by must be a column name or an array of names, got ${JSON.stringify(o.by)}`);
  }
  const strategy = o.strategy ?? (op.startsWith(">") ? "backward" : "forward");
  if (!["backward", "forward", "nearest"].includes(strategy)) {
    throw new InvalidArgumentError(`asofJoin: strategy must be "backward", "forward" or "nearest", got ${JSON.stringify(strategy)}`);
  }
  if ((strategy === "backward" && op.startsWith("<")) || (strategy === "forward" && op.startsWith(">"))) {
    throw new InvalidArgumentError(
      `asofJoin: strategy "${strategy}" contradicts the condition's ${op} (>= / > look backward, <= / < forward); drop the strategy or flip the operator`,
    );
  }
  return { leftOn: a.name, rightOn: b.name, op, nearest: strategy === "nearest", leftBy: by, rightBy: by, suffix: suffixOf(o.suffix, "asofJoin") };
}

/**
 * `on` of intersect/except: a name, names, or `(a, b) => a.x === b.x && ...`. The native set
 * operations match same-named columns, so both sides of each equality must have one name.
 */
export function setKeys(on: unknown, method: string): string[] {
  if (typeof on === "string") return [on];
  if (Array.isArray(on)) return names(on, method);
  const k = equiKeys(on, method);
  k.left.forEach((l, i) => {
    if (l !== k.right[i]) {
      throw new InvalidArgumentError(`${method}: the condition must compare same-named columns (a.${l} === b.${k.right[i]} differs); use semiJoin/antiJoin for different names`);
    }
  });
  return k.left;
}
