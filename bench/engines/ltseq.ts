/**
 * LTSeq itself, through the package self-reference `import("ltseq")`
 * (resolved by package.json "exports" to dist/runtime/index.js).
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { packageRoot } from "../lib/paths.js";
import { EngineUnavailable, reasonOf, type EngineAdapter } from "./types.js";
import type { LTSeqModule, LTSeqStatic } from "./ltseq-api.js";

export interface LTSeqEngine {
  LTSeq: LTSeqStatic;
}

// A variable specifier keeps tsc from resolving "ltseq" at compile time: the harness
// must build while runtime/index.ts does not exist yet (see ltseq-api.ts).
const SPECIFIER: string = "ltseq";

export const ltseqAdapter: EngineAdapter<LTSeqEngine> = {
  key: "ltseq",
  async load() {
    const entry = path.join(packageRoot(), "dist", "runtime", "index.js");
    if (!existsSync(entry)) throw new EngineUnavailable(`${path.relative(process.cwd(), entry)} not built yet (npm run build:ts)`);
    let mod: Partial<LTSeqModule>;
    try {
      mod = (await import(SPECIFIER)) as Partial<LTSeqModule>;
    } catch (err) {
      throw new EngineUnavailable(`cannot import "ltseq" (${reasonOf(err)})`);
    }
    const LTSeq = mod.LTSeq;
    if (!LTSeq || typeof LTSeq.readParquet !== "function") throw new EngineUnavailable('"ltseq" does not export LTSeq.readParquet yet');
    return { LTSeq };
  },
};
