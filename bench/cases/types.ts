/** The shape of a benchmark case (see bench/README.md, "Adding a case"). */
import type { DataFormat, DatasetFiles, DatasetName } from "../data.js";
import type { EngineContexts } from "../engines/index.js";
import type { EngineKey } from "../engines/types.js";
import type { CaseResult } from "../lib/result.js";

/** What a run receives besides its engine. */
export interface CaseInput {
  /** `--rows`. */
  rows: number;
  /** The generated files of the case's dataset (absent when `dataset` is null). */
  data?: DatasetFiles;
}

/**
 * One engine's implementation of a case. It must do the whole query (open the file,
 * transform, produce the result) and return a comparable result: a number, or a small
 * array of plain rows. The harness times the whole call.
 */
export type CaseRun<K extends EngineKey> = (engine: EngineContexts[K], input: CaseInput) => Promise<CaseResult>;

export type Target =
  /** `engine` median ≤ `max` × the fastest median among `vs`. */
  | { kind: "ratio"; engine: EngineKey; vs: EngineKey[]; max: number }
  /** `engine` median time per operation (run time / `opsPerRun`) below `maxMicros`. */
  | { kind: "perOp"; engine: EngineKey; maxMicros: number };

export interface BenchCase {
  /** Kebab-case name used by `--only`. */
  name: string;
  /** Generated dataset the runs read, or null for in-memory micro benchmarks. */
  dataset: DatasetName | null;
  /** File formats the runs need (Parquet is always generated). */
  formats?: DataFormat[];
  description: string;
  /** Row results whose order is part of the answer (default false: compared after sorting). */
  ordered?: boolean;
  /** For micro benchmarks: how many operations one run performs; times are then reported per op. */
  opsPerRun?: number;
  targets?: Target[];
  runs: { [K in EngineKey]?: CaseRun<K> };
}

/** The dataset files of a case, or a clear error when the case declared none. */
export function dataOf(input: CaseInput): DatasetFiles {
  if (!input.data) throw new Error("this case declared no dataset");
  return input.data;
}

/** Identity helper for type inference in case files. */
export const defineCase = (c: BenchCase): BenchCase => c;
