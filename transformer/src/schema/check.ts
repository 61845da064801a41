/** Build-time check of `LTSeq.readCsv<S>("literal/path.csv")` against the file (filled in below). */
import type TS from "typescript";
import type { Env } from "../identify.js";

export interface SchemaCheck {
  /** Reads a file's columns: `[{ name, type, nullable }]`, or undefined when it cannot be read. */
  read(file: string, reader: "csv" | "parquet" | "json", options: Record<string, unknown>): { name: string; type: string; nullable: boolean }[] | undefined;
}

export function checkReader(_env: Env, _call: TS.CallExpression, _reader: "csv" | "parquet" | "json", _check: SchemaCheck | undefined): Record<string, string> | undefined {
  return undefined;
}
