/**
 * DataFusion SQL baseline, in the same process as LTSeq: the native addon's
 * `sqlForBench(sql, tables)` registers each Parquet file as a table, runs the SQL on
 * DataFusion directly (no LTSeq plan building) and returns Arrow IPC stream bytes.
 * This is the floor LTSeq's own overhead is measured against.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { tableFromIPC, type Table } from "apache-arrow";
import { nativeBindingPath } from "../lib/paths.js";
import { asNumber, type Row } from "../lib/result.js";
import { EngineUnavailable, reasonOf, type EngineAdapter } from "./types.js";

export interface BenchTable {
  name: string;
  path: string;
}

type SqlForBench = (sql: string, tables: BenchTable[]) => Promise<Buffer | Uint8Array>;

export interface DataFusionSqlEngine {
  /** Runs SQL over the given Parquet tables; the result as an Arrow table. */
  table(sql: string, tables: BenchTable[]): Promise<Table>;
  /** Same, as plain rows (Int64 → bigint). */
  rows(sql: string, tables: BenchTable[]): Promise<Row[]>;
  /** Same, for a one-row, one-column numeric result. */
  scalar(sql: string, tables: BenchTable[]): Promise<number | bigint>;
}

export const datafusionSqlAdapter: EngineAdapter<DataFusionSqlEngine> = {
  key: "datafusionSql",
  async load() {
    const file = nativeBindingPath();
    if (!existsSync(file)) throw new EngineUnavailable(`${path.relative(process.cwd(), file)} not found (build the addon: npm run build:native)`);
    let binding: Record<string, unknown>;
    try {
      binding = createRequire(import.meta.url)(file) as Record<string, unknown>;
    } catch (err) {
      throw new EngineUnavailable(`cannot load native/binding.cjs (${reasonOf(err)})`);
    }
    const sqlForBench = binding.sqlForBench as SqlForBench | undefined;
    if (typeof sqlForBench !== "function") throw new EngineUnavailable("native addon has no sqlForBench export yet");
    const table = async (sql: string, tables: BenchTable[]): Promise<Table> => tableFromIPC(await sqlForBench(sql, tables));
    const rows = async (sql: string, tables: BenchTable[]): Promise<Row[]> =>
      (await table(sql, tables)).toArray().map((r: { toJSON(): Row }) => r.toJSON());
    return {
      table,
      rows,
      async scalar(sql, tables) {
        const t = await table(sql, tables);
        if (t.numRows !== 1 || t.numCols !== 1) throw new Error(`datafusion-sql: expected one value, got ${t.numRows}x${t.numCols}`);
        return asNumber(t.getChildAt(0)!.get(0), "datafusion-sql");
      },
    };
  },
};
