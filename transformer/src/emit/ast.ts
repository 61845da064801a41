/**
 * Lowered lambda → an object-literal AST (for the ts-patch transformer). Holes reuse the original
 * expression nodes, so the compiler's later passes (CommonJS import rewriting, `this` capture)
 * treat them exactly as they treated the lambda's own code.
 */
import type TS from "typescript";
import { isHole, type Hole } from "../model.js";

export type Visit = (node: TS.Expression) => TS.Expression;

export function toAst(ts: typeof TS, f: TS.NodeFactory, value: unknown, visit: Visit): TS.Expression {
  const out = (v: unknown): TS.Expression => {
    if (isHole(v)) return holeExpr(ts, f, v, visit);
    if (v === null) return f.createNull();
    if (typeof v === "string") return f.createStringLiteral(v);
    if (typeof v === "boolean") return v ? f.createTrue() : f.createFalse();
    if (typeof v === "number") {
      if (v < 0 || Object.is(v, -0)) return f.createPrefixUnaryExpression(ts.SyntaxKind.MinusToken, f.createNumericLiteral(String(-v)));
      return f.createNumericLiteral(String(v));
    }
    if (Array.isArray(v)) return f.createArrayLiteralExpression(v.map(item), false);
    if (typeof v === "object") {
      return f.createObjectLiteralExpression(
        Object.entries(v as Record<string, unknown>)
          .filter(([, x]) => x !== undefined)
          .map(([k, x]) => f.createPropertyAssignment(/^[A-Za-z_$][\w$]*$/.test(k) ? f.createIdentifier(k) : f.createStringLiteral(k), out(x))),
        false,
      );
    }
    throw new Error(`cannot emit ${typeof v}`);
  };
  const item = (v: unknown): TS.Expression => {
    if (typeof v === "object" && v !== null && (v as { kind?: unknown }).kind === "$spread") {
      return spread(ts, f, (v as { of: Hole }).of, visit);
    }
    return out(v);
  };
  return out(value);
}

function holeExpr(ts: typeof TS, f: TS.NodeFactory, h: Hole, visit: Visit): TS.Expression {
  const e = visit(h.hole);
  return ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.CommaToken ? f.createParenthesizedExpression(e) : e;
}

/** `...Array.from(values, (v) => ({ kind: "lit", value: v }))` */
function spread(ts: typeof TS, f: TS.NodeFactory, h: Hole, visit: Visit): TS.Expression {
  const v = f.createUniqueName("v");
  const mapper = f.createArrowFunction(undefined, undefined, [f.createParameterDeclaration(undefined, undefined, v)], undefined,
    f.createToken(ts.SyntaxKind.EqualsGreaterThanToken),
    f.createParenthesizedExpression(f.createObjectLiteralExpression([
      f.createPropertyAssignment("kind", f.createStringLiteral("lit")),
      f.createPropertyAssignment("value", v),
    ])));
  const from = f.createCallExpression(f.createPropertyAccessExpression(f.createIdentifier("Array"), "from"), undefined, [holeExpr(ts, f, h, visit), mapper]);
  return f.createSpreadElement(from);
}
