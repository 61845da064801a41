/**
 * AST → tree for everything but calls (`./calls.ts`): the body forms (list, record, expression),
 * operators, literals, template literals and column access. Anything outside the allow-list fails
 * with a message naming the construct and what to write instead.
 */
import { groupMember } from "./group.js";
import type * as A from "acorn";
import { InvalidArgumentError } from "../../errors.js";
import { binary, call, colOf, lit } from "../build.js";
import { isColumnMember, lookupMethod } from "../registry.js";
import type { BinaryOp, Body, Expr, LitNode } from "../tree.js";
import { translateCall } from "./calls.js";
import { arrayItem, memberName, type Ctx } from "./context.js";

type Node = A.Expression | A.Super | A.PrivateIdentifier | A.SpreadElement;

/** The top-level body: an array literal (list), an object literal (record), or an expression. */
export function translateBody(ctx: Ctx, node: A.Expression): Body {
  if (node.type === "ArrayExpression") {
    return { kind: "list", items: node.elements.map((e) => translateElement(ctx, node, e)) };
  }
  if (node.type === "ObjectExpression") {
    const fields: { name: string; expr: Expr }[] = [];
    for (const p of node.properties) {
      if (p.type === "SpreadElement") {
        ctx.fail(p, `${ctx.q(p)}: spread is not supported in a record body; list the fields: \`({ a: r.a, b: r.b })\``);
      }
      if (p.kind !== "init" || p.method) {
        ctx.fail(p, `${ctx.q(p)}: getters, setters and methods are not supported in a record body; write \`name: expression\``);
      }
      if (p.computed) ctx.fail(p.key, `${ctx.q(p)}: computed field names are not supported; write the name: \`{ total: ... }\` or \`{ "unit price": ... }\``);
      const name = p.key.type === "Identifier" ? p.key.name
        : p.key.type === "Literal" && typeof p.key.value === "string" ? p.key.value
        : ctx.fail(p.key, `${ctx.q(p.key)}: a field name must be an identifier or a string`);
      if (fields.some((f) => f.name === name)) ctx.fail(p, `${ctx.q(p)}: field "${name}" is given twice`);
      fields.push({ name, expr: translateExpr(ctx, p.value) });
    }
    return { kind: "record", fields };
  }
  return translateExpr(ctx, node);
}

function translateElement(ctx: Ctx, array: A.ArrayExpression, e: A.Expression | A.SpreadElement | null): Expr {
  return translateExpr(ctx, arrayItem(ctx, array, e, "list"));
}

const BINARY_OPS: Partial<Record<A.BinaryOperator, BinaryOp>> = {
  "===": "==", "==": "==", "!==": "!=", "!=": "!=", "<": "<", "<=": "<=", ">": ">", ">=": ">=",
  "+": "+", "-": "-", "*": "*", "/": "/", "%": "%",
};

const BITWISE = new Set(["&", "|", "^", "<<", ">>", ">>>", "~"]);

/** One expression. */
export function translateExpr(ctx: Ctx, node: Node): Expr {
  switch (node.type) {
    case "Identifier": return identifier(ctx, node);
    case "Literal": return literal(ctx, node, false);
    case "TemplateLiteral": return template(ctx, node);
    case "UnaryExpression": return unary(ctx, node);
    case "BinaryExpression": return binaryExpr(ctx, node);
    case "LogicalExpression": {
      if (node.operator === "??") {
        // `a ?? b ?? c` parses as `(a ?? b) ?? c`: flatten to one coalesce.
        const left = translateExpr(ctx, node.left);
        const right = translateExpr(ctx, node.right);
        const isChain = node.left.type === "LogicalExpression" && node.left.operator === "??";
        return isChain && left.kind === "call" ? call("coalesce", ...left.args, right) : call("coalesce", left, right);
      }
      return binary(node.operator, translateExpr(ctx, node.left), translateExpr(ctx, node.right));
    }
    case "ConditionalExpression":
      return {
        kind: "cond",
        test: translateExpr(ctx, node.test),
        then: translateExpr(ctx, node.consequent),
        else: translateExpr(ctx, node.alternate),
      };
    case "MemberExpression": return member(ctx, node);
    case "CallExpression": return translateCall(ctx, node, (n) => translateExpr(ctx, n));
    case "ChainExpression":
      return ctx.fail(node, `${ctx.q(node)}: optional chaining (\`?.\`) is not supported; write \`${ctx.snippet(node).replace(/\?\.(?=[([])/g, "").replace(/\?\./g, ".")}\` (columns are never undefined, and NULLs propagate through operators and methods; test NULL with \`x === null\`, replace it with \`x ?? v\`)`);
    case "ThisExpression":
      return ctx.fail(node, "`this` is not available in a lambda; read columns through the row parameter (`r.age`), or compile with the ltseq transformer to use outside values");
    case "ArrayExpression":
      return ctx.fail(node, `${ctx.q(node)}: an array literal is allowed only as the whole body (\`r => [r.a, r.b]\`) or as the argument of \`.isIn([...])\``);
    case "ObjectExpression":
      return ctx.fail(node, `${ctx.q(node)}: an object literal is allowed only as the whole body (\`r => ({ total: r.price * r.qty })\`)`);
    case "SpreadElement":
      return ctx.fail(node, `${ctx.q(node)}: spread (\`...\`) is not supported; pass the values one by one`);
    case "AssignmentExpression":
      return ctx.fail(node, `${ctx.q(node)}: assignment is not supported in a lambda${node.operator === "=" ? "; to compare, use `===`" : "; compute a new value instead, e.g. `r.a + 1`"}`);
    case "UpdateExpression":
      return ctx.fail(node, `${ctx.q(node)}: \`${node.operator}\` is not supported in a lambda; write \`${ctx.snippet(node.argument)} ${node.operator[0]} 1\``);
    case "NewExpression":
      return ctx.fail(node, `${ctx.q(node)}: \`new\` is not supported in a lambda; for a date, compare epoch milliseconds (\`r.d.getTime() > 1704067200000\`), or compile with the ltseq transformer, which evaluates \`new Date(...)\` once`);
    case "AwaitExpression": case "YieldExpression":
      return ctx.fail(node, `${ctx.q(node)}: \`${node.type === "AwaitExpression" ? "await" : "yield"}\` is not supported; a lambda is a single synchronous expression`);
    case "SequenceExpression":
      return ctx.fail(node, `${ctx.q(node)}: the comma operator is not supported; a lambda is a single expression`);
    case "TaggedTemplateExpression":
      return ctx.fail(node, `${ctx.q(node)}: tagged templates are not supported; use a plain template literal (\`\${r.first} \${r.last}\`)`);
    case "ArrowFunctionExpression": case "FunctionExpression": case "ClassExpression":
      return ctx.fail(node, `${ctx.q(node)}: nested functions and classes are not supported inside a lambda`);
    case "Super": case "MetaProperty": case "ImportExpression": case "PrivateIdentifier": case "ParenthesizedExpression":
      return ctx.fail(node, `${ctx.q(node)} is not supported in a lambda`);
  }
}

function identifier(ctx: Ctx, node: A.Identifier): Expr {
  const local = ctx.locals.get(node.name);
  if (local !== undefined) return colOf(local.column, local.input);
  if (ctx.rowParams.has(node.name)) {
    return ctx.fail(node, `the row parameter \`${node.name}\` cannot be used as a value; read a column, e.g. \`${node.name}.age\``);
  }
  if (node.name === "undefined") return lit(null);
  // Free identifiers were reported by checkFreeIdentifiers; what is left is a bare `Math`.
  return ctx.fail(node, `\`${node.name}\` can only be used to call a function or read a constant, e.g. \`Math.abs(x)\`, \`Math.PI\``);
}

/** A literal (regexes are rejected: `matches` reads its own); `negate` folds a unary minus. */
function literal(ctx: Ctx, node: A.Literal, negate: boolean): LitNode {
  if (node.regex) {
    return ctx.fail(node, `${ctx.q(node)}: a regular expression is allowed only as the argument of \`.matches(/re/)\``);
  }
  if (node.bigint !== undefined) {
    const v = negate ? -BigInt(node.bigint) : BigInt(node.bigint);
    if (v > 9223372036854775807n || v < -9223372036854775808n) {
      ctx.fail(node, `${ctx.q(node)}: the integer is outside the int64 range`);
    }
    return lit(v);
  }
  const v = node.value;
  if (typeof v === "number") {
    try {
      return lit(negate ? -v : v);
    } catch (e) {
      if (e instanceof InvalidArgumentError) ctx.fail(node, `${ctx.q(node)}: ${e.message}`);
      throw e;
    }
  }
  if (negate) return ctx.fail(node, `${ctx.q(node)}: unary \`-\` needs a number`);
  return lit(v);
}

/** `` `a${x}b` `` → concat("a", x, "b"), empty parts skipped; no substitutions → a string literal. */
function template(ctx: Ctx, node: A.TemplateLiteral): Expr {
  const cooked = (q: A.TemplateElement): string =>
    q.value.cooked ?? ctx.fail(q, `${ctx.q(q)}: invalid escape sequence in a template literal`);
  if (node.expressions.length === 0) return lit(cooked(node.quasis[0]));
  const parts: Expr[] = [];
  node.quasis.forEach((q, i) => {
    const s = cooked(q);
    if (s !== "") parts.push(lit(s));
    if (i < node.expressions.length) parts.push(translateExpr(ctx, node.expressions[i]));
  });
  return call("concat", ...parts);
}

function unary(ctx: Ctx, node: A.UnaryExpression): Expr {
  const arg = node.argument;
  switch (node.operator) {
    case "!": return { kind: "unary", op: "!", arg: translateExpr(ctx, arg) };
    case "-":
      if (arg.type === "Literal" && (typeof arg.value === "number" || arg.bigint !== undefined)) return literal(ctx, arg, true);
      return { kind: "unary", op: "-", arg: translateExpr(ctx, arg) };
    case "void":
      // `void 0` is how compilers spell `undefined`.
      if (arg.type === "Literal" && arg.value === 0) return lit(null);
      return ctx.fail(node, `${ctx.q(node)}: \`void\` is not supported; write \`null\``);
    case "+":
      return ctx.fail(node, `${ctx.q(node)}: unary \`+\` is not supported; to convert, use \`${ctx.snippet(arg)}.cast("float64")\``);
    case "typeof":
      return ctx.fail(node, `${ctx.q(node)}: \`typeof\` is not supported; a column has one type for every row (test NULL with \`x === null\`)`);
    case "delete":
      return ctx.fail(node, `${ctx.q(node)}: \`delete\` is not supported; to leave a column out, use \`select\`/\`drop\``);
    default:
      return bitwise(ctx, node, node.operator);
  }
}

function bitwise(ctx: Ctx, node: A.Node, op: string): never {
  return ctx.fail(node, `${ctx.q(node)}: bitwise operator "${op}" is not supported; use arithmetic (\`%\`, \`Math.floor\`, \`Math.pow\`) for numbers and \`&&\`/\`||\`/\`!\` for logic`);
}

const isNullNode = (ctx: Ctx, n: Node): boolean =>
  (n.type === "Literal" && n.value === null && !n.regex && n.bigint === undefined) ||
  (n.type === "Identifier" && n.name === "undefined" && !ctx.isBound("undefined")) ||
  (n.type === "UnaryExpression" && n.operator === "void" && n.argument.type === "Literal" && n.argument.value === 0);

function binaryExpr(ctx: Ctx, node: A.BinaryExpression): Expr {
  const op = node.operator;
  if (node.left.type === "PrivateIdentifier") return ctx.fail(node, `${ctx.q(node)} is not supported in a lambda`);
  if (op === "==" || op === "===" || op === "!=" || op === "!==") {
    const fn = op.startsWith("=") ? "isNull" : "isNotNull";
    if (isNullNode(ctx, node.right)) return call(fn, translateExpr(ctx, node.left));
    if (isNullNode(ctx, node.left)) return call(fn, translateExpr(ctx, node.right));
  }
  const mapped = BINARY_OPS[op];
  if (mapped) return binary(mapped, translateExpr(ctx, node.left), translateExpr(ctx, node.right));
  if (BITWISE.has(op)) return bitwise(ctx, node, op);
  switch (op) {
    case "**":
      return ctx.fail(node, `${ctx.q(node)}: \`**\` is not supported; use \`Math.pow(${ctx.snippet(node.left)}, ${ctx.snippet(node.right)})\``);
    case "in":
      return ctx.fail(node, `${ctx.q(node)}: the \`in\` operator is not supported; to test membership in a list, use \`x.isIn([a, b, c])\``);
    case "instanceof":
      return ctx.fail(node, `${ctx.q(node)}: \`instanceof\` is not supported; a column has one type for every row (convert with \`x.cast("...")\`)`);
  }
  return ctx.fail(node, `${ctx.q(node)}: operator "${op}" is not supported`);
}

/**
 * `r.prod.name`: a column of the table linked as "prod" (API.md §9), when `r.prod` reads the row and
 * `name` is nothing a column offers (`x.length`, `x.trim`). Whether "prod" is a link is the runtime's question.
 */
function pointerPath(ctx: Ctx, obj: Node, name: string): Expr | undefined {
  if (obj.type !== "MemberExpression" || obj.object.type !== "Identifier") return undefined;
  const input = ctx.rowParams.get(obj.object.name);
  if (input === undefined || isColumnMember(name)) return undefined;
  const c = colOf(name, input);
  return { ...c, link: memberName(ctx, obj) };
}

/** Constants read as `Math.PI` etc. (row-independent, so they become literals). */
const MATH_CONSTANTS = new Set(["PI", "E", "LN2", "LN10", "LOG2E", "LOG10E", "SQRT2", "SQRT1_2"]);

/** `r.age` / `r["unit price"]` (a column), `x.length` (a property function), `Math.PI`. */
function member(ctx: Ctx, node: A.MemberExpression): Expr {
  // (`x?.y` arrives wrapped in a ChainExpression, rejected above.)
  const agg = groupMember(ctx, node);
  if (agg) return agg;
  const obj = node.object;
  const input = obj.type === "Identifier" ? ctx.rowParams.get(obj.name) : undefined;
  if (input !== undefined) return colOf(memberName(ctx, node), input);
  const name = memberName(ctx, node);
  const path = pointerPath(ctx, obj, name);
  if (path) return path;
  if (obj.type === "Identifier" && obj.name === "Math" && !ctx.isBound("Math")) {
    if (MATH_CONSTANTS.has(name)) return lit(Math[name as "PI"]);
    return ctx.fail(node, `${ctx.q(node)}: only the constants ${[...MATH_CONSTANTS].map((c) => `Math.${c}`).join(", ")} can be read; call functions, e.g. \`Math.abs(x)\``);
  }
  const x = translateExpr(ctx, obj); // first, so errors come in source order (`this.x` blames `this`)
  const spec = lookupMethod(name);
  if (spec?.property) return call(spec.name, x);
  if (spec || name === "desc") {
    return ctx.fail(node, `${ctx.q(node)}: \`${name}\` is a method; call it: \`${ctx.snippet(node)}(...)\``);
  }
  return ctx.fail(node, `${ctx.q(node)}: "${name}" is not a supported property (supported: length); columns are read from the row parameter, e.g. \`r.${name}\``);
}
