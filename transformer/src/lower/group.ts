/**
 * Group lambdas `g => …` (NestedTable.filter/derive/agg, groupBy().agg, t.agg) → `agg` nodes, as
 * the fallback does (`runtime/expr/parse/group.ts`): `g.count()`, `g.first().col`, `g.last().col`,
 * `g.col.sum()` (mean, min, max, median, std, var, count, percentile(p)), `g.all(r => …)` / `any` /
 * `none`. Outside these the group cannot be read: a bare `g.price` is not a value of the group.
 */
import type TS from "typescript";
import { lit } from "../../../runtime/expr/build.js";
import type { AggFn } from "../../../runtime/expr/tree.js";
import type { MAgg, MExpr, MLit } from "../model.js";
import type { Lower } from "./context.js";
import { memberName, translateExpr } from "./expr.js";
import { hole } from "./holes.js";

const COLUMN_AGGS: ReadonlySet<string> = new Set(["sum", "mean", "min", "max", "median", "std", "var", "count", "percentile"]);
const PREDICATE_AGGS: ReadonlySet<string> = new Set(["all", "any", "none"]);
const ALL = "g.count(), g.first().col, g.last().col, g.col.sum()/mean()/min()/max()/median()/std()/var()/count()/percentile(p), g.all/any/none(r => …)";

type Access = TS.PropertyAccessExpression | TS.ElementAccessExpression;

function access(lw: Lower, e: TS.Expression): Access | undefined {
  const c = lw.skip(e);
  return (lw.ts.isPropertyAccessExpression(c) || lw.ts.isElementAccessExpression(c)) && c.expression.kind !== lw.ts.SyntaxKind.SuperKeyword ? c : undefined;
}

/** `g.count()`, `g.all(r => …)`, `g.price.sum()`; undefined when `node` is none of these. */
export function groupCall(lw: Lower, node: TS.CallExpression): MAgg | undefined {
  if (!lw.groupParam) return undefined;
  const p = access(lw, node.expression);
  if (!p) return undefined;
  const args = [...node.arguments];
  const obj = lw.skip(p.expression);
  if (lw.isGroupParam(obj)) {
    const name = memberName(lw, p);
    if (name === "count") {
      if (args.length) lw.fail(node, "ARITY", `${lw.q(node)}: g.count() takes no arguments; count a column's non-NULL values with g.col.count()`);
      return { kind: "agg", fn: "count", args: [] };
    }
    if (PREDICATE_AGGS.has(name)) return { kind: "agg", fn: name as AggFn, args: [rowPredicate(lw, node, args)] };
    if (name === "first" || name === "last") {
      lw.fail(node, "GROUP_EXPRESSION", `${lw.q(node)}: g.${name}() is the group's ${name} row; read a column of it, e.g. g.${name}().price`);
    }
    return lw.fail(node, "GROUP_EXPRESSION", `${lw.q(node)}: "${name}" is not a group function; use ${ALL}`);
  }
  const inner = access(lw, obj);
  if (inner && lw.isGroupParam(lw.skip(inner.expression))) {
    const name = memberName(lw, p);
    if (!COLUMN_AGGS.has(name)) return undefined;
    const column: MExpr = { kind: "col", name: memberName(lw, inner) };
    if (name === "percentile") {
      if (args.length !== 1) lw.fail(node, "ARITY", `${lw.q(node)}: percentile takes one number between 0 and 1, e.g. g.price.percentile(0.9)`);
      return { kind: "agg", fn: "percentile", args: [column, percentileArg(lw, node, args[0])] };
    }
    if (args.length) lw.fail(node, "ARITY", `${lw.q(node)}: g.col.${name}() takes no arguments`);
    return { kind: "agg", fn: name as AggFn, args: [column] };
  }
  return undefined;
}

/** A number literal (possibly negative; the engine checks the range), or a number from outside the lambda. */
function percentileArg(lw: Lower, node: TS.CallExpression, q: TS.Expression): MExpr {
  const { ts } = lw;
  const s = lw.skip(q);
  if (ts.isNumericLiteral(s)) return lit(Number(s.text)) as MLit;
  if (ts.isPrefixUnaryExpression(s) && s.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(lw.skip(s.operand))) {
    return lit(-Number((lw.skip(s.operand) as TS.NumericLiteral).text)) as MLit;
  }
  if (!lw.readsRow(s)) {
    const t = lw.env.checker.getTypeAtLocation(s);
    if (t.isNumberLiteral()) return lit(t.value) as MLit;
    if (t.flags & (ts.TypeFlags.NumberLike | ts.TypeFlags.Any)) return hole(lw, q);
  }
  return lw.fail(q, "LITERAL_REQUIRED", `${lw.q(node)}: percentile takes one number between 0 and 1, e.g. g.price.percentile(0.9)`);
}

/** `g.first().price` / `g.last().price`; undefined otherwise. Rejects any other read of `g`. */
export function groupMember(lw: Lower, node: Access): MExpr | undefined {
  if (!lw.groupParam) return undefined;
  const { ts } = lw;
  const obj = lw.skip(node.expression);
  if (ts.isCallExpression(obj)) {
    const p = access(lw, obj.expression);
    if (p && lw.isGroupParam(lw.skip(p.expression))) {
      const name = memberName(lw, p);
      if (name === "first" || name === "last") {
        if (obj.arguments.length) lw.fail(obj, "ARITY", `${lw.q(obj)}: g.${name}() takes no arguments`);
        return { kind: "agg", fn: name, args: [{ kind: "col", name: memberName(lw, node) }] };
      }
    }
  }
  if (lw.isGroupParam(obj)) {
    const name = memberName(lw, node);
    lw.fail(node, "GROUP_EXPRESSION", `${lw.q(node)}: a group has no single value of "${name}"; aggregate it, e.g. g.${name}.sum(), g.first().${name} or g.last().${name}`);
  }
  return undefined;
}

/** The row lambda of `g.all(r => …)`, translated with `r` as a row parameter. */
function rowPredicate(lw: Lower, node: TS.CallExpression, args: TS.Expression[]): MExpr {
  const { ts } = lw;
  const f = args.length === 1 ? lw.skip(args[0]) : undefined;
  if (!f || !(ts.isArrowFunction(f) || ts.isFunctionExpression(f)) || f.parameters.length !== 1 || !ts.isIdentifier(f.parameters[0].name)) {
    return lw.fail(node, "GROUP_EXPRESSION", `${lw.q(node)}: takes one row lambda, e.g. g.all(r => r.price > 0)`);
  }
  let body: TS.Expression;
  if (ts.isBlock(f.body)) {
    const only = f.body.statements[0];
    if (f.body.statements.length !== 1 || !ts.isReturnStatement(only) || !only.expression) {
      return lw.fail(f, "STATEMENT_BODY", `${lw.q(f)}: write a single expression or a single return`);
    }
    body = only.expression;
  } else {
    body = f.body;
  }
  return translateExpr(lw, body);
}

/**
 * Declares the parameters of `g.all(r => …)` (any, none) row parameters before anything asks
 * whether a node reads the row.
 */
export function registerPredicates(lw: Lower, body: TS.Node): void {
  const { ts } = lw;
  const visit = (n: TS.Node): void => {
    if (ts.isCallExpression(n)) {
      const p = access(lw, n.expression);
      if (p && lw.isGroupParam(lw.skip(p.expression)) && ts.isPropertyAccessExpression(p) && PREDICATE_AGGS.has(p.name.text)) {
        const f = n.arguments[0] && lw.skip(n.arguments[0]);
        if (f && (ts.isArrowFunction(f) || ts.isFunctionExpression(f))) {
          for (const param of f.parameters) {
            if (ts.isIdentifier(param.name)) {
              const s = lw.env.checker.getSymbolAtLocation(param.name);
              if (s) lw.rowParams.set(s, 0);
            }
          }
        }
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(body);
}
