/** The engine registry: loads each engine at most once per process. */
import { datafusionSqlAdapter, type DataFusionSqlEngine } from "./datafusion-sql.js";
import { duckdbAdapter, type DuckDbEngine } from "./duckdb.js";
import { ltseqAdapter, type LTSeqEngine } from "./ltseq.js";
import { polarsAdapter, type PolarsEngine } from "./polars.js";
import { EngineUnavailable, reasonOf, type EngineAdapter, type EngineKey } from "./types.js";

/** The context object each engine's case runs receive. */
export interface EngineContexts {
  ltseq: LTSeqEngine;
  /** LTSeq again, for a case's alternative LTSeq formulation (e.g. a general join instead of a link). */
  ltseqJoin: LTSeqEngine;
  datafusionSql: DataFusionSqlEngine;
  duckdb: DuckDbEngine;
  polars: PolarsEngine;
}

const ADAPTERS: { [K in EngineKey]: EngineAdapter<EngineContexts[K]> } = {
  ltseq: ltseqAdapter,
  ltseqJoin: { ...ltseqAdapter, key: "ltseqJoin" },
  datafusionSql: datafusionSqlAdapter,
  duckdb: duckdbAdapter,
  polars: polarsAdapter,
};

export type Loaded<K extends EngineKey> = { ok: true; ctx: EngineContexts[K] } | { ok: false; reason: string };

export class EngineRegistry {
  private readonly loaded = new Map<EngineKey, Loaded<EngineKey>>();

  async get<K extends EngineKey>(key: K): Promise<Loaded<K>> {
    let entry = this.loaded.get(key) as Loaded<K> | undefined;
    if (!entry) {
      try {
        entry = { ok: true, ctx: await ADAPTERS[key].load() };
      } catch (err) {
        // A crash while loading is reported the same way as a missing engine.
        const reason = err instanceof EngineUnavailable ? err.message : `failed to load: ${reasonOf(err)}`;
        entry = { ok: false, reason };
      }
      this.loaded.set(key, entry as Loaded<EngineKey>);
    }
    return entry;
  }

  /** "DuckDB v1.5.6", ... for the loaded engines that know their version. */
  versions(): string[] {
    const out: string[] = [];
    for (const [key, entry] of this.loaded) {
      if (!entry.ok) continue;
      const v = (ADAPTERS[key] as EngineAdapter<unknown>).version?.(entry.ctx);
      if (v) out.push(v);
    }
    return out;
  }

  async closeAll(): Promise<void> {
    for (const [key, entry] of this.loaded) {
      if (entry.ok) await (ADAPTERS[key] as EngineAdapter<unknown>).close?.(entry.ctx);
    }
    this.loaded.clear();
  }
}
