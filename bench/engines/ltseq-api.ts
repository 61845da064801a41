/**
 * The slice of the public API (shared/API.md) the benchmark cases call.
 *
 * Why a local copy instead of `import type { LTSeq } from "ltseq"`: the runtime is being
 * written concurrently, and the harness must compile and run (peer-only cases) while
 * `runtime/index.ts` does not exist yet. Once the runtime is in place, replace these
 * declarations with `export type { LTSeq } from "ltseq"` so the cases are checked against
 * the real row types (and the compile-time transformer recognises the calls).
 */

/** Rows inside lambdas; the real API adds column methods (`shift`, `rolling`, ...). */
export type RowLambda<S, T> = (r: S) => T;

export interface LTSeqTable<S = Record<string, unknown>> {
  filter(predicate: RowLambda<S, unknown>): LTSeqTable<S>;
  derive<D extends object>(fn: RowLambda<S, D>): LTSeqTable<Omit<S, keyof D> & D>;
  // The selected columns are not tracked by this slice (the real API infers them).
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  select<T extends object>(fn: RowLambda<S, T>): LTSeqTable<Record<string, any>>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  select(...columns: string[]): LTSeqTable<Record<string, any>>;
  sort(...keys: unknown[]): LTSeqTable<S>;
  assumeSorted(...columns: string[]): LTSeqTable<S>;
  head(n?: number): LTSeqTable<S>;
  count(): Promise<number>;
  collect(): Promise<S[]>;
  readonly columns: string[];
}

export interface LTSeqStatic {
  readParquet<S = Record<string, unknown>>(path: string): Promise<LTSeqTable<S>>;
  readCsv<S = Record<string, unknown>>(path: string, options?: { hasHeader?: boolean; delimiter?: string }): Promise<LTSeqTable<S>>;
  fromRows<S extends object>(rows: S[]): LTSeqTable<S>;
}

/** What `import("ltseq")` provides (the parts the bench uses). */
export interface LTSeqModule {
  LTSeq: LTSeqStatic;
}
