/**
 * From `fn.toString()` to the function's AST: parses the source (arrow, function expression, or a
 * method shorthand as `tsc`/esbuild print object and class methods), then checks the parameters and
 * the body's shape. Expressions are translated by `./expr.ts`.
 */
import * as acorn from "acorn";
import type * as A from "acorn";
import { UntranslatableLambdaError } from "../../errors.js";
import { Ctx, short } from "./context.js";

const OPTIONS: A.Options = { ecmaVersion: "latest", sourceType: "script" };

type FnNode = A.ArrowFunctionExpression | A.FunctionExpression;

/** Parameter name recorded in `LambdaTree.params` for a destructured parameter. */
export const DESTRUCTURED_PARAM = "{}";

export interface Located { ctx: Ctx; fn: FnNode; params: string[]; body: A.Expression }

/** Parses a function's source and checks its parameters and body shape. */
export function locate(src: string): Located {
  const { text, fn } = parseFunction(src);
  const ctx = new Ctx(text, src);
  if (fn.async) ctx.fail(fn, "async functions are not supported; a lambda must return its expression directly");
  if (fn.generator) ctx.fail(fn, "generator functions are not supported; write `r => expression`");
  const params = readParams(ctx, fn);
  return { ctx, fn, params, body: bodyExpression(ctx, fn) };
}

function parseFunction(src: string): { text: string; fn: FnNode } {
  if (/\{\s*\[native code\]\s*\}\s*$/.test(src)) {
    throw new UntranslatableLambdaError(
      short(src),
      `cannot read the source of function \`${short(src)}\`: built-in and bound functions (fn.bind(...)) have no source to translate; pass the lambda itself, e.g. \`r => r.age > 18\``,
    );
  }
  let firstError: unknown;
  // 1. The source is an expression: an arrow function or a function expression.
  try {
    const node = acorn.parseExpressionAt(src, 0, OPTIONS);
    if (src.slice(node.end).trim() === "") {
      if (node.type === "ArrowFunctionExpression" || node.type === "FunctionExpression") return { text: src, fn: node };
      throw new UntranslatableLambdaError(
        short(src),
        `expected a lambda such as \`r => r.age > 18\`, got \`${short(src)}\` (a ${node.type})`,
      );
    }
  } catch (e) {
    if (e instanceof UntranslatableLambdaError) throw e;
    firstError = e;
  }
  // 2. A method shorthand (`f(r) { return r.a }`): parse it inside an object literal.
  const inObject = `({${src}\n})`;
  try {
    const node = acorn.parseExpressionAt(inObject, 0, OPTIONS);
    if (node.type === "ObjectExpression" && node.properties.length === 1 && inObject.slice(node.end).trim() === "") {
      const p = node.properties[0];
      if (p.type === "Property" && p.value.type === "FunctionExpression") {
        if (p.kind !== "init") throw new UntranslatableLambdaError(short(src), `a ${p.kind}ter cannot be a lambda: \`${short(src)}\``);
        return { text: inObject, fn: p.value };
      }
    }
  } catch (e) {
    if (e instanceof UntranslatableLambdaError) throw e;
  }
  // 3. A class member (`static f(r) { ... }`, `#f(r) { ... }`).
  const inClass = `(class{${src}\n})`;
  try {
    const node = acorn.parseExpressionAt(inClass, 0, OPTIONS);
    if (node.type === "ClassExpression" && node.body.body.length === 1) {
      const m = node.body.body[0];
      if (m.type === "MethodDefinition" && m.kind === "method") return { text: inClass, fn: m.value };
    }
  } catch {
    // fall through to the first error, which describes the source as written
  }
  const why = firstError instanceof Error ? `: ${firstError.message}` : "";
  throw new UntranslatableLambdaError(short(src), `cannot parse the lambda \`${short(src)}\`${why}`);
}

/** Identifier params go to `ctx.rowParams`; destructured ones bind locals to columns. */
function readParams(ctx: Ctx, fn: FnNode): string[] {
  if (fn.params.length === 0) {
    ctx.fail(fn, "a lambda takes the row as its parameter, e.g. `r => r.age > 18`");
  }
  const names: string[] = [];
  for (const [input, p] of fn.params.entries()) {
    switch (p.type) {
      case "Identifier":
        // A second parameter is the other table of a join or link condition: its columns carry `input: 1`.
        ctx.rowParams.set(p.name, input);
        names.push(p.name);
        break;
      case "ObjectPattern":
        readObjectPattern(ctx, p, input);
        names.push(DESTRUCTURED_PARAM);
        break;
      case "AssignmentPattern":
        ctx.fail(p, `${ctx.q(p)}: parameter defaults are not supported; every column of the row is present (NULLs included), so write \`${ctx.snippet(p.left)}\``);
      case "RestElement":
        ctx.fail(p, `${ctx.q(p)}: rest parameters are not supported; name the row parameter, e.g. \`r => ...\``);
      default:
        ctx.fail(p, `${ctx.q(p)}: only a plain parameter (\`r\`) or an object pattern of columns (\`({ age, name }) => ...\`) is supported`);
    }
  }
  return names;
}

function readObjectPattern(ctx: Ctx, p: A.ObjectPattern, input: number): void {
  for (const prop of p.properties) {
    if (prop.type === "RestElement") {
      ctx.fail(prop, `${ctx.q(prop)}: rest properties are not supported in a destructured row; name the columns you use`);
    }
    if (prop.computed) ctx.fail(prop, `${ctx.q(prop)}: computed keys are not supported; name the column: \`{ price }\` or \`{ "unit price": up }\``);
    const column = prop.key.type === "Identifier" ? prop.key.name
      : prop.key.type === "Literal" && typeof prop.key.value === "string" ? prop.key.value
      : ctx.fail(prop.key, `${ctx.q(prop.key)}: a destructured column must be named by an identifier or a string`);
    const v = prop.value;
    if (v.type === "AssignmentPattern") {
      ctx.fail(v, `${ctx.q(v)}: defaults are not supported in a destructured row; use \`${ctx.snippet(v.left)} ?? ${ctx.snippet(v.right)}\` in the body`);
    }
    if (v.type !== "Identifier") {
      ctx.fail(v, `${ctx.q(v)}: nested destructuring is not supported; bind the column to a name: \`{ ${column} }\``);
    }
    ctx.locals.set(v.name, { column, input });
  }
}

/** The body expression: an expression body, or a block holding a single `return <expr>;`. */
function bodyExpression(ctx: Ctx, fn: FnNode): A.Expression {
  if (fn.body.type !== "BlockStatement") return fn.body;
  const block = fn.body;
  // Directive prologues ("use strict") and stray semicolons carry no meaning here.
  const stmts = block.body.filter(
    (s) => s.type !== "EmptyStatement" && !(s.type === "ExpressionStatement" && "directive" in s && s.directive !== undefined),
  );
  const only = stmts[0];
  if (stmts.length === 1 && only.type === "ReturnStatement" && only.argument) return only.argument;
  const bad = stmts.find((s) => s.type !== "ReturnStatement") ?? stmts[1] ?? only ?? block;
  ctx.fail(bad, `${ctx.q(bad)}: statement bodies are not supported; write a single expression or a single return`);
}
