/**
 * One lambda → {@link MLambda}: checks its parameters (a row `r`, a second table `b`, or a
 * destructured row `({ a, b })`) and its body (an expression, or a block with a single return).
 */
import type TS from "typescript";
import { TREE_VERSION } from "../../../runtime/expr/tree.js";
import type { Env } from "../identify.js";
import type { LambdaKind } from "../methods.js";
import type { MLambda } from "../model.js";
import { Lower, type FnNode } from "./context.js";
import { translateBody } from "./expr.js";
import { registerPredicates } from "./group.js";

/** Parameter name recorded in `LambdaTree.params` for a destructured parameter (as the fallback does). */
export const DESTRUCTURED_PARAM = "{}";

export function lowerLambda(env: Env, fn: FnNode, kind: LambdaKind = "row"): MLambda {
  const lw = new Lower(env, fn);
  const { ts } = env;
  if (fn.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword)) {
    lw.fail(fn, "UNSUPPORTED_SYNTAX", "async functions are not supported; a lambda must return its expression directly");
  }
  if (ts.isFunctionExpression(fn) && fn.asteriskToken) lw.fail(fn, "UNSUPPORTED_SYNTAX", "generator functions are not supported; write `r => expression`");
  // The group parameter reads the row (so `g.count()` is never taken for a call-time value), but
  // only the aggregates of lower/group.ts may read it.
  const params = kind === "group" ? readGroupParam(lw, fn) : readParams(lw, fn);
  const body = bodyExpression(lw, fn);
  if (kind === "group") registerPredicates(lw, body);
  return { kind: "lambda", version: TREE_VERSION, params, body: translateBody(lw, body) };
}

function readParams(lw: Lower, fn: FnNode): string[] {
  const { ts } = lw;
  const ps = fn.parameters.filter((p) => !(ts.isIdentifier(p.name) && p.name.text === "this"));
  if (ps.length === 0) lw.fail(fn, "PARAMETER", "a lambda takes the row as its parameter, e.g. `r => r.age > 18`");
  const names: string[] = [];
  for (const [input, p] of ps.entries()) {
    if (p.dotDotDotToken) lw.fail(p, "PARAMETER", `${lw.q(p)}: rest parameters are not supported; name the row parameter, e.g. \`r => ...\``);
    if (p.initializer) {
      lw.fail(p, "PARAMETER", `${lw.q(p)}: parameter defaults are not supported; every column of the row is present (NULLs included), so write \`${lw.snippet(p.name)}\``);
    }
    if (ts.isIdentifier(p.name)) {
      const s = lw.env.checker.getSymbolAtLocation(p.name);
      if (s) lw.rowParams.set(s, input);
      names.push(p.name.text);
    } else if (ts.isObjectBindingPattern(p.name)) {
      readObjectPattern(lw, p.name, input);
      names.push(DESTRUCTURED_PARAM);
    } else {
      lw.fail(p, "PARAMETER", `${lw.q(p)}: only a plain parameter (\`r\`) or an object pattern of columns (\`({ age, name }) => ...\`) is supported`);
    }
  }
  return names;
}

/** A group lambda takes the group as one plain parameter: `g => g.count() > 3`. */
function readGroupParam(lw: Lower, fn: FnNode): string[] {
  const { ts } = lw;
  const ps = fn.parameters.filter((p) => !(ts.isIdentifier(p.name) && p.name.text === "this"));
  const p = ps[0];
  if (!p || ps.length > 1 || !ts.isIdentifier(p.name) || p.dotDotDotToken || p.initializer) {
    lw.fail(p ?? fn, "PARAMETER", "a group lambda takes the group as its one parameter, e.g. `g => g.count() > 3`");
  }
  lw.groupParam = lw.env.checker.getSymbolAtLocation(p.name);
  return [p.name.text];
}

function readObjectPattern(lw: Lower, p: TS.ObjectBindingPattern, input: number): void {
  const { ts } = lw;
  for (const el of p.elements) {
    if (el.dotDotDotToken) lw.fail(el, "PARAMETER", `${lw.q(el)}: rest properties are not supported in a destructured row; name the columns you use`);
    const key = el.propertyName ?? el.name;
    if (ts.isComputedPropertyName(key)) {
      lw.fail(key, "PARAMETER", `${lw.q(el)}: computed keys are not supported; name the column: \`{ price }\` or \`{ "unit price": up }\``);
    }
    const column = ts.isIdentifier(key) || ts.isStringLiteral(key) ? key.text
      : lw.fail(key, "PARAMETER", `${lw.q(key)}: a destructured column must be named by an identifier or a string`);
    if (el.initializer) {
      lw.fail(el, "PARAMETER", `${lw.q(el)}: defaults are not supported in a destructured row; use \`${lw.snippet(el.name)} ?? ${lw.snippet(el.initializer)}\` in the body`);
    }
    if (!ts.isIdentifier(el.name)) {
      lw.fail(el.name, "PARAMETER", `${lw.q(el.name)}: nested destructuring is not supported; bind the column to a name: \`{ ${column} }\``);
    }
    const s = lw.env.checker.getSymbolAtLocation(el.name);
    if (s) lw.locals.set(s, { column, input });
  }
}

/** The body expression: an expression body, or a block holding a single `return <expr>;`. */
function bodyExpression(lw: Lower, fn: FnNode): TS.Expression {
  const { ts } = lw;
  if (!ts.isBlock(fn.body)) return fn.body;
  const block = fn.body;
  const stmts = block.statements.filter(
    (s) => !ts.isEmptyStatement(s) && !(ts.isExpressionStatement(s) && ts.isStringLiteral(s.expression) && isPrologue(block, s)),
  );
  const only = stmts[0];
  if (stmts.length === 1 && ts.isReturnStatement(only) && only.expression) return only.expression;
  const bad = stmts.find((s) => !ts.isReturnStatement(s)) ?? stmts[1] ?? only ?? block;
  return lw.fail(bad, "STATEMENT_BODY", `${lw.q(bad)}: statement bodies are not supported; write a single expression or a single return (compute intermediate values in a derive step)`);
}

/** Directive prologue: string-literal statements at the start of the block ("use strict"). */
function isPrologue(block: TS.Block, s: TS.Statement): boolean {
  for (const x of block.statements) {
    if (x === s) return true;
    if (!(x.kind === s.kind)) return false;
  }
  return false;
}
