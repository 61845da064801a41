/**
 * `ltseq/transformer`: the compile-time half of LTSeq. Rewrites each lambda passed to an LTSeq
 * method into its expression tree (checked against the row type), and reports lambdas it cannot
 * translate as compile errors at the offending node.
 *
 * tsconfig.json (with ts-patch's `tspc`, or ts-node using `compiler: "ts-patch/compiler"`):
 *
 *   "plugins": [{ "transform": "ltseq/transformer", "transformProgram": true, "import": "program" }]
 *
 * (the program transformer: errors also in `tspc --noEmit`), or the plain source transformer
 * `{ "transform": "ltseq/transformer" }` (errors at emit only). See docs/setup.md.
 */
import { programTransformer, sourceTransformer } from "./hosts/tspatch.js";

export default sourceTransformer;
export { programTransformer as program, sourceTransformer };
export type { PluginOptions } from "./hosts/tspatch.js";
export { analyzeFile, type Analysis, type AnalyzeOptions, type Rewrite } from "./analyze.js";
export { CODES, LoweringError, type CodeName } from "./errors.js";
export { toText } from "./emit/text.js";
export { generate, type GenerateOptions, type GenerateResult } from "./hosts/generate.js";
