/** Engine column types ↔ TypeScript value types, for `ltseq schema` and the build-time reader check. */

export interface FileColumn { name: string; type: string; nullable: boolean }

/** The TypeScript type of a column's values (`null` aside), as `collect()` returns them. */
export function tsTypeOf(type: string): string {
  switch (type) {
    case "int8": case "int16": case "int32": case "int64":
    case "uint8": case "uint16": case "uint32": case "uint64":
    case "float32": case "float64": case "decimal":
      return "number";
    case "utf8": return "string";
    case "bool": return "boolean";
    case "date32": case "date64": case "timestamp": return "Date";
    case "null": return "null";
    case "binary": return "Uint8Array";
    default: return "unknown";
  }
}

/** TypeScript categories a declared `S` may use for a column of this type (undefined: anything). */
export function acceptedKinds(type: string): readonly string[] | undefined {
  switch (type) {
    // Int64 arrives as `number` when safe and `bigint` beyond 2^53 (API.md §2): both are honest.
    case "int64": case "uint64": return ["number", "bigint"];
    case "null": case "list": case "struct": case "interval": case "time": case "duration": return undefined;
    default: {
      const t = tsTypeOf(type);
      return t === "unknown" ? undefined : [t];
    }
  }
}

/** Types a declared `{ schema }` accepts (runtime `CastType`). */
export const DECLARABLE = new Set(["int64", "float64", "utf8", "bool", "date32", "timestamp",
  "int8", "int16", "int32", "uint8", "uint16", "uint32", "uint64", "float32"]);

/** `export interface Name { col: type; ... }` for a file's columns. */
export function rowTypeSource(name: string, columns: readonly FileColumn[]): string {
  const key = (k: string) => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k));
  const lines = columns.map((c) => `  ${key(c.name)}: ${tsTypeOf(c.type)}${c.nullable && c.type !== "null" ? " | null" : ""};`);
  return `export interface ${name} {\n${lines.join("\n")}\n}\n`;
}

/** `data/daily-users.csv` → `DailyUsers`. */
export function typeNameFor(file: string): string {
  const base = file.replace(/\\/g, "/").split("/").pop()!.replace(/\.[^.]*$/, "");
  const name = base.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1)).join("");
  return /^[A-Za-z_]/.test(name) ? name : `Row${name}`;
}
