/**
 * Sequence operators (API.md §5) → `window` nodes, as documented in `runtime/expr/tree.ts` and
 * produced by the fallback (`runtime/expr/parse/sequence.ts`): `x.shift(n, { default, partitionBy })`,
 * `x.diff(n)`, `x.pctChange(n)`, `x.rolling(w, opts).mean()` (sum/min/max/count/std),
 * `x.cumSum(opts)` / `cumMax` / `cumMin`, and `rowNumber()/rank()/denseRank()/ntile(n)` with an
 * optional `.over({ partitionBy, orderBy })`.
 */
import type TS from "typescript";
import { lit } from "../../../runtime/expr/build.js";
import type { WindowFn } from "../../../runtime/expr/tree.js";
import { helperName } from "../identify.js";
import type { MExpr, MLit, MSortKey, MWindow } from "../model.js";
import type { Lower } from "./context.js";
import { translateExpr } from "./expr.js";
import { hole } from "./holes.js";

const WITH_N: ReadonlySet<string> = new Set(["shift", "diff", "pctChange"]);
const CUMULATIVE: ReadonlySet<string> = new Set(["cumSum", "cumMax", "cumMin"]);
const ROLLING_AGGS: ReadonlySet<string> = new Set(["mean", "sum", "min", "max", "count", "std"]);
const RANKING: ReadonlySet<string> = new Set(["rowNumber", "rank", "denseRank", "ntile"]);

/** The window node for `node`, or undefined when it is not a sequence operator. */
export function sequenceCall(lw: Lower, node: TS.CallExpression): MWindow | undefined {
  const { ts } = lw;
  const ranking = rankingCall(lw, node);
  if (ranking) return ranking;
  const c = lw.skip(node.expression);
  if (!ts.isPropertyAccessExpression(c) || !ts.isIdentifier(c.name) || c.expression.kind === ts.SyntaxKind.SuperKeyword) return undefined;
  const name = c.name.text;
  const args = [...node.arguments];
  const inner = lw.skip(c.expression);
  if (ROLLING_AGGS.has(name) && ts.isCallExpression(inner)) {
    const ic = lw.skip(inner.expression);
    if (ts.isPropertyAccessExpression(ic) && ts.isIdentifier(ic.name) && ic.name.text === "rolling") {
      if (args.length) lw.fail(node, "ARITY", `${lw.q(node)}: .${name}() takes no arguments`);
      const [w, opts] = inner.arguments;
      if (!w) lw.fail(inner, "ARITY", `${lw.q(inner)}: rolling needs a window size, e.g. rolling(3)`);
      const x = translateExpr(lw, ic.expression);
      return withOptions(lw, { kind: "window", fn: `rolling.${name}` as WindowFn, args: [x, positiveInt(lw, w, "rolling window")] }, opts, false);
    }
  }
  if (name === "rolling") {
    lw.fail(node, "WINDOW_OPTIONS", `${lw.q(node)}: rolling(w) must be followed by an aggregate: .mean(), .sum(), .min(), .max(), .count() or .std()`);
  }
  if (WITH_N.has(name)) {
    if (args.length > 2) lw.fail(node, "ARITY", `${lw.q(node)}: ${name} takes (n?, options?)`);
    const x = translateExpr(lw, c.expression);
    let [n, opts]: (TS.Expression | undefined)[] = args;
    if (n && ts.isObjectLiteralExpression(lw.skip(n))) [n, opts] = [undefined, n];
    const nExpr = n ? integer(lw, n, `${name} offset`) : (lit(1) as MLit);
    return withOptions(lw, { kind: "window", fn: name as WindowFn, args: [x, nExpr] }, opts, name === "shift");
  }
  if (CUMULATIVE.has(name)) {
    if (args.length > 1) lw.fail(node, "ARITY", `${lw.q(node)}: ${name} takes (options?)`);
    return withOptions(lw, { kind: "window", fn: name as WindowFn, args: [translateExpr(lw, c.expression)] }, args[0], false);
  }
  return undefined;
}

/** `rowNumber()`, `ntile(4)`, optionally `.over({ partitionBy, orderBy })`. */
function rankingCall(lw: Lower, node: TS.CallExpression): MWindow | undefined {
  const { ts } = lw;
  let base = node;
  let over: TS.Expression | undefined;
  const c = lw.skip(node.expression);
  if (ts.isPropertyAccessExpression(c) && ts.isIdentifier(c.name) && c.name.text === "over" && ts.isCallExpression(lw.skip(c.expression))) {
    base = lw.skip(c.expression) as TS.CallExpression;
    if (node.arguments.length !== 1) lw.fail(node, "ARITY", `${lw.q(node)}: over takes one object, e.g. .over({ partitionBy: r.sym, orderBy: r.date })`);
    over = node.arguments[0];
  }
  const name = helperName(lw.env, base.expression);
  if (!name || !RANKING.has(name)) {
    if (over) lw.fail(node, "WINDOW_OPTIONS", `${lw.q(node)}: .over(...) applies to rowNumber(), rank(), denseRank() and ntile(n)`);
    return undefined;
  }
  const args = [...base.arguments];
  const w: MWindow = { kind: "window", fn: name as WindowFn, args: [] };
  if (name === "ntile") {
    if (args.length !== 1) lw.fail(base, "ARITY", `${lw.q(base)}: ntile takes the number of buckets, e.g. ntile(4)`);
    w.args.push(positiveInt(lw, args[0], "ntile buckets"));
  } else if (args.length) {
    lw.fail(base, "ARITY", `${lw.q(base)}: ${name}() takes no arguments; use .over({ partitionBy, orderBy })`);
  }
  if (!over) return w;
  const o = lw.skip(over);
  if (!ts.isObjectLiteralExpression(o)) lw.fail(over, "WINDOW_OPTIONS", `${lw.q(over)}: over takes an object literal { partitionBy?, orderBy? }`);
  for (const p of o.properties) {
    const [key, value] = option(lw, p);
    if (key === "partitionBy") w.partitionBy = columnsArg(lw, value);
    else if (key === "orderBy") w.orderBy = sortKeys(lw, value);
    else lw.fail(p, "WINDOW_OPTIONS", `${lw.q(p)}: unknown option "${key}" of over; use partitionBy and orderBy`);
  }
  return w;
}

function withOptions(lw: Lower, w: MWindow, opts: TS.Expression | undefined, allowDefault: boolean): MWindow {
  if (!opts) return w;
  const o = lw.skip(opts);
  if (!lw.ts.isObjectLiteralExpression(o)) lw.fail(opts, "WINDOW_OPTIONS", `${lw.q(opts)}: options must be an object literal, e.g. { partitionBy: r.sym }`);
  for (const p of o.properties) {
    const [key, value] = option(lw, p);
    if (key === "partitionBy") w.partitionBy = columnsArg(lw, value);
    else if (key === "default" && allowDefault) w.default = translateExpr(lw, value);
    else lw.fail(p, "WINDOW_OPTIONS", `${lw.q(p)}: unknown option "${key}"; ${allowDefault ? "use default and partitionBy" : "use partitionBy"}`);
  }
  return w;
}

/** A `key: value` option (also `{ partitionBy }` shorthand for a variable holding column names). */
function option(lw: Lower, p: TS.ObjectLiteralElementLike): [string, TS.Expression] {
  const { ts } = lw;
  if (ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) return [p.name.text, p.initializer];
  if (ts.isShorthandPropertyAssignment(p)) return [p.name.text, p.name];
  return lw.fail(p, "WINDOW_OPTIONS", `${lw.q(p)}: write options as plain \`key: value\` pairs`);
}

/** `r.sym`, `[r.a, r.b]`, `"sym"` or `["a", "b"]`; a column name from outside the lambda is read at call time. */
function columnsArg(lw: Lower, v: TS.Expression): MExpr[] {
  const { ts } = lw;
  const one = (e: TS.Expression): MExpr => {
    const s = lw.skip(e);
    if (ts.isStringLiteral(s)) return { kind: "col", name: s.text };
    if (!lw.readsRow(s) && lw.readsOutside(s) && isStringTyped(lw, s)) return { kind: "col", name: { hole: e } };
    return translateExpr(lw, e);
  };
  const a = lw.skip(v);
  if (ts.isArrayLiteralExpression(a)) {
    return a.elements.map((e) => (ts.isOmittedExpression(e) || ts.isSpreadElement(e) ? lw.fail(a, "WINDOW_OPTIONS", `${lw.q(a)}: list columns one by one`) : one(e)));
  }
  return [one(v)];
}

function isStringTyped(lw: Lower, e: TS.Expression): boolean {
  const t = lw.env.checker.getTypeAtLocation(e);
  return (t.flags & lw.ts.TypeFlags.StringLike) !== 0 || (t.isUnion() && t.types.every((u) => (u.flags & lw.ts.TypeFlags.StringLike) !== 0));
}

/** `r.date`, `r.date.desc()`, `desc(r.date)`, `"date"`, or an array of these. */
function sortKeys(lw: Lower, v: TS.Expression): MSortKey[] {
  return columnsArg(lw, v).map((e) =>
    e.kind === "call" && e.fn === "desc" ? { expr: e.args[0] as MExpr, desc: true } : { expr: e, desc: false },
  );
}

/** An integer literal (`1`, `-1`), a constant of a number-literal type, or a number from outside the lambda. */
function integer(lw: Lower, n: TS.Expression, what: string): MExpr {
  const { ts } = lw;
  const s = lw.skip(n);
  let v: number | undefined;
  if (ts.isNumericLiteral(s)) v = Number(s.text);
  else if (ts.isPrefixUnaryExpression(s) && s.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(lw.skip(s.operand))) {
    v = -Number((lw.skip(s.operand) as TS.NumericLiteral).text);
  } else if (!lw.readsRow(s)) {
    const t = lw.env.checker.getTypeAtLocation(s);
    if (t.isNumberLiteral()) v = t.value;
    else if (t.flags & (ts.TypeFlags.NumberLike | ts.TypeFlags.Any)) return hole(lw, n);
  }
  if (v === undefined || !Number.isInteger(v)) lw.fail(n, "LITERAL_REQUIRED", `${lw.q(n)}: the ${what} must be an integer`);
  return lit(v) as MLit;
}

/** An integer; its range (`rolling(0)`, `ntile(0)`) is the engine's InvalidArgumentError (API.md §12), as in the fallback. */
function positiveInt(lw: Lower, n: TS.Expression, what: string): MExpr {
  return integer(lw, n, what);
}
