/**
 * Sequence operators (API.md §5) → `window` nodes: `x.shift(n, { default, partitionBy })`,
 * `x.diff(n)`, `x.pctChange(n)`, `x.rolling(w, opts).mean()` (and sum/min/max/count/std),
 * `x.cumSum(opts)` / `cumMax` / `cumMin`, and `rowNumber()/rank()/denseRank()/ntile(n)` with an
 * optional `.over({ partitionBy, orderBy })`.
 */
import type * as A from "acorn";
import { col, lit } from "../build.js";
import type { Expr, SortKeyNode, WindowFn, WindowNode } from "../tree.js";
import { helperCallee, type Ctx } from "./context.js";

type Tx = (n: A.Expression) => Expr;

const WITH_N: ReadonlySet<string> = new Set(["shift", "diff", "pctChange"]);
const CUMULATIVE: ReadonlySet<string> = new Set(["cumSum", "cumMax", "cumMin"]);
const ROLLING_AGGS: ReadonlySet<string> = new Set(["mean", "sum", "min", "max", "count", "std"]);
const RANKING: ReadonlySet<string> = new Set(["rowNumber", "rank", "denseRank", "ntile"]);

/** The window node for `node`, or undefined when it is not a sequence operator. */
export function sequenceCall(ctx: Ctx, node: A.CallExpression, tx: Tx): WindowNode | undefined {
  const ranking = rankingCall(ctx, node, tx);
  if (ranking) return ranking;
  const c = node.callee;
  if (c.type !== "MemberExpression" || c.computed || c.property.type !== "Identifier" || c.object.type === "Super") return undefined;
  const name = c.property.name;
  const args = node.arguments as A.Expression[];
  // x.rolling(w, opts).mean()
  if (ROLLING_AGGS.has(name) && c.object.type === "CallExpression") {
    const inner = c.object;
    const ic = inner.callee;
    if (ic.type === "MemberExpression" && !ic.computed && ic.property.type === "Identifier" && ic.property.name === "rolling") {
      if (args.length) ctx.fail(node, `${ctx.q(node)}: .${name}() takes no arguments`);
      const [w, opts] = inner.arguments as A.Expression[];
      if (!w) ctx.fail(inner, `${ctx.q(inner)}: rolling needs a window size, e.g. rolling(3)`);
      const x = tx(ic.object as A.Expression);
      return withOptions(ctx, { kind: "window", fn: `rolling.${name}` as WindowFn, args: [x, positiveInt(ctx, w, "rolling window")] }, opts, tx, false);
    }
  }
  if (name === "rolling") {
    ctx.fail(node, `${ctx.q(node)}: rolling(w) must be followed by an aggregate: .mean(), .sum(), .min(), .max(), .count() or .std()`);
  }
  if (WITH_N.has(name)) {
    if (args.length > 2) ctx.fail(node, `${ctx.q(node)}: ${name} takes (n?, options?)`);
    const x = tx(c.object);
    let [n, opts] = args;
    if (n && n.type === "ObjectExpression") [n, opts] = [undefined as unknown as A.Expression, n];
    const nExpr = n ? integer(ctx, n, `${name} offset`) : lit(1);
    return withOptions(ctx, { kind: "window", fn: name as WindowFn, args: [x, nExpr] }, opts, tx, name === "shift");
  }
  if (CUMULATIVE.has(name)) {
    if (args.length > 1) ctx.fail(node, `${ctx.q(node)}: ${name} takes (options?)`);
    return withOptions(ctx, { kind: "window", fn: name as WindowFn, args: [tx(c.object)] }, args[0], tx, false);
  }
  return undefined;
}

/** `rowNumber()`, `ntile(4)`, optionally `.over({ partitionBy, orderBy })`. */
function rankingCall(ctx: Ctx, node: A.CallExpression, tx: Tx): WindowNode | undefined {
  let base = node;
  let over: A.Expression | undefined;
  const c = node.callee;
  if (c.type === "MemberExpression" && !c.computed && c.property.type === "Identifier" && c.property.name === "over" && c.object.type === "CallExpression") {
    base = c.object;
    if (node.arguments.length !== 1) ctx.fail(node, `${ctx.q(node)}: over takes one object, e.g. .over({ partitionBy: r.sym, orderBy: r.date })`);
    over = node.arguments[0] as A.Expression;
  }
  const name = helperCallee(ctx, base.callee);
  if (!name || !RANKING.has(name)) {
    if (over) ctx.fail(node, `${ctx.q(node)}: .over(...) applies to rowNumber(), rank(), denseRank() and ntile(n)`);
    return undefined;
  }
  const args = base.arguments as A.Expression[];
  const w: WindowNode = { kind: "window", fn: name as WindowFn, args: [] };
  if (name === "ntile") {
    if (args.length !== 1) ctx.fail(base, `${ctx.q(base)}: ntile takes the number of buckets, e.g. ntile(4)`);
    w.args.push(positiveInt(ctx, args[0], "ntile buckets"));
  } else if (args.length) {
    ctx.fail(base, `${ctx.q(base)}: ${name}() takes no arguments; use .over({ partitionBy, orderBy })`);
  }
  if (!over) return w;
  if (over.type !== "ObjectExpression") ctx.fail(over, `${ctx.q(over)}: over takes an object literal { partitionBy?, orderBy? }`);
  for (const p of over.properties) {
    const key = propName(ctx, p);
    const value = (p as A.Property).value as A.Expression;
    if (key === "partitionBy") w.partitionBy = columnsArg(ctx, value, tx);
    else if (key === "orderBy") w.orderBy = sortKeys(ctx, value, tx);
    else ctx.fail(p, `${ctx.q(p)}: unknown option "${key}" of over; use partitionBy and orderBy`);
  }
  return w;
}

function withOptions(ctx: Ctx, w: WindowNode, opts: A.Expression | undefined, tx: Tx, allowDefault: boolean): WindowNode {
  if (!opts) return w;
  if (opts.type !== "ObjectExpression") ctx.fail(opts, `${ctx.q(opts)}: options must be an object literal, e.g. { partitionBy: r.sym }`);
  for (const p of opts.properties) {
    const key = propName(ctx, p);
    const value = (p as A.Property).value as A.Expression;
    if (key === "partitionBy") w.partitionBy = columnsArg(ctx, value, tx);
    else if (key === "default" && allowDefault) w.default = tx(value);
    else ctx.fail(p, `${ctx.q(p)}: unknown option "${key}"; ${allowDefault ? "use default and partitionBy" : "use partitionBy"}`);
  }
  return w;
}

function propName(ctx: Ctx, p: A.Property | A.SpreadElement): string {
  if (p.type !== "Property" || p.computed || p.kind !== "init" || p.method) {
    return ctx.fail(p, `${ctx.q(p)}: write options as plain \`key: value\` pairs`);
  }
  if (p.key.type === "Identifier") return p.key.name;
  if (p.key.type === "Literal" && typeof p.key.value === "string") return p.key.value;
  return ctx.fail(p, `${ctx.q(p)}: write options as plain \`key: value\` pairs`);
}

/** `r.sym`, `[r.a, r.b]`, `"sym"` or `["a", "b"]`. */
function columnsArg(ctx: Ctx, v: A.Expression, tx: Tx): Expr[] {
  const one = (e: A.Expression): Expr => (e.type === "Literal" && typeof e.value === "string" ? col(e.value) : tx(e));
  if (v.type === "ArrayExpression") {
    return v.elements.map((e) => (!e || e.type === "SpreadElement" ? ctx.fail(v, `${ctx.q(v)}: list columns one by one`) : one(e)));
  }
  return [one(v)];
}

/** `r.date`, `r.date.desc()`, `desc(r.date)`, `"date"`, or an array of these. */
function sortKeys(ctx: Ctx, v: A.Expression, tx: Tx): SortKeyNode[] {
  return columnsArg(ctx, v, tx).map((e) =>
    e.kind === "call" && e.fn === "desc" ? { expr: e.args[0], desc: true } : { expr: e, desc: false },
  );
}

function integer(ctx: Ctx, n: A.Expression, what: string): Expr {
  const v = n.type === "UnaryExpression" && n.operator === "-" && n.argument.type === "Literal" ? -Number(n.argument.value) : n.type === "Literal" ? n.value : NaN;
  if (typeof v !== "number" || !Number.isInteger(v)) ctx.fail(n, `${ctx.q(n)}: the ${what} must be an integer literal`);
  return lit(v);
}

/** An integer literal; its range (`rolling(0)`, `ntile(0)`) is the engine's InvalidArgumentError (API.md §12). */
function positiveInt(ctx: Ctx, n: A.Expression, what: string): Expr {
  return integer(ctx, n, what);
}
