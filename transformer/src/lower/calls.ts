/**
 * Calls on row values, resolved through the method registry: column methods and properties
 * (`r.s.trim()`), `Math.*`, the ltseq helpers `when(...).otherwise(...)`, `coalesce(...)`,
 * `desc(...)` (identified by their declaration), and sequence operators (`./window.ts`).
 */
import type TS from "typescript";
import { lit } from "../../../runtime/expr/build.js";
import { CAST_TYPES, FUNCTIONS, lookupFunction, lookupMethod, type FnSpec } from "../../../runtime/expr/registry.js";
import { helperName, isLibGlobal } from "../identify.js";
import type { MExpr, MLit, MSpread } from "../model.js";
import type { Lower } from "./context.js";
import { arrayItem, checkNotOptional, memberName, translateExpr } from "./expr.js";
import { groupCall } from "./group.js";
import { spreadHole } from "./holes.js";
import { andList, closest, METHODS } from "../../../runtime/expr/suggest.js";
import { sequenceCall } from "./window.js";

export function translateCall(lw: Lower, node: TS.CallExpression): MExpr {
  const { ts } = lw;
  checkNotOptional(lw, node);
  const agg = groupCall(lw, node);
  if (agg) return agg;
  const seq = sequenceCall(lw, node);
  if (seq) return seq;
  const chain = whenChain(lw, node);
  if (chain) return buildWhen(lw, chain);
  switch (helperName(lw.env, node.expression)) {
    case "coalesce": {
      const spec = lookupFunction("global", "coalesce") as FnSpec;
      const args = plainArgs(lw, node);
      checkArity(lw, node, "coalesce", args.length, spec.minArgs, spec.maxArgs);
      return { kind: "call", fn: spec.name, args: args.map((a) => translateExpr(lw, a)) };
    }
    case "desc":
      return { kind: "call", fn: "desc", args: [translateExpr(lw, fixedArgs(lw, node, "desc", 1)[0])] };
  }
  const callee = lw.skip(node.expression);
  if ((ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee)) && callee.expression.kind !== ts.SyntaxKind.SuperKeyword) {
    const obj = lw.skip(callee.expression);
    const name = memberName(lw, callee);
    if (ts.isIdentifier(obj) && isLibGlobal(lw.env, obj, "Math")) return mathCall(lw, node, name);
    if (ts.isIdentifier(obj) && (lw.isRowParam(obj) || lw.isGroupParam(obj))) {
      lw.fail(node, "ROW_ESCAPES", `${lw.q(node)}: \`${obj.text}.${name}\` is a column, not a function; call methods on a column, e.g. \`${obj.text}.${name}.trim()\``);
    }
    if (!lw.readsRow(callee.expression) && !lookupMethod(name) && name !== "desc") {
      lw.fail(node, "UNSUPPORTED_CALL", `${lw.q(node)}: \`${lw.snippet(callee)}\` is a function from outside the lambda; it cannot run on row values in the engine. Compute the value with column methods, Math functions and operators, or call it outside the lambda on values that do not depend on the row`);
    }
    return methodCall(lw, node, name, callee.expression);
  }
  const fnText = lw.snippet(callee);
  return lw.fail(node, "UNSUPPORTED_CALL", `${lw.q(node)}: \`${fnText}\` cannot run inside the query engine. A lambda can apply only column methods (\`r.name.trim()\`), Math functions (\`Math.abs(x)\`) and the ltseq helpers (when, coalesce, desc, rowNumber, rank, denseRank, ntile) to row values; write the computation with those, or call \`${fnText}\` on values that do not depend on the row (such a call is evaluated once, when the method is called)`);
}

// ---- when(c, v).when(c2, v2).otherwise(d) ---------------------------------------------------

interface WhenChain { branches: { test: TS.Expression; then: TS.Expression }[]; otherwise?: TS.Expression }

function whenChain(lw: Lower, node: TS.Expression): WhenChain | undefined {
  const { ts } = lw;
  node = lw.skip(node);
  if (!ts.isCallExpression(node)) return undefined;
  if (helperName(lw.env, node.expression) === "when") {
    const [test, then] = fixedArgs(lw, node, "when", 2);
    return { branches: [{ test, then }] };
  }
  const c = lw.skip(node.expression);
  if (!ts.isPropertyAccessExpression(c) || !ts.isIdentifier(c.name)) return undefined;
  const name = c.name.text;
  if (name !== "when" && name !== "otherwise") return undefined;
  const chain = whenChain(lw, c.expression);
  if (!chain) return undefined;
  if (chain.otherwise) lw.fail(node, "UNSUPPORTED_CALL", `${lw.q(node)}: \`.otherwise(...)\` ends a when chain; nothing can follow it`);
  if (name === "when") {
    const [test, then] = fixedArgs(lw, node, ".when", 2);
    chain.branches.push({ test, then });
  } else {
    chain.otherwise = fixedArgs(lw, node, ".otherwise", 1)[0];
  }
  return chain;
}

/** Nested conds, first branch outermost; no `.otherwise` → NULL. Translated in source order. */
function buildWhen(lw: Lower, chain: WhenChain): MExpr {
  const branches = chain.branches.map((b) => ({ test: translateExpr(lw, b.test), then: translateExpr(lw, b.then) }));
  let out: MExpr = chain.otherwise ? translateExpr(lw, chain.otherwise) : (lit(null) as MLit);
  for (let i = branches.length - 1; i >= 0; i--) out = { kind: "cond", test: branches[i].test, then: branches[i].then, else: out };
  return out;
}

// ---- Math.* and column methods --------------------------------------------------------------

function mathCall(lw: Lower, node: TS.CallExpression, name: string): MExpr {
  const spec = lookupFunction("Math", name);
  if (!spec) {
    const all = FUNCTIONS.filter((f) => f.on === "Math").map((f) => `Math.${f.tsName ?? f.name}`);
    lw.fail(node, "UNKNOWN_METHOD", `${lw.q(node)}: Math.${name} is not supported on row values; supported: ${all.join(", ")}`);
  }
  const args = plainArgs(lw, node);
  checkArity(lw, node, `Math.${name}`, args.length, spec.minArgs, spec.maxArgs);
  return { kind: "call", fn: spec.name, args: args.map((a) => translateExpr(lw, a)) };
}

/** Type names `.cast()` takes (the registry's `cast` literal argument). */
const REGEX_FLAGS = /^[ims]*$/;

function methodCall(lw: Lower, node: TS.CallExpression, name: string, recv: TS.Expression): MExpr {
  const { ts } = lw;
  const x = translateExpr(lw, recv); // first, so errors come in source order
  if (name === "desc") {
    fixedArgs(lw, node, "desc", 0);
    return { kind: "call", fn: "desc", args: [x] };
  }
  const spec = lookupMethod(name) ?? unknownMethod(lw, node, name, recv);
  if (spec.property) lw.fail(node, "UNKNOWN_METHOD", `${lw.q(node)}: \`${name}\` is a property, not a method; write \`${lw.snippet(node.expression)}\``);
  const args = plainArgs(lw, node);
  checkArity(lw, node, name, args.length, spec.minArgs, spec.maxArgs);
  switch (spec.name) {
    case "matches": {
      const re = lw.skip(args[0]);
      if (ts.isRegularExpressionLiteral(re)) {
        const slash = re.text.lastIndexOf("/");
        const pattern = re.text.slice(1, slash);
        const flags = re.text.slice(slash + 1);
        if (!REGEX_FLAGS.test(flags)) {
          lw.fail(re, "LITERAL_REQUIRED", `${lw.q(re)}: regular-expression flags "${flags}" are not supported; use only i, m and s`);
        }
        return { kind: "call", fn: "matches", args: [x, lit(pattern) as MLit, lit(flags) as MLit] };
      }
      return { kind: "call", fn: "matches", args: [x, translateExpr(lw, args[0]), lit("") as MLit] };
    }
    case "isIn": {
      const list = lw.skip(args[0]);
      if (ts.isArrayLiteralExpression(list)) {
        return { kind: "call", fn: "isIn", args: [x, ...list.elements.map((e) => translateExpr(lw, arrayItem(lw, list, e, "isIn")))] };
      }
      if (!lw.readsRow(list)) {
        const spread: MSpread = spreadHole(lw, args[0]);
        return { kind: "call", fn: "isIn", args: [x, spread] };
      }
      return lw.fail(list, "BODY_SHAPE", `${lw.q(node)}: isIn takes an array literal or an array from outside the lambda, e.g. \`${lw.snippet(recv)}.isIn(["a", "b"])\``);
    }
    case "fillNull":
      return { kind: "call", fn: "coalesce", args: [x, translateExpr(lw, args[0])] };
    case "cast": {
      const t = lw.skip(args[0]);
      const lt = lw.env.checker.getTypeAtLocation(t);
      const value = ts.isStringLiteral(t) ? t.text : lt.isStringLiteral() && !lw.readsRow(t) ? lt.value : undefined;
      if (value === undefined || !(CAST_TYPES as readonly string[]).includes(value)) {
        lw.fail(t, "LITERAL_REQUIRED", `${lw.q(node)}: cast takes a type name string, one of ${CAST_TYPES.map((c) => `"${c}"`).join(", ")}`);
      }
      return { kind: "call", fn: "cast", args: [x, lit(value) as MLit] };
    }
  }
  for (const i of spec.literalArgs ?? []) {
    const a = args[i] && lw.skip(args[i]);
    if (a !== undefined && !ts.isLiteralExpression(a) && a.kind !== ts.SyntaxKind.TrueKeyword && a.kind !== ts.SyntaxKind.FalseKeyword) {
      lw.fail(a, "LITERAL_REQUIRED", `${lw.q(node)}: argument ${i + 1} of ${name} must be written as a literal value, not ${lw.q(a)}`);
    }
  }
  return { kind: "call", fn: spec.name, args: [x, ...args.map((a) => translateExpr(lw, a))] };
}

// ---- arguments ------------------------------------------------------------------------------

export function plainArgs(lw: Lower, node: TS.CallExpression): TS.Expression[] {
  return node.arguments.map((a) =>
    lw.ts.isSpreadElement(a) ? lw.fail(a, "BODY_SHAPE", `${lw.q(a)}: spread arguments are not supported; pass the values one by one`) : a,
  );
}

export function fixedArgs(lw: Lower, node: TS.CallExpression, label: string, n: number): TS.Expression[] {
  const args = plainArgs(lw, node);
  checkArity(lw, node, label, args.length, n, n);
  return args;
}

export function checkArity(lw: Lower, node: TS.CallExpression, label: string, got: number, min: number, max: number): void {
  if (got >= min && got <= max) return;
  const n = (k: number): string => `${k} argument${k === 1 ? "" : "s"}`;
  const expected = min === max ? (min === 0 ? "no arguments" : `exactly ${n(min)}`)
    : max === Infinity ? `at least ${n(min)}`
    : `${min} to ${max} arguments`;
  lw.fail(node, "ARITY", `${lw.q(node)}: ${label} takes ${expected}, got ${got}`);
}

function unknownMethod(lw: Lower, node: TS.CallExpression, name: string, recv: TS.Expression): never {
  if (lookupFunction("Math", name)) {
    lw.fail(node, "UNKNOWN_METHOD", `${lw.q(node)}: "${name}" is not a method; use \`Math.${name}(${lw.snippet(recv)})\``);
  }
  const close = closest(name);
  const tail = close.length > 0 ? `closest supported: ${andList(close)}` : `supported methods: ${METHODS.join(", ")}`;
  return lw.fail(node, "UNKNOWN_METHOD", `${lw.q(node)}: method "${name}" is not supported in lambdas; ${tail}`);
}
