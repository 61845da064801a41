/**
 * The run-time fallback for lambdas the transformer did not compile: parses `fn.toString()` with
 * acorn and translates the allow-listed subset of JavaScript (API.md §4) to a {@link LambdaTree}.
 * Closure variables cannot be recovered from source text, so a lambda that uses one fails with an
 * error naming every such variable and pointing at the transformer setup.
 *
 * @example
 * parseLambda((r) => r.age > 18);
 * // { kind: "lambda", version: 1, params: ["r"],
 * //   body: { kind: "binary", op: ">", left: { kind: "col", name: "age" }, right: { kind: "lit", value: 18 } } }
 */
import { InvalidArgumentError, UntranslatableLambdaError } from "../errors.js";
import { lit } from "./build.js";
import { checkFreeIdentifiers } from "./parse/context.js";
import { translateBody } from "./parse/expr.js";
import { resolveColumns } from "./resolve.js";
import { locate } from "./parse/source.js";
import { TREE_VERSION, isLambdaTree, type LambdaTree } from "./tree.js";

export { DESTRUCTURED_PARAM } from "./parse/source.js";

/** Parsed trees by function object: the same lambda is often passed again (loops, reused predicates). */
const cache = new WeakMap<Function, LambdaTree>();
/**
 * And by source text: a lambda written inside a function is a new object on every call, but its
 * tree depends only on its text. Bounded so generated code cannot grow it without limit.
 */
const bySource = new Map<string, LambdaTree>();
const BY_SOURCE_MAX = 2048;

/**
 * Translates one function to a tree. The result is cached per function object and deep-frozen
 * (it is shared by every caller). Throws `UntranslatableLambdaError` for anything outside the DSL.
 */
export function parseLambda(fn: Function, kind: "row" | "group" = "row"): LambdaTree {
  const byFn = kind === "group" ? groupCache : cache;
  const hit = byFn.get(fn);
  if (hit) return hit;
  const source = Function.prototype.toString.call(fn);
  const key = `${kind}:${source}`;
  let tree = bySource.get(key);
  if (!tree) {
    const { ctx, params, body } = locate(source);
    if (kind === "group") {
      // `g` is read only through aggregates (parse/group.ts), never as a row.
      ctx.groupParam = params[0];
      ctx.rowParams.delete(params[0]);
    }
    checkFreeIdentifiers(ctx, body);
    tree = { kind: "lambda", version: TREE_VERSION, params, body: translateBody(ctx, body) };
    deepFreeze(tree);
    if (bySource.size >= BY_SOURCE_MAX) bySource.delete(bySource.keys().next().value!);
    bySource.set(key, tree);
  }
  byFn.set(fn, tree);
  return tree;
}

/** Row lambdas (`r => …`), group lambdas (`g => g.count() > 3`) or two-table lambdas (`(a, b) => a.id === b.id`). */
export type LambdaKind = "row" | "group" | "pair";
const groupCache = new WeakMap<Function, LambdaTree>();

/**
 * What every method taking a lambda calls: a compiled tree passes through unchanged, a function is
 * parsed (cached), anything else is an `InvalidArgumentError` naming the argument.
 */
export function toLambdaTree(arg: unknown, argName: string, kind: LambdaKind = "row"): LambdaTree {
  const resolved = (t: LambdaTree): LambdaTree => {
    const body = resolveColumns(t.body, argName, kind === "pair");
    return body === t.body ? t : { ...t, body };
  };
  if (isLambdaTree(arg)) return resolved(normaliseValues(arg));
  if (typeof arg === "function") {
    if (globalThis.process?.env?.LTSEQ_REQUIRE_COMPILED === "1") throw uncompiled(arg, argName);
    return resolved(parseLambda(arg, kind === "group" ? "group" : "row"));
  }
  throw new InvalidArgumentError(
    `${argName} must be a lambda such as \`r => r.age > 18\` (or a compiled expression tree); got ${describe(arg)}`,
  );
}

/**
 * `LTSEQ_REQUIRE_COMPILED=1` (CI): a plain function means the transformer did not run on the
 * caller's file, which would otherwise go unnoticed until a closure variable breaks the fallback.
 */
function uncompiled(fn: Function, argName: string): UntranslatableLambdaError {
  const src = Function.prototype.toString.call(fn).replace(/\s+/g, " ");
  const shown = src.length > 80 ? src.slice(0, 79) + "…" : src;
  return new UntranslatableLambdaError(
    shown,
    `${argName}: the lambda \`${shown}\` was not compiled, and LTSEQ_REQUIRE_COMPILED=1 forbids the run-time fallback; ` +
      "run this file through the ltseq transformer (tspc, ltseq/vite or `ltseq generate`, see docs/setup.md), or unset LTSEQ_REQUIRE_COMPILED",
  );
}

/**
 * Compiled trees carry values from the caller's scope as they are (`{ kind: "lit", value: minDate }`,
 * evaluated when the method was called); JSON cannot carry every JS value, so each becomes a proper
 * literal here (Date → epoch ms, bigint → int64 string, undefined → null; anything else is an
 * error naming the value). Trees are fresh object literals per call, so this edits them in place.
 */
function normaliseValues(tree: LambdaTree): LambdaTree {
  visitValues(tree.body);
  return tree;
}

function visitValues(node: unknown): void {
  if (Array.isArray(node)) {
    for (const x of node) visitValues(x);
    return;
  }
  if (typeof node !== "object" || node === null) return;
  const n = node as Record<string, unknown>;
  if (n.kind === "lit") {
    const v = n.value;
    if (n.type === undefined && !(typeof v === "string" || typeof v === "boolean" || v === null || (typeof v === "number" && Number.isFinite(v)))) {
      const l = lit(v);
      n.value = l.value;
      if (l.type !== undefined) n.type = l.type;
    }
    return;
  }
  if (n.kind === "col") {
    if (typeof n.name !== "string") throw new InvalidArgumentError(`a column name must be a string, got ${describe(n.name)}`);
    return;
  }
  for (const k in n) {
    const v = n[k];
    if (typeof v === "object" && v !== null) visitValues(v);
  }
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (v === undefined) return "undefined";
  if (typeof v === "string") return `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 39) + "…" : v)}`;
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") return `the ${typeof v} ${String(v)}`;
  if (Array.isArray(v)) return "an array";
  if (typeof v === "object") return `an object (${Object.prototype.toString.call(v)})`;
  return `a ${typeof v}`;
}

function deepFreeze(o: object): void {
  Object.freeze(o);
  for (const v of Object.values(o)) if (typeof v === "object" && v !== null && !Object.isFrozen(v)) deepFreeze(v);
}
