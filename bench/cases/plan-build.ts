/**
 * Q2 — lazy plan construction cost. Builds a 20-step plan (filter / derive / select,
 * alternating) on a small `LTSeq.fromRows` table, 1000 times per run, without executing it.
 * Reported per build. Target: < 1 ms per 20-step plan.
 *
 * Note: `npm run build:ts` compiles the bench with plain tsc, so these lambdas reach the
 * runtime untransformed and go through its fallback parser (fn.toString() + acorn).
 */
import type { LTSeqTable } from "../engines/ltseq-api.js";
import { defineCase } from "./types.js";

const BUILDS = 1000;

/* eslint-disable @typescript-eslint/no-explicit-any -- columns appear step by step; the
   local API slice cannot track select(r => [...]) column lists. */
function build(base: LTSeqTable<any>): LTSeqTable<any> {
  return base
    .filter((r) => r.a > 0)                      // 1
    .derive((r) => ({ d: r.a * 2 }))             // 2
    .select((r) => [r.a, r.b, r.c, r.d])         // 3
    .filter((r) => r.d < 1000)                   // 4
    .derive((r) => ({ e: r.b + r.d }))           // 5
    .select((r) => [r.a, r.b, r.c, r.e])         // 6
    .filter((r) => r.e > 1)                      // 7
    .derive((r) => ({ f: r.e * r.a }))           // 8
    .select((r) => [r.a, r.b, r.c, r.f])         // 9
    .filter((r) => r.c !== "z")                  // 10
    .derive((r) => ({ g: r.f - r.b }))           // 11
    .select((r) => [r.a, r.b, r.c, r.g])         // 12
    .filter((r) => r.g >= 0 || r.a === 1)        // 13
    .derive((r) => ({ h: r.g / 2 }))             // 14
    .select((r) => [r.a, r.b, r.c, r.h])         // 15
    .filter((r) => r.h < 1e6)                    // 16
    .derive((r) => ({ i: r.a + r.h }))           // 17
    .select((r) => [r.a, r.b, r.c, r.i])         // 18
    .filter((r) => r.i > 0)                      // 19
    .derive((r) => ({ j: r.i * 3 }));            // 20
}

const EXPECTED_COLUMNS = ["a", "b", "c", "i", "j"];

export default defineCase({
  name: "plan-build",
  dataset: null,
  description: `build a 20-step lazy plan on LTSeq.fromRows (filter/derive/select), ${BUILDS} builds per run, no execution`,
  opsPerRun: BUILDS,
  targets: [{ kind: "perOp", engine: "ltseq", maxMicros: 1000 }],
  runs: {
    async ltseq({ LTSeq }) {
      // Typed loosely: the columns change step by step in build().
      const base: LTSeqTable<any> = LTSeq.fromRows<any>([
        { a: 1, b: 2.5, c: "x" },
        { a: 2, b: 3.5, c: "y" },
        { a: 3, b: 4.5, c: "z" },
      ]);
      let plan = base;
      for (let k = 0; k < BUILDS; k++) plan = build(base);
      const columns = plan.columns;
      if (columns.join(",") !== EXPECTED_COLUMNS.join(",")) {
        throw new Error(`plan-build: expected columns ${EXPECTED_COLUMNS.join(",")}, got ${columns.join(",")}`);
      }
      return columns.length;
    },
  },
});
