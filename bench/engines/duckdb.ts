/** DuckDB peer via `@duckdb/node-api`: one in-memory instance and connection per run. */
import type { DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { EngineUnavailable, reasonOf, type EngineAdapter } from "./types.js";
import { asNumber, type Row } from "../lib/result.js";

export interface DuckDbEngine {
  /** Runs SQL and returns plain rows (BIGINT → bigint, TIMESTAMP → Date). */
  rows(sql: string): Promise<Row[]>;
  /** Runs SQL whose result is one row with one numeric column. */
  scalar(sql: string): Promise<number | bigint>;
  readonly connection: DuckDBConnection;
  readonly version: string;
}

interface DuckDbCtx extends DuckDbEngine {
  instance: DuckDBInstance;
}

/** `'path'` as a SQL string literal. */
export const sqlPath = (p: string): string => `'${p.replaceAll("'", "''")}'`;

export const duckdbAdapter: EngineAdapter<DuckDbCtx> = {
  key: "duckdb",
  async load() {
    let mod: typeof import("@duckdb/node-api");
    try {
      mod = await import("@duckdb/node-api");
    } catch (err) {
      throw new EngineUnavailable(`cannot import @duckdb/node-api (${reasonOf(err)})`);
    }
    const instance = await mod.DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    const versionReader = await connection.runAndReadAll("SELECT version() AS v");
    const version = String(versionReader.getRowObjectsJS()[0]?.v ?? "?");
    const rows = async (sql: string): Promise<Row[]> => {
      const reader = await connection.runAndReadAll(sql);
      return reader.getRowObjectsJS() as Row[];
    };
    return {
      instance,
      connection,
      version,
      rows,
      async scalar(sql) {
        const reader = await connection.runAndReadAll(sql);
        const all = reader.getRowsJS();
        if (all.length !== 1 || all[0]!.length !== 1) throw new Error(`duckdb: expected one value, got ${all.length} rows`);
        return asNumber(all[0]![0], "duckdb");
      },
    };
  },
  close(ctx) {
    ctx.connection.closeSync();
    ctx.instance.closeSync();
  },
  version: (ctx) => `DuckDB ${ctx.version}`,
};
