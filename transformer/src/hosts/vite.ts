/**
 * The Vite/Vitest plugin (`ltseq/vite`): runs the transformer on every TypeScript module before
 * Vite strips types. Holds one LanguageService for the project, so after the first file (~1-2 s
 * to load the project) each changed file costs tens of milliseconds.
 *
 * @example
 * // vite.config.ts / vitest.config.ts
 * import ltseq from "ltseq/vite";
 * export default defineConfig({ plugins: [ltseq()] });
 */
import path from "node:path";
import type TS from "typescript";
import { analyzeFile } from "../analyze.js";
import { formatDiagnostics, report } from "../diagnostics.js";
import { defaultSchemaCheck } from "../schema/read.js";
import { loadTypeScript } from "./typescript.js";
import { ProjectService } from "./service.js";
import { splice } from "./text.js";

export interface LtseqPluginOptions {
  /** tsconfig.json of the project (default: the nearest one to Vite's root). */
  tsconfig?: string;
  /** Files to transform (default: .ts, .tsx, .mts, .cts outside node_modules). */
  include?: RegExp;
  /** Files to leave alone. */
  exclude?: RegExp;
  /** "all" (default), or "closures": compile only lambdas that read outside values (the rest use the run-time fallback). */
  mode?: "all" | "closures";
  /** Check `readCsv<S>("file")` against existing files (default true). */
  checkSchemas?: boolean;
}

/** The subset of Vite's plugin interface used here (no dependency on vite's types). */
export interface LtseqVitePlugin {
  name: string;
  enforce: "pre";
  configResolved(config: { root: string }): void;
  transform(this: { error(e: unknown): never }, code: string, id: string): { code: string; map: unknown } | null;
  watchChange(id: string): void;
}

const DEFAULT_INCLUDE = /\.(?:[mc]?ts|tsx)$/;

export function ltseq(options: LtseqPluginOptions = {}): LtseqVitePlugin {
  let root = process.cwd();
  let service: ProjectService | undefined;
  let ts: typeof TS | undefined;
  const include = options.include ?? DEFAULT_INCLUDE;
  const getService = (): ProjectService => {
    ts ??= loadTypeScript(root);
    return (service ??= new ProjectService(ts, { root, tsconfig: options.tsconfig }));
  };
  return {
    name: "ltseq",
    enforce: "pre",
    configResolved(config) {
      root = config.root;
    },
    transform(code, id) {
      const file = id.split("?")[0];
      if (!include.test(file) || file.endsWith(".d.ts") || file.includes(`${path.sep}node_modules${path.sep}`) || file.includes("/node_modules/")) return null;
      if (options.exclude?.test(file)) return null;
      const svc = getService();
      const program = svc.update(file, code);
      const sf = program.getSourceFile(file);
      if (!sf) return null;
      const analysis = analyzeFile({ ts: ts!, checker: program.getTypeChecker(), sf }, {
        mode: options.mode,
        schema: options.checkSchemas === false ? false : defaultSchemaCheck(),
      });
      if (analysis.errors.length > 0) {
        const { add } = report(ts!, sf, analysis.errors, () => svc.tsDiagnostics(file));
        if (add.length > 0) {
          const first = add[0];
          const pos = sf.getLineAndCharacterOfPosition(first.start!);
          this.error({
            message: `ltseq transformer: ${add.length} lambda${add.length > 1 ? "s" : ""} cannot be compiled\n${formatDiagnostics(ts!, add, root)}`,
            id: file,
            loc: { file, line: pos.line + 1, column: pos.character },
          });
        }
      }
      if (analysis.rewrites.length === 0 && analysis.readers.length === 0) return null;
      const out = splice(ts!, sf, analysis);
      return { code: out.code, map: out.magic.generateMap({ hires: true, source: file, includeContent: true }) };
    },
    watchChange(id) {
      service?.invalidate(id.split("?")[0]);
    },
  };
}

export default ltseq;
