/** Table sources: files (async, they touch the disk), JS values and Arrow tables. */
import type { Table } from "apache-arrow";
import { columnsToArrow, rowsToArrow, toIpc } from "./arrow.js";
import { InvalidArgumentError } from "./errors.js";
import { call, callAsync, native, type NativeTable } from "./native.js";
import type { ColumnType, Schema } from "./types.js";

export interface CsvOptions {
  /** First line holds column names (default true). Without it, columns are column_1, column_2, … */
  hasHeader?: boolean;
  /** One character (default ","). */
  delimiter?: string;
  /** Declared column types; values are parsed as these types and names are checked. */
  schema?: Schema;
}

export interface FileOptions {
  /** Declared column types, checked against the file (SchemaMismatchError lists both). */
  schema?: Schema;
}

function checkPath(path: unknown, method: string): string {
  if (typeof path !== "string" || path.length === 0) {
    throw new InvalidArgumentError(`${method}: path must be a non-empty string, got ${typeof path === "string" ? "\"\"" : typeof path}`);
  }
  return path;
}

export async function readCsv(path: string, opts: CsvOptions = {}): Promise<NativeTable> {
  checkPath(path, "readCsv");
  const { hasHeader, delimiter, schema } = opts;
  const json = JSON.stringify({ hasHeader, delimiter, schema: schema && Object.entries(schema) });
  return callAsync(() => native().readCsv(path, json));
}

export async function readParquet(path: string, opts: FileOptions = {}): Promise<NativeTable> {
  checkPath(path, "readParquet");
  return checked(await callAsync(() => native().readParquet(path)), opts.schema);
}

export async function readJson(path: string, opts: FileOptions = {}): Promise<NativeTable> {
  checkPath(path, "readJson");
  return checked(await callAsync(() => native().readJson(path)), opts.schema);
}

function checked(t: NativeTable, schema: Schema | undefined): NativeTable {
  if (schema) call(() => t.checkSchema(JSON.stringify(Object.entries(schema))));
  return t;
}

export function fromArrow(table: Table): NativeTable {
  if (!table || typeof (table as { schema?: unknown }).schema !== "object") {
    throw new InvalidArgumentError("fromArrow expects an apache-arrow Table");
  }
  return call(() => native().fromIpc(Buffer.from(toIpc(table))));
}

export function fromRows(rows: readonly Record<string, unknown>[], schema?: Record<string, ColumnType>): NativeTable {
  return fromArrow(rowsToArrow(rows, schema));
}

export function fromColumns(columns: Record<string, readonly unknown[]>, schema?: Record<string, ColumnType>): NativeTable {
  if (typeof columns !== "object" || columns === null) throw new InvalidArgumentError("fromColumns expects an object of arrays");
  return fromArrow(columnsToArrow(columns, schema));
}

/** `range(stop)`, `range(start, stop, step?)`, like Python's. */
export function range(start: number, stop?: number, step = 1): NativeTable {
  if (stop === undefined) [start, stop] = [0, start];
  for (const [n, v] of [["start", start], ["stop", stop], ["step", step]] as const) {
    if (!Number.isSafeInteger(v)) throw new InvalidArgumentError(`range: ${n} must be an integer, got ${v}`);
  }
  if (step === 0) throw new InvalidArgumentError("range: step must not be 0");
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const values = new BigInt64Array(n);
  for (let i = 0; i < n; i++) values[i] = BigInt(start + i * step);
  return fromColumns({ value: Array.from(values) }, { value: "int64" });
}
