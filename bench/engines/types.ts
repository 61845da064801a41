/** What every engine adapter provides to the harness. */

/** Keys used in a case's `runs` object. */
export type EngineKey = "ltseq" | "ltseqJoin" | "datafusionSql" | "duckdb" | "polars";

/** Order of execution and of the printed table. */
export const ENGINE_ORDER: readonly EngineKey[] = ["ltseq", "ltseqJoin", "datafusionSql", "duckdb", "polars"];

/** Printed names (also used in targets and JSON output). */
export const ENGINE_LABEL: Record<EngineKey, string> = {
  ltseq: "ltseq",
  ltseqJoin: "ltseq-join",
  datafusionSql: "datafusion-sql",
  duckdb: "duckdb",
  polars: "polars",
};

/**
 * An engine that cannot be used in this checkout (module missing, addon not built,
 * export absent). The harness prints `skipped: <reason>` and carries on.
 */
export class EngineUnavailable extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "EngineUnavailable";
  }
}

export interface EngineAdapter<C> {
  key: EngineKey;
  /** Loads the engine once per process; throws `EngineUnavailable` with a clear reason. */
  load(): Promise<C>;
  /** Free native resources at the end of the run. */
  close?(ctx: C): void | Promise<void>;
  /** A short version string for the header, when known. */
  version?(ctx: C): string | undefined;
}

/** First line of an error message, for one-line "skipped:" reports. */
export function reasonOf(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return msg.split("\n")[0]!.trim();
}
