/**
 * Results that engines return, and the agreement check between engines.
 * A result is a number (bigint allowed) or a small array of plain rows.
 */

export type Row = Record<string, unknown>;
export type CaseResult = number | bigint | Row[];

/** Narrows a single value to a numeric result (count, sum, ...), or says what it got. */
export function asNumber(v: unknown, where: string): number | bigint {
  if (typeof v === "number" || typeof v === "bigint") return v;
  throw new Error(`${where}: expected a numeric value, got ${v === null ? "null" : typeof v} ${String(v)}`);
}

/** Relative tolerance for floating-point agreement. */
export const REL_TOLERANCE = 1e-9;

/** Canonical JS values: bigint → number, Date → epoch ms, arrow rows → plain objects. */
export function normalizeValue(v: unknown): unknown {
  if (typeof v === "bigint") return Number(v);
  if (v instanceof Date) return v.getTime();
  if (v === undefined) return null;
  if (Array.isArray(v)) return v.map(normalizeValue);
  if (v !== null && typeof v === "object") {
    const withJson = v as { toJSON?: () => unknown };
    const plain = typeof withJson.toJSON === "function" ? withJson.toJSON() : v;
    if (plain !== v) return normalizeValue(plain);
    return Object.fromEntries(Object.entries(v as Row).map(([k, x]) => [k, normalizeValue(x)]));
  }
  return v;
}

export function numbersAgree(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (a === b) return true;
  return Math.abs(a - b) <= REL_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
}

function valuesAgree(a: unknown, b: unknown): boolean {
  if (typeof a === "number" && typeof b === "number") return numbersAgree(a, b);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => valuesAgree(x, b[i]));
  if (a !== null && b !== null && typeof a === "object" && typeof b === "object") {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    if (ka.join("\u0000") !== kb.join("\u0000")) return false;
    return ka.every((k) => valuesAgree((a as Row)[k], (b as Row)[k]));
  }
  return a === b;
}

/** A sort key insensitive to float noise below the tolerance. */
function rowKey(row: unknown): string {
  return JSON.stringify(row, (_k, v: unknown) => (typeof v === "number" && !Number.isInteger(v) ? Number(v.toPrecision(12)) : v));
}

/** Normalised form of a result; unordered row sets are sorted canonically. */
export function canonical(result: CaseResult, ordered: boolean): unknown {
  const n = normalizeValue(result);
  if (!Array.isArray(n) || ordered) return n;
  return n.map((r) => [rowKey(r), r] as const).sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0)).map((x) => x[1]);
}

/** Short printable summary of a result (the number, or the row count and first row). */
export function summarize(result: CaseResult): string {
  const n = normalizeValue(result);
  if (Array.isArray(n)) return `${n.length} rows${n.length ? ` first=${JSON.stringify(n[0])}` : ""}`.slice(0, 80);
  return typeof n === "number" ? String(n) : JSON.stringify(n).slice(0, 80);
}

/** Where two canonical results first differ, for the disagreement message. */
export function firstDifference(a: unknown, b: unknown): string {
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `row count ${a.length} vs ${b.length}`;
    const i = a.findIndex((x, j) => !valuesAgree(x, b[j]));
    return i < 0 ? "none" : `row ${i}: ${JSON.stringify(a[i])} vs ${JSON.stringify(b[i])}`;
  }
  return `${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
}

export { valuesAgree as resultsAgree };
