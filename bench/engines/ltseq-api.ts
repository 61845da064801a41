/**
 * The LTSeq API the benchmark cases call: the real types, so cases are checked against the
 * library's own row types (and lambdas type-check exactly as users write them).
 */
import type { LTSeq } from "ltseq";

export type LTSeqStatic = typeof LTSeq;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type LTSeqTable<S = any> = LTSeq<S, any>;

/** What `import("ltseq")` provides (the parts the bench uses). */
export interface LTSeqModule {
  LTSeq: LTSeqStatic;
}
