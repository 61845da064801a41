/**
 * TypeScript AST → tree for everything but calls (`./calls.ts`): body forms, operators, literals,
 * template literals, column access, and the split between row expressions (lowered) and
 * row-independent ones (kept as code, evaluated at call time). Mirrors the run-time fallback
 * (`runtime/expr/parse/expr.ts`) so both produce identical trees for the same lambda.
 */
import type TS from "typescript";
import { lit } from "../../../runtime/expr/build.js";
import { isColumnMember, lookupMethod } from "../../../runtime/expr/registry.js";
import type { BinaryOp } from "../../../runtime/expr/tree.js";
import { LoweringError } from "../errors.js";
import { isLibGlobal } from "../identify.js";
import { mcol, type MBody, type MExpr, type MLit } from "../model.js";
import { translateCall } from "./calls.js";
import { groupMember } from "./group.js";
import type { Lower } from "./context.js";
import { hole } from "./holes.js";

/** The top-level body: an array literal (list), an object literal (record), or an expression. */
export function translateBody(lw: Lower, node: TS.Expression): MBody {
  const { ts } = lw;
  const n = lw.skip(node);
  if (ts.isArrayLiteralExpression(n)) return { kind: "list", items: n.elements.map((e) => translateExpr(lw, arrayItem(lw, n, e, "list"))) };
  if (ts.isObjectLiteralExpression(n)) return record(lw, n);
  return translateExpr(lw, node);
}

function record(lw: Lower, n: TS.ObjectLiteralExpression): MBody {
  const { ts } = lw;
  const fields: { name: string; expr: MExpr }[] = [];
  for (const p of n.properties) {
    if (ts.isSpreadAssignment(p)) {
      lw.fail(p, "BODY_SHAPE", `${lw.q(p)}: spread is not supported in a record body; list the fields: \`({ a: r.a, b: r.b })\``);
    }
    if (!ts.isPropertyAssignment(p) && !ts.isShorthandPropertyAssignment(p)) {
      lw.fail(p, "BODY_SHAPE", `${lw.q(p)}: getters, setters and methods are not supported in a record body; write \`name: expression\``);
    }
    if (ts.isComputedPropertyName(p.name)) {
      lw.fail(p.name, "BODY_SHAPE", `${lw.q(p)}: computed field names are not supported; write the name: \`{ total: ... }\` or \`{ "unit price": ... }\``);
    }
    const name = ts.isIdentifier(p.name) || ts.isStringLiteral(p.name) || ts.isNoSubstitutionTemplateLiteral(p.name) ? p.name.text
      : lw.fail(p.name, "BODY_SHAPE", `${lw.q(p.name)}: a field name must be an identifier or a string`);
    if (fields.some((f) => f.name === name)) lw.fail(p, "BODY_SHAPE", `${lw.q(p)}: field "${name}" is given twice`);
    if (ts.isShorthandPropertyAssignment(p)) {
      if (p.objectAssignmentInitializer) lw.fail(p, "BODY_SHAPE", `${lw.q(p)}: write \`name: expression\``);
      fields.push({ name, expr: translateExpr(lw, p.name) });
    } else {
      fields.push({ name, expr: translateExpr(lw, p.initializer) });
    }
  }
  return { kind: "record", fields };
}

/** An element of an array literal (the list body, `isIn([...])`): no holes, no spreads. */
export function arrayItem(lw: Lower, array: TS.ArrayLiteralExpression, e: TS.Expression, where: string): TS.Expression {
  if (lw.ts.isOmittedExpression(e)) lw.fail(array, "BODY_SHAPE", `${lw.q(array)}: holes are not allowed in the ${where} array`);
  if (lw.ts.isSpreadElement(e)) lw.fail(e, "BODY_SHAPE", `${lw.q(e)}: spread is not supported in the ${where} array; list the items`);
  return e;
}

/**
 * One expression. A row-independent expression is a constant: translated like the fallback does
 * when it reads nothing from outside the lambda (`18`, `Math.PI`, `"a" + "b"`), otherwise kept
 * as code and evaluated at call time (`MIN * 1.1`, `this.limit`, `new Date(2024, 0, 1)`).
 */
export function translateExpr(lw: Lower, node: TS.Expression): MExpr {
  const n = lw.skip(node);
  if (!lw.readsRow(n)) return constant(lw, node);
  return structural(lw, n);
}

function constant(lw: Lower, node: TS.Expression): MExpr {
  const n = lw.skip(node);
  if (!lw.readsOutside(n)) {
    try {
      return structural(lw, n);
    } catch (e) {
      // A constant outside the tree language (`2 ** 10`, `[1, 2].length`): JavaScript computes it.
      if (!(e instanceof LoweringError) || e.code === "NON_FINITE") throw e;
    }
  }
  return hole(lw, node);
}

const BINARY_OPS = new Map<number, BinaryOp>();
function binaryOps(ts: typeof TS): Map<number, BinaryOp> {
  if (BINARY_OPS.size === 0) {
    const K = ts.SyntaxKind;
    const pairs: [number, BinaryOp][] = [
      [K.EqualsEqualsEqualsToken, "=="], [K.EqualsEqualsToken, "=="], [K.ExclamationEqualsEqualsToken, "!="],
      [K.ExclamationEqualsToken, "!="], [K.LessThanToken, "<"], [K.LessThanEqualsToken, "<="],
      [K.GreaterThanToken, ">"], [K.GreaterThanEqualsToken, ">="], [K.PlusToken, "+"], [K.MinusToken, "-"],
      [K.AsteriskToken, "*"], [K.SlashToken, "/"], [K.PercentToken, "%"],
      [K.AmpersandAmpersandToken, "&&"], [K.BarBarToken, "||"],
    ];
    for (const [k, op] of pairs) BINARY_OPS.set(k, op);
  }
  return BINARY_OPS;
}

function structural(lw: Lower, n: TS.Expression): MExpr {
  const { ts } = lw;
  const K = ts.SyntaxKind;
  switch (n.kind) {
    case K.Identifier: return identifier(lw, n as TS.Identifier);
    case K.NumericLiteral: return number(lw, n, Number((n as TS.NumericLiteral).text));
    case K.BigIntLiteral: return bigint(lw, n, BigInt((n as TS.BigIntLiteral).text.slice(0, -1)));
    case K.StringLiteral: case K.NoSubstitutionTemplateLiteral: return lit((n as TS.StringLiteral).text) as MLit;
    case K.TrueKeyword: return lit(true) as MLit;
    case K.FalseKeyword: return lit(false) as MLit;
    case K.NullKeyword: return lit(null) as MLit;
    case K.RegularExpressionLiteral:
      return lw.fail(n, "BODY_SHAPE", `${lw.q(n)}: a regular expression is allowed only as the argument of \`.matches(/re/)\``);
    case K.TemplateExpression: return template(lw, n as TS.TemplateExpression);
    case K.PrefixUnaryExpression: return prefix(lw, n as TS.PrefixUnaryExpression);
    case K.PostfixUnaryExpression: {
      const u = n as TS.PostfixUnaryExpression;
      const op = u.operator === K.PlusPlusToken ? "++" : "--";
      return lw.fail(n, "UNSUPPORTED_OPERATOR", `${lw.q(n)}: \`${op}\` is not supported in a lambda; write \`${lw.snippet(u.operand)} ${op[0]} 1\``);
    }
    case K.TypeOfExpression:
      return lw.fail(n, "UNSUPPORTED_OPERATOR", `${lw.q(n)}: \`typeof\` is not supported; a column has one type for every row (test NULL with \`x === null\`)`);
    case K.VoidExpression: {
      const arg = lw.skip((n as TS.VoidExpression).expression);
      if (ts.isNumericLiteral(arg) && arg.text === "0") return lit(null) as MLit;
      return lw.fail(n, "UNSUPPORTED_OPERATOR", `${lw.q(n)}: \`void\` is not supported; write \`null\``);
    }
    case K.DeleteExpression:
      return lw.fail(n, "UNSUPPORTED_OPERATOR", `${lw.q(n)}: \`delete\` is not supported; to leave a column out, use \`select\`/\`drop\``);
    case K.BinaryExpression: return binaryExpr(lw, n as TS.BinaryExpression);
    case K.ConditionalExpression: {
      const c = n as TS.ConditionalExpression;
      return { kind: "cond", test: translateExpr(lw, c.condition), then: translateExpr(lw, c.whenTrue), else: translateExpr(lw, c.whenFalse) };
    }
    case K.PropertyAccessExpression: case K.ElementAccessExpression:
      return member(lw, n as TS.PropertyAccessExpression | TS.ElementAccessExpression);
    case K.CallExpression: return translateCall(lw, n as TS.CallExpression);
    case K.ThisKeyword:
      return lw.fail(n, "THIS_IN_FUNCTION", "`this` is not available here; read columns through the row parameter (`r.age`)");
    case K.ArrayLiteralExpression:
      return lw.fail(n, "BODY_SHAPE", `${lw.q(n)}: an array literal is allowed only as the whole body (\`r => [r.a, r.b]\`) or as the argument of \`.isIn([...])\``);
    case K.ObjectLiteralExpression:
      return lw.fail(n, "BODY_SHAPE", `${lw.q(n)}: an object literal is allowed only as the whole body (\`r => ({ total: r.price * r.qty })\`)`);
    case K.SpreadElement:
      return lw.fail(n, "BODY_SHAPE", `${lw.q(n)}: spread (\`...\`) is not supported; pass the values one by one`);
    case K.NewExpression:
      return lw.fail(n, "UNSUPPORTED_SYNTAX", `${lw.q(n)}: \`new\` on row values is not supported; for dates compare epoch milliseconds (\`r.d.getTime()\`); a \`new Date(...)\` that does not read the row is evaluated once, at call time`);
    case K.AwaitExpression: case K.YieldExpression:
      return lw.fail(n, "UNSUPPORTED_SYNTAX", `${lw.q(n)}: \`${n.kind === K.AwaitExpression ? "await" : "yield"}\` is not supported; a lambda is a single synchronous expression`);
    case K.TaggedTemplateExpression:
      return lw.fail(n, "UNSUPPORTED_SYNTAX", `${lw.q(n)}: tagged templates are not supported on row values; use a plain template literal (\`\${r.first} \${r.last}\`)`);
    case K.ArrowFunction: case K.FunctionExpression: case K.ClassExpression:
      return lw.fail(n, "UNSUPPORTED_SYNTAX", `${lw.q(n)}: nested functions and classes that read the row are not supported inside a lambda`);
  }
  return lw.fail(n, "UNSUPPORTED_SYNTAX", `${lw.q(n)} is not supported in a lambda`);
}

function number(lw: Lower, n: TS.Node, v: number): MLit {
  if (!Number.isFinite(v)) {
    lw.fail(n, "NON_FINITE", `${lw.q(n)}: literal ${v} is not a finite number; LTSeq columns cannot hold NaN or Infinity literals`);
  }
  return lit(v) as MLit;
}

function bigint(lw: Lower, n: TS.Node, v: bigint): MLit {
  if (v > 9223372036854775807n || v < -9223372036854775808n) lw.fail(n, "LITERAL_REQUIRED", `${lw.q(n)}: the integer is outside the int64 range`);
  return lit(v) as MLit;
}

function identifier(lw: Lower, id: TS.Identifier): MExpr {
  const local = lw.localColumn(id);
  if (local !== undefined) return mcol(local.column, local.input);
  if (lw.isRowParam(id)) {
    return lw.fail(id, "ROW_ESCAPES", `the row parameter \`${id.text}\` cannot be used as a value; read a column, e.g. \`${id.text}.age\``);
  }
  if (lw.isGroupParam(id)) {
    return lw.fail(id, "GROUP_EXPRESSION", `the group \`${id.text}\` cannot be used as a value; aggregate it, e.g. \`${id.text}.count()\`, \`${id.text}.price.sum()\``);
  }
  if (isLibGlobal(lw.env, id, "undefined")) return lit(null) as MLit;
  return lw.fail(id, "UNSUPPORTED_SYNTAX", `\`${id.text}\` can only be used to call a function or read a constant, e.g. \`Math.abs(x)\`, \`Math.PI\``);
}

/** `` `a${x}b` `` → concat("a", x, "b"), empty parts skipped. */
function template(lw: Lower, n: TS.TemplateExpression): MExpr {
  const parts: MExpr[] = [];
  if (n.head.text !== "") parts.push(lit(n.head.text) as MLit);
  for (const span of n.templateSpans) {
    parts.push(translateExpr(lw, span.expression));
    if (span.literal.text !== "") parts.push(lit(span.literal.text) as MLit);
  }
  return { kind: "call", fn: "concat", args: parts };
}

function prefix(lw: Lower, n: TS.PrefixUnaryExpression): MExpr {
  const { ts } = lw;
  const K = ts.SyntaxKind;
  const arg = lw.skip(n.operand);
  switch (n.operator) {
    case K.ExclamationToken: return { kind: "unary", op: "!", arg: translateExpr(lw, n.operand) };
    case K.MinusToken:
      if (ts.isNumericLiteral(arg)) return number(lw, n, -Number(arg.text));
      if (ts.isBigIntLiteral(arg)) return bigint(lw, n, -BigInt(arg.text.slice(0, -1)));
      return { kind: "unary", op: "-", arg: translateExpr(lw, n.operand) };
    case K.PlusToken:
      return lw.fail(n, "UNSUPPORTED_OPERATOR", `${lw.q(n)}: unary \`+\` is not supported; to convert, use \`${lw.snippet(n.operand)}.cast("float64")\``);
    case K.TildeToken:
      return bitwise(lw, n, "~");
    default: {
      const op = n.operator === K.PlusPlusToken ? "++" : "--";
      return lw.fail(n, "UNSUPPORTED_OPERATOR", `${lw.q(n)}: \`${op}\` is not supported in a lambda; write \`${lw.snippet(n.operand)} ${op[0]} 1\``);
    }
  }
}

function bitwise(lw: Lower, n: TS.Node, op: string): never {
  return lw.fail(n, "UNSUPPORTED_OPERATOR", `${lw.q(n)}: bitwise operator "${op}" is not supported; use arithmetic (\`%\`, \`Math.floor\`, \`Math.pow\`) for numbers and \`&&\`/\`||\`/\`!\` for logic`);
}

function isNullNode(lw: Lower, node: TS.Expression): boolean {
  const { ts } = lw;
  const n = lw.skip(node);
  return n.kind === ts.SyntaxKind.NullKeyword ||
    (ts.isIdentifier(n) && isLibGlobal(lw.env, n, "undefined")) ||
    (ts.isVoidExpression(n) && ts.isNumericLiteral(lw.skip(n.expression)) && (lw.skip(n.expression) as TS.NumericLiteral).text === "0");
}

function binaryExpr(lw: Lower, n: TS.BinaryExpression): MExpr {
  const { ts } = lw;
  const K = ts.SyntaxKind;
  const k = n.operatorToken.kind;
  const opText = n.operatorToken.getText(lw.env.sf);
  if (k === K.EqualsEqualsToken || k === K.EqualsEqualsEqualsToken || k === K.ExclamationEqualsToken || k === K.ExclamationEqualsEqualsToken) {
    const fn = k === K.EqualsEqualsToken || k === K.EqualsEqualsEqualsToken ? "isNull" : "isNotNull";
    if (isNullNode(lw, n.right)) return { kind: "call", fn, args: [translateExpr(lw, n.left)] };
    if (isNullNode(lw, n.left)) return { kind: "call", fn, args: [translateExpr(lw, n.right)] };
  }
  if (k === K.QuestionQuestionToken) {
    // `a ?? b ?? c` parses as `(a ?? b) ?? c`: flatten to one coalesce.
    const left = translateExpr(lw, n.left);
    const right = translateExpr(lw, n.right);
    const l = lw.skip(n.left);
    const isChain = ts.isBinaryExpression(l) && l.operatorToken.kind === K.QuestionQuestionToken;
    return isChain && left.kind === "call" ? { kind: "call", fn: "coalesce", args: [...left.args, right] } : { kind: "call", fn: "coalesce", args: [left, right] };
  }
  const mapped = binaryOps(ts).get(k);
  if (mapped) return { kind: "binary", op: mapped, left: translateExpr(lw, n.left), right: translateExpr(lw, n.right) };
  if (k >= K.FirstAssignment && k <= K.LastAssignment) {
    return lw.fail(n, "UNSUPPORTED_OPERATOR", `${lw.q(n)}: assignment is not supported in a lambda${k === K.EqualsToken ? "; to compare, use `===`" : "; compute a new value instead, e.g. `r.a + 1`"}`);
  }
  switch (k) {
    case K.CommaToken:
      return lw.fail(n, "UNSUPPORTED_OPERATOR", `${lw.q(n)}: the comma operator is not supported; a lambda is a single expression`);
    case K.AsteriskAsteriskToken:
      return lw.fail(n, "UNSUPPORTED_OPERATOR", `${lw.q(n)}: \`**\` is not supported on row values; use \`Math.pow(${lw.snippet(n.left)}, ${lw.snippet(n.right)})\``);
    case K.InKeyword:
      return lw.fail(n, "UNSUPPORTED_OPERATOR", `${lw.q(n)}: the \`in\` operator is not supported; to test membership in a list, use \`x.isIn([a, b, c])\``);
    case K.InstanceOfKeyword:
      return lw.fail(n, "UNSUPPORTED_OPERATOR", `${lw.q(n)}: \`instanceof\` is not supported; a column has one type for every row (convert with \`x.cast("...")\`)`);
    case K.AmpersandToken: case K.BarToken: case K.CaretToken: case K.LessThanLessThanToken:
    case K.GreaterThanGreaterThanToken: case K.GreaterThanGreaterThanGreaterThanToken:
      return bitwise(lw, n, opText);
  }
  return lw.fail(n, "UNSUPPORTED_OPERATOR", `${lw.q(n)}: operator "${opText}" is not supported`);
}

/** Constants read as `Math.PI` etc. */
const MATH_CONSTANTS = new Set(["PI", "E", "LN2", "LN10", "LOG2E", "LOG10E", "SQRT2", "SQRT1_2"]);

/** The name of a member access: `x.name`, `x["name"]`, ``x[`name`]``, or `x[K]` with K of one string-literal type. */
export function memberName(lw: Lower, node: TS.PropertyAccessExpression | TS.ElementAccessExpression): string {
  const { ts } = lw;
  if (ts.isPropertyAccessExpression(node)) {
    if (ts.isPrivateIdentifier(node.name)) lw.fail(node.name, "UNSUPPORTED_SYNTAX", `${lw.q(node)}: private names are not supported`);
    return node.name.text;
  }
  const k = lw.skip(node.argumentExpression);
  if (ts.isStringLiteral(k) || ts.isNoSubstitutionTemplateLiteral(k)) return k.text;
  const t = lw.env.checker.getTypeAtLocation(k);
  if (t.isStringLiteral() && !lw.readsRow(k)) return t.value;
  return lw.fail(k, "LITERAL_REQUIRED", `${lw.q(node)}: a computed name must be a string literal, e.g. \`r["unit price"]\``);
}

function optionalChain(lw: Lower, node: TS.Node): never {
  const text = lw.snippet(node).replace(/\?\.(?=[([])/g, "").replace(/\?\./g, ".");
  return lw.fail(node, "OPTIONAL_CHAIN", `${lw.q(node)}: optional chaining (\`?.\`) is not supported; write \`${text}\` (columns are never undefined, and NULLs propagate through operators and methods; test NULL with \`x === null\`, replace it with \`x ?? v\`)`);
}

export function checkNotOptional(lw: Lower, node: TS.Node): void {
  if (node.flags & lw.ts.NodeFlags.OptionalChain) optionalChain(lw, node);
}

/** `r.age` / `r["unit price"]` (a column), `x.length` (a property function), `Math.PI`. */
function member(lw: Lower, node: TS.PropertyAccessExpression | TS.ElementAccessExpression): MExpr {
  const { ts } = lw;
  checkNotOptional(lw, node);
  const agg = groupMember(lw, node);
  if (agg) return agg;
  const obj = lw.skip(node.expression);
  const input = ts.isIdentifier(obj) ? lw.rowInput(obj) : undefined;
  if (input !== undefined) {
    if (ts.isElementAccessExpression(node)) {
      const k = lw.skip(node.argumentExpression);
      // r[name] with a column name from outside the lambda: the name is read at call time.
      if (!ts.isStringLiteral(k) && !ts.isNoSubstitutionTemplateLiteral(k) && !lw.readsRow(k) && lw.readsOutside(k) &&
        !lw.env.checker.getTypeAtLocation(k).isStringLiteral()) {
        return mcol({ hole: node.argumentExpression }, input);
      }
    }
    return mcol(memberName(lw, node), input);
  }
  const name = memberName(lw, node);
  const path = pointerPath(lw, obj, name);
  if (path) return path;
  if (ts.isIdentifier(obj) && isLibGlobal(lw.env, obj, "Math")) {
    if (MATH_CONSTANTS.has(name)) return lit(Math[name as "PI"]) as MLit;
    return lw.fail(node, "UNKNOWN_PROPERTY", `${lw.q(node)}: only the constants ${[...MATH_CONSTANTS].map((c) => `Math.${c}`).join(", ")} can be read; call functions, e.g. \`Math.abs(x)\``);
  }
  const x = translateExpr(lw, node.expression);
  const spec = lookupMethod(name);
  if (spec?.property) return { kind: "call", fn: spec.name, args: [x] };
  if (spec || name === "desc") {
    return lw.fail(node, "UNKNOWN_PROPERTY", `${lw.q(node)}: \`${name}\` is a method; call it: \`${lw.snippet(node)}(...)\``);
  }
  return lw.fail(node, "UNKNOWN_PROPERTY", `${lw.q(node)}: "${name}" is not a supported property (supported: length); columns are read from the row parameter, e.g. \`r.${name}\``);
}

/**
 * `r.prod.name`: a column of the table linked as "prod" (API.md §9), when `r.prod` reads the row and
 * `name` is nothing a column offers (`x.length`, `x.trim`) — the same rule as the run-time parser, so both
 * produce `{ kind: "col", name: "name", link: "prod" }`. TypeScript itself checks that "prod" is a
 * link and "name" one of its target's columns (the linked row type, runtime/types.ts); a member of
 * a column whose type is known to be a value (`(r.name as any).size`) is not a path.
 */
function pointerPath(lw: Lower, obj: TS.Expression, name: string): MExpr | undefined {
  const { ts } = lw;
  if (!ts.isPropertyAccessExpression(obj) && !ts.isElementAccessExpression(obj)) return undefined;
  const root = lw.skip(obj.expression);
  const input = ts.isIdentifier(root) ? lw.rowInput(root) : undefined;
  if (input === undefined || isColumnMember(name) || isScalarColumn(lw, obj)) return undefined;
  checkNotOptional(lw, obj);
  return { ...mcol(name, input), link: memberName(lw, obj) };
}

/** Whether `r.x` is typed as a column of values (string, number, bigint, boolean, Date), not a link's row. */
function isScalarColumn(lw: Lower, node: TS.Expression): boolean {
  const { ts } = lw;
  const t = lw.env.checker.getNonNullableType(lw.env.checker.getTypeAtLocation(node));
  const scalar = ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike | ts.TypeFlags.BigIntLike | ts.TypeFlags.BooleanLike;
  return (t.isIntersection() ? t.types : [t]).some((p) => (p.flags & scalar) !== 0 || p.getSymbol()?.name === "Date");
}
