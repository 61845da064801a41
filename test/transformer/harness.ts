/**
 * In-memory programs for transformer tests: virtual source files next to the real repository
 * (so `import ... from "ltseq"` resolves through tsconfig `paths` to `runtime/`), type-checked by
 * the real compiler, analysed by the real transformer.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { analyzeFile, type Analysis, type AnalyzeOptions } from "../../transformer/src/analyze.js";
import { report } from "../../transformer/src/diagnostics.js";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const VIRTUAL_DIR = path.join(ROOT, "test", "transformer", "__virtual__");
/** Virtual files named `runtime/...` live in the repository's runtime folder (stand-ins for classes not written yet). */
const virtualPath = (name: string) => (name.startsWith("runtime/") ? path.join(ROOT, name) : path.join(VIRTUAL_DIR, name));

let options: ts.CompilerOptions | undefined;
export function compilerOptions(): ts.CompilerOptions {
  if (!options) {
    const cfg = ts.readConfigFile(path.join(ROOT, "tsconfig.json"), ts.sys.readFile);
    options = ts.parseJsonConfigFileContent(cfg.config, ts.sys, ROOT).options;
  }
  return options;
}

const libCache = new Map<string, ts.SourceFile>();

/** A program over virtual files (name → text) plus whatever they import from disk. */
export function virtualProgram(files: Record<string, string>): { program: ts.Program; file: (name: string) => ts.SourceFile } {
  const opts = compilerOptions();
  const host = ts.createCompilerHost(opts, true);
  const abs = virtualPath;
  const virtual = new Map(Object.entries(files).map(([k, v]) => [abs(k), v]));
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, lang, onError, create) => {
    const text = virtual.get(fileName);
    if (text !== undefined) return ts.createSourceFile(fileName, text, lang, true);
    // Library and runtime files do not change between tests: parse them once.
    const hit = libCache.get(fileName);
    if (hit) return hit;
    const sf = getSourceFile(fileName, lang, onError, create);
    if (sf) libCache.set(fileName, sf);
    return sf;
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (f) => virtual.has(f) || fileExists(f);
  const readFile = host.readFile.bind(host);
  host.readFile = (f) => virtual.get(f) ?? readFile(f);
  const program = ts.createProgram({ rootNames: [...virtual.keys()], options: opts, host });
  return { program, file: (name) => program.getSourceFile(abs(name))! };
}

export interface Analyzed {
  program: ts.Program;
  sf: ts.SourceFile;
  analysis: Analysis;
  /** Diagnostics of ours that would be reported (after TypeScript's own and directives). */
  diagnostics: ts.Diagnostic[];
}

/** Analyses one virtual file. */
export function analyze(text: string, opts: AnalyzeOptions = {}, name = "case.ts", extra: Record<string, string> = {}): Analyzed {
  const { program, file } = virtualProgram({ [name]: text, ...extra });
  const sf = file(name);
  const checker = program.getTypeChecker();
  const analysis = analyzeFile({ ts, checker, sf }, { schema: false, ...opts });
  const tsDiags = () => [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)];
  const diagnostics = report(ts, sf, analysis.errors, tsDiags).add;
  return { program, sf, analysis, diagnostics };
}

/** `{ code, line, message }` of each diagnostic (1-based lines). */
export function summary(sf: ts.SourceFile, diags: readonly ts.Diagnostic[]): { code: number; line: number; message: string }[] {
  return diags.map((d) => ({
    code: d.code,
    line: sf.getLineAndCharacterOfPosition(d.start!).line + 1,
    message: ts.flattenDiagnosticMessageText(d.messageText, "\n"),
  }));
}

/** The usual imports and a fixture-schema table for snippets. */
export const PRELUDE = `import { LTSeq, when, coalesce, desc, rowNumber, rank, denseRank, ntile } from "ltseq";
import * as ltseq_1 from "ltseq";
import * as __vite_ssr_import_0__ from "ltseq";
type Fx = {
  name: string | null; first: string | null; last: string | null; age: number | null; qty: number | null;
  price: number | null; d: Date | null; day: Date | null; flag: boolean | null;
};
declare const t: LTSeq<Fx, "ordered">;
declare const u: LTSeq<Fx>;
void [when, coalesce, desc, rowNumber, rank, denseRank, ntile, ltseq_1, __vite_ssr_import_0__, u];
`;
