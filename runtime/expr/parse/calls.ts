/**
 * Calls, resolved through the method registry: column methods and properties (`r.s.trim()`),
 * `Math.*`, and the ltseq helpers `when(...).otherwise(...)`, `coalesce(...)`, `desc(...)`.
 */
import type * as A from "acorn";
import { call, lit } from "../build.js";
import { CAST_TYPES, FUNCTIONS, lookupFunction, lookupMethod, type FnSpec } from "../registry.js";
import type { Expr } from "../tree.js";
import { andList, arrayItem, helperCallee, memberName, type Ctx } from "./context.js";
import { closest, METHODS } from "../suggest.js";
import { groupCall } from "./group.js";
import { sequenceCall } from "./sequence.js";

type Tx = (n: A.Expression) => Expr;

export function translateCall(ctx: Ctx, node: A.CallExpression, tx: Tx): Expr {
  const agg = groupCall(ctx, node, tx);
  if (agg) return agg;
  const seq = sequenceCall(ctx, node, tx);
  if (seq) return seq;
  const chain = whenChain(ctx, node);
  if (chain) return buildWhen(chain, tx);
  const callee = node.callee;
  switch (helperCallee(ctx, callee)) {
    case "coalesce": {
      const spec = lookupFunction("global", "coalesce") as FnSpec;
      const args = plainArgs(ctx, node);
      checkArity(ctx, node, "coalesce", args.length, spec.minArgs, spec.maxArgs);
      return call(spec.name, ...args.map(tx));
    }
    case "desc":
      return call("desc", tx(fixedArgs(ctx, node, "desc", 1)[0]));
  }
  if (callee.type === "MemberExpression" && callee.object.type !== "Super") {
    const obj = callee.object;
    const name = memberName(ctx, callee);
    if (obj.type === "Identifier" && obj.name === "Math" && !ctx.isBound("Math")) return mathCall(ctx, node, name, tx);
    if (obj.type === "Identifier" && ctx.rowParams.has(obj.name)) {
      ctx.fail(node, `${ctx.q(node)}: \`${obj.name}.${name}\` is a column, not a function; call methods on a column, e.g. \`${obj.name}.${name}.trim()\``);
    }
    return methodCall(ctx, node, name, obj, tx);
  }
  return ctx.fail(node, `${ctx.q(node)}: only column methods (\`r.name.trim()\`), Math functions (\`Math.abs(x)\`) and the ltseq helpers when, coalesce and desc can be called`);
}

// ---- when(c, v).when(c2, v2).otherwise(d) ---------------------------------------------------

interface WhenChain { branches: { test: A.Expression; then: A.Expression }[]; otherwise?: A.Expression }

/** The chain rooted at a `when(...)` helper call, or undefined when `node` is not one. */
function whenChain(ctx: Ctx, node: A.Expression | A.Super): WhenChain | undefined {
  if (node.type !== "CallExpression") return undefined;
  if (helperCallee(ctx, node.callee) === "when") {
    const [test, then] = fixedArgs(ctx, node, "when", 2);
    return { branches: [{ test, then }] };
  }
  const c = node.callee;
  if (c.type !== "MemberExpression" || c.computed || c.property.type !== "Identifier") return undefined;
  const name = c.property.name;
  if (name !== "when" && name !== "otherwise") return undefined;
  const chain = whenChain(ctx, c.object);
  if (!chain) return undefined;
  if (chain.otherwise) ctx.fail(node, `${ctx.q(node)}: \`.otherwise(...)\` ends a when chain; nothing can follow it`);
  if (name === "when") {
    const [test, then] = fixedArgs(ctx, node, ".when", 2);
    chain.branches.push({ test, then });
  } else {
    chain.otherwise = fixedArgs(ctx, node, ".otherwise", 1)[0];
  }
  return chain;
}

/** Nested conds, first branch outermost; no `.otherwise` → NULL. Translated in source order. */
function buildWhen(chain: WhenChain, tx: Tx): Expr {
  const branches = chain.branches.map((b) => ({ test: tx(b.test), then: tx(b.then) }));
  let out: Expr = chain.otherwise ? tx(chain.otherwise) : lit(null);
  for (let i = branches.length - 1; i >= 0; i--) out = { kind: "cond", test: branches[i].test, then: branches[i].then, else: out };
  return out;
}

// ---- Math.* and column methods --------------------------------------------------------------

function mathCall(ctx: Ctx, node: A.CallExpression, name: string, tx: Tx): Expr {
  const spec = lookupFunction("Math", name);
  if (!spec) {
    const all = FUNCTIONS.filter((f) => f.on === "Math").map((f) => `Math.${f.tsName ?? f.name}`);
    ctx.fail(node, `${ctx.q(node)}: Math.${name} is not supported; supported: ${all.join(", ")}`);
  }
  const args = plainArgs(ctx, node);
  checkArity(ctx, node, `Math.${name}`, args.length, spec.minArgs, spec.maxArgs);
  return call(spec.name, ...args.map(tx));
}

const REGEX_FLAGS = /^[ims]*$/;

function methodCall(ctx: Ctx, node: A.CallExpression, name: string, recv: A.Expression, tx: Tx): Expr {
  // Sort direction: not a registry function; the sort method unwraps it.
  const x = tx(recv); // first, so errors come in source order
  if (name === "desc") {
    fixedArgs(ctx, node, "desc", 0);
    return call("desc", x);
  }
  const spec = lookupMethod(name) ?? unknownMethod(ctx, node, name, recv);
  if (spec.property) ctx.fail(node, `${ctx.q(node)}: \`${name}\` is a property, not a method; write \`${ctx.snippet(node.callee)}\``);
  const args = plainArgs(ctx, node);
  checkArity(ctx, node, name, args.length, spec.minArgs, spec.maxArgs);
  for (const i of spec.literalArgs ?? []) {
    const a = args[i];
    if (a !== undefined && !(a.type === "Literal" && !a.regex)) {
      ctx.fail(a, `${ctx.q(node)}: argument ${i + 1} of ${name} must be written as a literal value, not ${ctx.q(a)}`);
    }
  }
  switch (spec.name) {
    case "matches": {
      const re = args[0];
      if (re.type === "Literal" && re.regex) {
        if (!REGEX_FLAGS.test(re.regex.flags)) {
          ctx.fail(re, `${ctx.q(re)}: regular-expression flags "${re.regex.flags}" are not supported; use only i, m and s`);
        }
        return call("matches", x, lit(re.regex.pattern), lit(re.regex.flags));
      }
      return call("matches", x, tx(re), lit(""));
    }
    case "isIn": {
      const list = args[0];
      if (list.type !== "ArrayExpression") {
        return ctx.fail(list, `${ctx.q(node)}: isIn takes an array literal, e.g. \`${ctx.snippet(recv)}.isIn(["a", "b"])\``);
      }
      return call("isIn", x, ...list.elements.map((e) => tx(arrayItem(ctx, list, e, "isIn"))));
    }
    case "fillNull":
      return call("coalesce", x, tx(args[0]));
    case "cast": {
      const t = args[0];
      if (!(t.type === "Literal" && typeof t.value === "string" && (CAST_TYPES as readonly string[]).includes(t.value))) {
        ctx.fail(t, `${ctx.q(node)}: cast takes a type name string, one of ${CAST_TYPES.map((c) => `"${c}"`).join(", ")}`);
      }
      return call("cast", x, lit(t.value));
    }
  }
  return call(spec.name, x, ...args.map(tx));
}

// ---- arguments ------------------------------------------------------------------------------

function plainArgs(ctx: Ctx, node: A.CallExpression): A.Expression[] {
  return node.arguments.map((a) =>
    a.type === "SpreadElement"
      ? ctx.fail(a, `${ctx.q(a)}: spread arguments are not supported; pass the values one by one`)
      : a,
  );
}

function fixedArgs(ctx: Ctx, node: A.CallExpression, label: string, n: number): A.Expression[] {
  const args = plainArgs(ctx, node);
  checkArity(ctx, node, label, args.length, n, n);
  return args;
}

function checkArity(ctx: Ctx, node: A.CallExpression, label: string, got: number, min: number, max: number): void {
  if (got >= min && got <= max) return;
  const n = (k: number): string => `${k} argument${k === 1 ? "" : "s"}`;
  const expected = min === max ? (min === 0 ? "no arguments" : `exactly ${n(min)}`)
    : max === Infinity ? `at least ${n(min)}`
    : `${min} to ${max} arguments`;
  ctx.fail(node, `${ctx.q(node)}: ${label} takes ${expected}, got ${got}`);
}

// ---- unknown methods ------------------------------------------------------------------------

function unknownMethod(ctx: Ctx, node: A.CallExpression, name: string, recv: A.Expression): never {
  const math = lookupFunction("Math", name);
  if (math) {
    ctx.fail(node, `${ctx.q(node)}: "${name}" is not a method; use \`Math.${name}(${ctx.snippet(recv)})\``);
  }
  const close = closest(name);
  const tail = close.length > 0
    ? `closest supported: ${andList(close)}`
    : `supported methods: ${METHODS.join(", ")}`;
  ctx.fail(node, `${ctx.q(node)}: method "${name}" is not supported in lambdas; ${tail}`);
}
