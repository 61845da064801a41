/**
 * The transformer's diagnostics inside a language service (the `ltseq/tsserver` editor plugin,
 * transformer/tsserver.cjs): editors never run compiler transformers, so the plugin runs the same
 * analysis the build runs on the edited file and adds its errors with the build's rules (nothing on
 * a lambda TypeScript already reports; `@ts-expect-error` suppresses and is then used).
 */
import type TS from "typescript";
import { analyzeFile } from "../analyze.js";
import { report, withoutUsedDirectives } from "../diagnostics.js";
import { defaultSchemaCheck } from "../schema/read.js";

export interface PluginConfig { checkSchemas?: boolean }

/** Wraps a language service so `getSemanticDiagnostics` also reports the transformer's errors. */
export function decorate(ts: typeof TS, ls: TS.LanguageService, config: PluginConfig = {}): TS.LanguageService {
  const proxy = Object.create(null) as Record<string, unknown>;
  for (const k of Object.keys(ls) as (keyof TS.LanguageService)[]) {
    const f = ls[k];
    proxy[k] = typeof f === "function" ? (...args: unknown[]) => (f as (...a: unknown[]) => unknown).apply(ls, args) : f;
  }
  proxy.getSemanticDiagnostics = (fileName: string): TS.Diagnostic[] => {
    const own = ls.getSemanticDiagnostics(fileName);
    const program = ls.getProgram();
    const sf = program?.getSourceFile(fileName);
    if (!program || !sf || sf.isDeclarationFile) return own;
    try {
      const schema = config.checkSchemas === false ? false : defaultSchemaCheck();
      const analysis = analyzeFile({ ts, checker: program.getTypeChecker(), sf }, { schema });
      if (analysis.errors.length === 0) return own;
      const r = report(ts, sf, analysis.errors, () => [...program.getSyntacticDiagnostics(sf), ...own]);
      return [...withoutUsedDirectives(ts, sf, own, r.usedDirectiveLines), ...r.add];
    } catch {
      // The editor must keep working whatever the analysis meets; the build reports the rest.
      return own;
    }
  };
  return proxy as unknown as TS.LanguageService;
}

