/**
 * Conversions between JS values and Arrow: rows/columns → Arrow table (with type inference),
 * Arrow → plain row objects (Int64 → number when safe else bigint; dates → Date; NULL → null),
 * and IPC framing for the trip to and from the native engine.
 */
import {
  Bool, DataType, DateDay, Field, Float64, Int64, Null, RecordBatch, Schema, Table, TimestampMillisecond, Type, Utf8, Vector,
  makeData, tableFromIPC, tableToIPC, vectorFromArray,
} from "apache-arrow";
import { InvalidArgumentError } from "./errors.js";
import type { ColumnType } from "./types.js";

const ARROW_TYPES: Partial<Record<ColumnType, () => DataType>> = {
  int64: () => new Int64(),
  float64: () => new Float64(),
  utf8: () => new Utf8(),
  bool: () => new Bool(),
  date32: () => new DateDay(),
  timestamp: () => new TimestampMillisecond(),
  null: () => new Null(),
};

/** Infers a column's type from its JS values; mixed kinds are an error naming the column. */
function inferType(name: string, values: readonly unknown[]): ColumnType {
  let kind: string | undefined;
  let allIntegers = true;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) continue;
    const k = v instanceof Date ? "date" : typeof v;
    if (kind === undefined) kind = k;
    else if (k !== kind && !(k === "bigint" && kind === "number") && !(k === "number" && kind === "bigint")) {
      throw new InvalidArgumentError(
        `column "${name}" mixes ${kind} and ${k} values (first ${k} at row ${i}); give one type per column or pass { schema }`,
      );
    }
    if (k === "number" && !Number.isInteger(v)) allIntegers = false;
    if (k === "bigint") kind = kind === "number" ? "bigint" : kind;
  }
  switch (kind) {
    case undefined: return "null";
    case "number": return allIntegers ? "int64" : "float64";
    case "bigint": return allIntegers ? "int64" : "float64";
    case "string": return "utf8";
    case "boolean": return "bool";
    case "date": return "timestamp";
    default:
      throw new InvalidArgumentError(`column "${name}" holds ${kind} values; use numbers, bigints, strings, booleans, Dates or null`);
  }
}

function toVector(name: string, values: readonly unknown[], type: ColumnType): Vector {
  const make = ARROW_TYPES[type];
  if (!make) {
    throw new InvalidArgumentError(`column "${name}": type "${type}" cannot be built from JS values; use one of ${Object.keys(ARROW_TYPES).join(", ")}`);
  }
  if (type === "null") return new Vector([makeData({ type: new Null(), length: values.length })]);
  const norm = values.map((v, i) => normalise(name, i, v, type));
  return vectorFromArray(norm, make());
}

function normalise(name: string, row: number, v: unknown, type: ColumnType): unknown {
  if (v === null || v === undefined) return null;
  const bad = () => new InvalidArgumentError(`column "${name}" row ${row}: ${String(v)} is not a valid ${type} value`);
  switch (type) {
    case "int64":
      if (typeof v === "bigint") return v;
      if (typeof v === "number" && Number.isInteger(v)) return BigInt(v);
      throw bad();
    case "float64":
      if (typeof v === "number") return v;
      if (typeof v === "bigint") return Number(v);
      throw bad();
    case "utf8": if (typeof v === "string") return v; throw bad();
    case "bool": if (typeof v === "boolean") return v; throw bad();
    case "date32":
    case "timestamp":
      if (v instanceof Date && !Number.isNaN(v.getTime())) return v;
      throw bad();
  }
  return v;
}

/** Column arrays → Arrow table. Unequal lengths are an error listing them. */
export function columnsToArrow(columns: Record<string, readonly unknown[]>, schema?: Record<string, ColumnType>): Table {
  const names = Object.keys(columns);
  if (names.length === 0) throw new InvalidArgumentError("fromColumns needs at least one column");
  const lengths = names.map((n) => {
    const c = columns[n];
    if (!Array.isArray(c)) throw new InvalidArgumentError(`fromColumns: column "${n}" is not an array`);
    return c.length;
  });
  if (new Set(lengths).size > 1) {
    throw new InvalidArgumentError(
      `fromColumns: columns have different lengths (${names.map((n, i) => `${n}: ${lengths[i]}`).join(", ")}); every column needs the same number of values`,
    );
  }
  checkSchemaNames(names, schema);
  const vectors: Record<string, Vector> = {};
  for (const n of names) vectors[n] = toVector(n, columns[n], schema?.[n] ?? inferType(n, columns[n]));
  return allNullable(new Table(vectors));
}

/**
 * Marks every field nullable. Arrow-js derives nullability from the data (an all-NULL column gets
 * `nullable: false`!), and the engine trusts the flag: `x === null` would fold to false.
 */
function allNullable(t: Table): Table {
  const schema = new Schema(t.schema.fields.map((f) => new Field(f.name, f.type, true, f.metadata)), t.schema.metadata);
  return new Table(schema, t.batches.map((b) => new RecordBatch(schema, b.data)));
}

/** Row objects → Arrow table. Columns are the union of keys in first-seen order. */
export function rowsToArrow(rows: readonly Record<string, unknown>[], schema?: Record<string, ColumnType>): Table {
  if (!Array.isArray(rows)) throw new InvalidArgumentError("fromRows expects an array of row objects");
  if (rows.length === 0 && !schema) {
    throw new InvalidArgumentError("fromRows([]) cannot infer columns from no rows; pass { schema: { col: \"int64\", ... } }");
  }
  const names: string[] = schema ? Object.keys(schema) : [];
  const seen = new Set(names);
  rows.forEach((r, i) => {
    if (typeof r !== "object" || r === null || Array.isArray(r)) {
      throw new InvalidArgumentError(`fromRows: row ${i} is not an object`);
    }
    if (!schema) for (const k of Object.keys(r)) if (!seen.has(k)) { seen.add(k); names.push(k); }
  });
  const columns: Record<string, unknown[]> = {};
  for (const n of names) columns[n] = rows.map((r) => r[n]);
  if (names.length === 0) throw new InvalidArgumentError("fromRows: the rows have no properties");
  return columnsToArrow(columns, schema);
}

function checkSchemaNames(names: string[], schema?: Record<string, ColumnType>): void {
  if (!schema) return;
  const missing = names.filter((n) => !(n in schema));
  if (missing.length) {
    throw new InvalidArgumentError(`schema does not declare column(s) ${missing.join(", ")}; declared: ${Object.keys(schema).join(", ")}`);
  }
}

export const toIpc = (t: Table): Uint8Array => tableToIPC(t, "stream");
export const fromIpc = (bytes: Uint8Array): Table => tableFromIPC(bytes);

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** How to turn one Arrow value into the JS value `collect()` promises. */
function converter(type: DataType): ((v: unknown) => unknown) | undefined {
  switch (type.typeId) {
    case Type.Int:
      if ((type as unknown as { bitWidth: number }).bitWidth === 64) {
        return (v) => (typeof v === "bigint" && v <= SAFE && v >= -SAFE ? Number(v) : v);
      }
      return undefined;
    case Type.Date:
    case Type.Timestamp:
      return (v) => (typeof v === "number" ? new Date(v) : v);
    default:
      return undefined;
  }
}

/** Arrow table → plain row objects. */
export function arrowToRows<S>(table: Table): S[] {
  const fields = table.schema.fields;
  const cols = fields.map((f) => ({ name: f.name, vec: table.getChild(f.name)!, conv: converter(f.type) }));
  const rows: Record<string, unknown>[] = new Array(table.numRows);
  for (let i = 0; i < table.numRows; i++) rows[i] = {};
  for (const { name, vec, conv } of cols) {
    let i = 0;
    for (const v of vec) {
      rows[i++][name] = v === null || v === undefined ? null : conv ? conv(v) : v;
    }
  }
  return rows as S[];
}
