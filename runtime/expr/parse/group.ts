/**
 * Group lambdas `g => …` (NestedTable.filter/derive/agg, groupBy().agg, t.agg) → `agg` nodes:
 * `g.count()`, `g.first().col`, `g.last().col`, `g.col.sum()` (mean, min, max, median, std, var,
 * count, percentile(p)), `g.all(r => …)` / `any` / `none`. Outside these, the group parameter
 * cannot be read: a bare `g.price` is not a value of the group.
 */
import type * as A from "acorn";
import { col, lit } from "../build.js";
import type { AggFn, AggNode, Expr } from "../tree.js";
import { memberName, type Ctx } from "./context.js";

type Tx = (n: A.Expression) => Expr;

const COLUMN_AGGS: ReadonlySet<string> = new Set(["sum", "mean", "min", "max", "median", "std", "var", "count", "percentile"]);
const PREDICATE_AGGS: ReadonlySet<string> = new Set(["all", "any", "none"]);

const isGroup = (ctx: Ctx, n: A.Node): boolean => n.type === "Identifier" && (n as A.Identifier).name === ctx.groupParam;

function propertyOf(ctx: Ctx, c: A.Expression | A.Super): { obj: A.Expression; name: string } | undefined {
  if (c.type !== "MemberExpression" || c.object.type === "Super") return undefined;
  return { obj: c.object, name: memberName(ctx, c) };
}

/** `g.count()`, `g.all(r => …)`, `g.price.sum()`; undefined when `node` is none of these. */
export function groupCall(ctx: Ctx, node: A.CallExpression, tx: Tx): AggNode | undefined {
  if (!ctx.groupParam) return undefined;
  const p = propertyOf(ctx, node.callee);
  if (!p) return undefined;
  const args = node.arguments as A.Expression[];
  if (isGroup(ctx, p.obj)) {
    if (p.name === "count") {
      if (args.length) ctx.fail(node, `${ctx.q(node)}: g.count() takes no arguments; count a column's non-NULL values with g.col.count()`);
      return { kind: "agg", fn: "count", args: [] };
    }
    if (PREDICATE_AGGS.has(p.name)) return { kind: "agg", fn: p.name as AggFn, args: [rowPredicate(ctx, node, args, tx)] };
    if (p.name === "first" || p.name === "last") {
      ctx.fail(node, `${ctx.q(node)}: g.${p.name}() is the group's ${p.name} row; read a column of it, e.g. g.${p.name}().price`);
    }
    return ctx.fail(node, `${ctx.q(node)}: "${p.name}" is not a group function; use g.count(), g.first().col, g.last().col, g.col.sum()/mean()/min()/max()/median()/std()/var()/count()/percentile(p), g.all/any/none(r => …)`);
  }
  if (p.obj.type === "MemberExpression" && isGroup(ctx, p.obj.object) && COLUMN_AGGS.has(p.name)) {
    const column = col(memberName(ctx, p.obj));
    if (p.name === "percentile") {
      // A number literal, possibly negative (the engine checks the range: InvalidArgumentError).
      const q = args[0];
      const neg = q?.type === "UnaryExpression" && q.operator === "-" ? q.argument : undefined;
      const v = (neg ?? q)?.type === "Literal" ? ((neg ?? q) as A.Literal).value : undefined;
      if (args.length !== 1 || typeof v !== "number") {
        ctx.fail(node, `${ctx.q(node)}: percentile takes one number literal between 0 and 1, e.g. g.price.percentile(0.9)`);
      }
      return { kind: "agg", fn: "percentile", args: [column, lit(neg ? -v : v)] };
    }
    if (args.length) ctx.fail(node, `${ctx.q(node)}: g.col.${p.name}() takes no arguments`);
    return { kind: "agg", fn: p.name as AggFn, args: [column] };
  }
  return undefined;
}

/** `g.first().price` / `g.last().price`; undefined otherwise. Rejects any other read of `g`. */
export function groupMember(ctx: Ctx, node: A.MemberExpression): Expr | undefined {
  if (!ctx.groupParam) return undefined;
  const obj = node.object;
  if (obj.type === "CallExpression") {
    const p = propertyOf(ctx, obj.callee);
    if (p && isGroup(ctx, p.obj) && (p.name === "first" || p.name === "last")) {
      if (obj.arguments.length) ctx.fail(obj, `${ctx.q(obj)}: g.${p.name}() takes no arguments`);
      return { kind: "agg", fn: p.name, args: [col(memberName(ctx, node))] };
    }
  }
  if (isGroup(ctx, obj)) {
    const name = memberName(ctx, node);
    ctx.fail(node, `${ctx.q(node)}: a group has no single value of "${name}"; aggregate it, e.g. g.${name}.sum(), g.first().${name} or g.last().${name}`);
  }
  return undefined;
}

/** The row lambda of `g.all(r => …)`, translated with `r` as a row parameter. */
function rowPredicate(ctx: Ctx, node: A.CallExpression, args: A.Expression[], tx: Tx): Expr {
  const f = args[0];
  if (args.length !== 1 || (f.type !== "ArrowFunctionExpression" && f.type !== "FunctionExpression") || f.params.length !== 1 || f.params[0].type !== "Identifier") {
    return ctx.fail(node, `${ctx.q(node)}: takes one row lambda, e.g. g.all(r => r.price > 0)`);
  }
  let body: A.Expression;
  if (f.body.type === "BlockStatement") {
    const only = f.body.body[0];
    if (f.body.body.length !== 1 || only.type !== "ReturnStatement" || !only.argument) {
      return ctx.fail(f, `${ctx.q(f)}: write a single expression or a single return`);
    }
    body = only.argument;
  } else {
    body = f.body;
  }
  const name = f.params[0].name;
  const had = ctx.rowParams.has(name);
  ctx.rowParams.set(name, 0);
  try {
    return tx(body);
  } finally {
    if (!had) ctx.rowParams.delete(name);
  }
}
