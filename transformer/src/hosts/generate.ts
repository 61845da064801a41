/**
 * `ltseq generate <src> <out>`: writes transformed copies of a source tree for toolchains that
 * cannot run compiler transformers (tsx, esbuild, bun, swc). Lambdas become tree literals; types,
 * comments and formatting are kept; other files are copied unchanged.
 */
import fs from "node:fs";
import path from "node:path";
import type TS from "typescript";
import { analyzeFile } from "../analyze.js";
import { formatDiagnostics, report } from "../diagnostics.js";
import { defaultSchemaCheck } from "../schema/read.js";
import { ProjectService } from "./service.js";
import { splice } from "./text.js";
import { loadTypeScript } from "./typescript.js";

export interface GenerateOptions {
  /** A directory or a single file. */
  src: string;
  /** The output directory (or file, when `src` is a file). */
  out: string;
  tsconfig?: string;
  mode?: "all" | "closures";
  checkSchemas?: boolean;
  ts?: typeof TS;
}

export interface GenerateResult {
  files: number;
  lambdas: number;
  compiled: number;
  diagnostics: TS.Diagnostic[];
  /** tsc-style text of the diagnostics. */
  errorText: string;
}

const SOURCE = /\.(?:[mc]?ts|tsx)$/;
const SKIP_DIRS = new Set(["node_modules", ".git"]);

export function generate(opts: GenerateOptions): GenerateResult {
  const src = path.resolve(opts.src);
  const out = path.resolve(opts.out);
  const isFile = fs.statSync(src).isFile();
  const root = isFile ? path.dirname(src) : src;
  const ts = opts.ts ?? loadTypeScript(root);
  const service = new ProjectService(ts, { root, tsconfig: opts.tsconfig });
  const files = isFile ? [src] : walk(src, out);
  const result: GenerateResult = { files: 0, lambdas: 0, compiled: 0, diagnostics: [], errorText: "" };
  const sources = files.filter((f) => SOURCE.test(f) && !f.endsWith(".d.ts"));
  for (const f of sources) service.update(f, fs.readFileSync(f, "utf8"));
  const program = service.program();
  for (const f of files) {
    const target = isFile ? out : path.join(out, path.relative(src, f));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const sf = sources.includes(f) ? program.getSourceFile(f) : undefined;
    if (!sf) {
      fs.copyFileSync(f, target);
      continue;
    }
    const analysis = analyzeFile({ ts, checker: program.getTypeChecker(), sf }, {
      mode: opts.mode,
      schema: opts.checkSchemas === false ? false : defaultSchemaCheck(),
    });
    result.files++;
    result.lambdas += analysis.lambdas;
    result.compiled += analysis.rewrites.length;
    if (analysis.errors.length > 0) result.diagnostics.push(...report(ts, sf, analysis.errors, () => service.tsDiagnostics(f)).add);
    fs.writeFileSync(target, splice(ts, sf, analysis).code);
  }
  result.errorText = formatDiagnostics(ts, result.diagnostics);
  return result;
}

function walk(dir: string, exclude: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (SKIP_DIRS.has(e.name) || p === exclude) continue;
      out.push(...walk(p, exclude));
    } else if (e.isFile()) {
      out.push(p);
    }
  }
  return out;
}
