/**
 * Row-independent expressions kept as code: closures, imports, `this.x`, `MIN * 1.1`. They become
 * `{ kind: "lit", value: <expression> }` in the emitted tree, evaluated when the method is called;
 * the runtime turns the value into a literal (Date → epoch ms, bigint → int64). Their types are
 * checked here so a non-value (an object, an array, a function) is a compile error, not a run-time one.
 */
import type TS from "typescript";
import type { MLit, MSpread } from "../model.js";
import type { Lower } from "./context.js";
import { isLibGlobal } from "../identify.js";

const VALUE_TYPES = "a number, string, boolean, bigint, Date or null";

/** A literal node whose value is `node`, evaluated at call time. */
export function hole(lw: Lower, node: TS.Expression): MLit {
  const n = lw.skip(node);
  const { ts } = lw;
  if (ts.isIdentifier(n) && (isLibGlobal(lw.env, n, "NaN") || isLibGlobal(lw.env, n, "Infinity"))) {
    lw.fail(n, "NON_FINITE", `\`${n.text}\`: LTSeq columns cannot hold NaN or Infinity; use null or a finite number`);
  }
  checkThis(lw, n);
  const t = lw.env.checker.getTypeAtLocation(n);
  const bad = nonValue(lw, t);
  if (bad) {
    lw.fail(n, "NOT_A_VALUE", `${lw.q(n)} is ${describe(lw, bad)}; a value from outside the lambda must be ${VALUE_TYPES}${hint(lw, bad)}`);
  }
  return { kind: "lit", value: { hole: node } };
}

/** `x.isIn(values)` with an array from outside: one literal per element, at call time. */
export function spreadHole(lw: Lower, node: TS.Expression): MSpread {
  const n = lw.skip(node);
  checkThis(lw, n);
  const { checker } = lw.env;
  const t = checker.getTypeAtLocation(n);
  const elem = iterableElement(lw, t);
  if (elem === undefined) {
    lw.fail(n, "NOT_A_VALUE", `${lw.q(n)} is ${describe(lw, t)}; isIn takes an array literal or an array of values from outside the lambda`);
  }
  const bad = nonValue(lw, elem);
  if (bad) lw.fail(n, "NOT_A_VALUE", `${lw.q(n)} holds ${describe(lw, bad)}; isIn values must be ${VALUE_TYPES}`);
  return { kind: "$spread", of: { hole: node } };
}

function iterableElement(lw: Lower, t: TS.Type): TS.Type | undefined {
  const { checker } = lw.env;
  if (t.flags & (lw.ts.TypeFlags.Any | lw.ts.TypeFlags.Unknown)) return t;
  if (checker.isArrayType(t) || checker.isTupleType(t)) return checker.getIndexTypeOfType(t, lw.ts.IndexKind.Number) ?? (t as TS.TypeReference).typeArguments?.[0];
  const name = t.getSymbol()?.name;
  if (name === "Set" || name === "ReadonlySet" || name === "ReadonlyArray") return (t as TS.TypeReference).typeArguments?.[0] ?? checker.getAnyType();
  return undefined;
}

/** `this`/`arguments` of a `function` lambda are its own, and nobody calls it: use an arrow function. */
function checkThis(lw: Lower, n: TS.Node): void {
  const { ts } = lw;
  if (!ts.isFunctionExpression(lw.fn)) return;
  const visit = (x: TS.Node): void => {
    if (x.kind === ts.SyntaxKind.ThisKeyword || (ts.isIdentifier(x) && x.text === "arguments")) {
      lw.fail(x, "THIS_IN_FUNCTION", `${lw.q(x)} inside a \`function\` lambda refers to the lambda itself; write an arrow function (\`r => ...\`) to use the surrounding \`${lw.snippet(x)}\``);
    }
    if (ts.isFunctionExpression(x) || ts.isFunctionDeclaration(x) || ts.isClassLike(x) || ts.isMethodDeclaration(x)) return;
    ts.forEachChild(x, visit);
  };
  visit(n);
}

/** The first part of `t` that cannot be a literal value, if any. */
function nonValue(lw: Lower, t: TS.Type): TS.Type | undefined {
  const { ts } = lw;
  const F = ts.TypeFlags;
  if (t.flags & (F.Any | F.Unknown | F.StringLike | F.NumberLike | F.BigIntLike | F.BooleanLike | F.Null | F.Undefined | F.Void | F.Never | F.EnumLike)) {
    return undefined;
  }
  if (t.isUnion()) {
    for (const u of t.types) {
      const bad = nonValue(lw, u);
      if (bad) return bad;
    }
    return undefined;
  }
  if (t.isIntersection()) return t.types.some((u) => nonValue(lw, u) === undefined) ? undefined : t;
  if (t.flags & F.TypeParameter) {
    const c = lw.env.checker.getBaseConstraintOfType(t);
    return c && c !== t ? nonValue(lw, c) : undefined;
  }
  if (t.getSymbol()?.name === "Date") return undefined;
  return t;
}

function describe(lw: Lower, t: TS.Type): string {
  const { checker } = lw.env;
  const text = checker.typeToString(t);
  if (checker.isArrayType(t) || checker.isTupleType(t)) return `an array (\`${text}\`)`;
  if (t.getCallSignatures().length > 0) return `a function (\`${text}\`)`;
  return `of type \`${text}\``;
}

function hint(lw: Lower, t: TS.Type): string {
  const { checker } = lw.env;
  if (checker.isArrayType(t) || checker.isTupleType(t)) return "; to test membership, use `x.isIn(values)`";
  if (t.getCallSignatures().length > 0) return "; call it outside the lambda, or if it computes from row values, write that computation in the lambda";
  if (t.getSymbol()?.name === "RegExp") return "; for `.matches`, write the regular expression literally (`/.../i`)";
  return "";
}

export { isLibGlobal };
