/**
 * Lowered lambda → source text (for the Vite plugin and `ltseq generate`, which splice text so
 * everything else in the file keeps its formatting and source positions). Holes are the original
 * source text of their expressions, with any nested rewrites inside them applied.
 */
import { isHole, type Hole } from "../model.js";

export type HoleText = (h: Hole) => string;

export function toText(value: unknown, holeText: HoleText): string {
  const out = (v: unknown): string => {
    if (isHole(v)) return paren(holeText(v));
    if (v === null) return "null";
    if (typeof v === "string") return JSON.stringify(v);
    if (typeof v === "boolean") return String(v);
    if (typeof v === "number") return Object.is(v, -0) ? "-0" : String(v);
    if (Array.isArray(v)) return `[${v.map(item).join(", ")}]`;
    if (typeof v === "object") {
      const parts = Object.entries(v as Record<string, unknown>)
        .filter(([, x]) => x !== undefined)
        .map(([k, x]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${out(x)}`);
      return `{ ${parts.join(", ")} }`;
    }
    throw new Error(`cannot emit ${typeof v}`);
  };
  const item = (v: unknown): string => {
    if (typeof v === "object" && v !== null && (v as { kind?: unknown }).kind === "$spread") {
      return `...Array.from(${paren(holeText((v as { of: Hole }).of))}, (__v) => ({ kind: "lit", value: __v }))`;
    }
    return out(v);
  };
  return out(value);
}

/** Parenthesised so that any expression (a comma expression, an arrow) stays one value. */
function paren(text: string): string {
  return `(${text})`;
}
