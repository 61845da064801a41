/** Text rendering for `show()` and `console.log(t)`. */
import type { Table } from "apache-arrow";
import { arrowToRows } from "./arrow.js";
import type { Schema, SortKeyInfo } from "./types.js";

function cell(v: unknown, type: string): string {
  if (v === null || v === undefined) return "null";
  if (v instanceof Date) {
    const iso = v.toISOString();
    return type === "date32" ? iso.slice(0, 10) : iso.replace("T", " ").replace(/\.000Z$|Z$/, "");
  }
  return String(v);
}

const NUMERIC = /^(u?int\d+|float\d+|decimal)$/;

/**
 * An aligned table: numbers right-aligned, NULL shown as `null`, dates as ISO text.
 * `more` says whether rows beyond the shown ones exist.
 */
export function formatTable(table: Table, schema: Schema, more: boolean): string {
  const names = table.schema.fields.map((f) => f.name);
  const rows = arrowToRows<Record<string, unknown>>(table).map((r) => names.map((n) => cell(r[n], schema[n])));
  const header = names.map((n) => `${n} (${schema[n]})`);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (NUMERIC.test(schema[names[i]]) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(" | ").trimEnd();
  const out = [line(header), widths.map((w) => "-".repeat(w)).join("-+-"), ...rows.map(line)];
  if (rows.length === 0) out.push("(no rows)");
  if (more) out.push(`… (showing the first ${rows.length} rows)`);
  return out.join("\n");
}

/** What `console.log(t)` prints: schema and order, without running the query. */
export function describeTable(schema: Schema, order: SortKeyInfo[], columns: readonly string[] = Object.keys(schema)): string {
  // `columns` carries the real order: the schema object lists integer-like names ("2023") first.
  const cols = columns.map((n) => `  ${n}: ${schema[n]}`).join("\n");
  const ord = order.length ? order.map((k) => `${k.column}${k.desc ? " desc" : ""}`).join(", ") : "none declared";
  return `LTSeq {\n${cols}\n  order: ${ord}\n} (lazy: use await t.show() or await t.collect() to see rows)`;
}
