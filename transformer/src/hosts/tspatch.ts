/**
 * ts-patch hosts (`tspc`, ts-node with `compiler: "ts-patch/compiler"`):
 * - the source transformer (`{ "transform": "ltseq/transformer" }`) rewrites lambdas at emit and
 *   reports untranslatable ones as emit diagnostics;
 * - the program transformer (`{ "transform": "ltseq/transformer", "transformProgram": true,
 *   "import": "program" }`) adds the same errors to `getSemanticDiagnostics`, so they appear in
 *   `tspc --noEmit`, editors' builds and ts-node's type check, and applies the rewrite at emit too.
 * Either entry alone is enough; with both, the work is done once.
 */
import type TS from "typescript";
import { analyzeFile, type Analysis, type AnalyzeOptions } from "../analyze.js";
import { report, withoutUsedDirectives } from "../diagnostics.js";
import { toAst } from "../emit/ast.js";
import { defaultSchemaCheck } from "../schema/read.js";

/** Options accepted in the tsconfig plugin entry. */
export interface PluginOptions {
  /** "all" (default) or "closures" (only lambdas that read outside values; the rest use the fallback). */
  mode?: "all" | "closures";
  /** Check `readCsv<S>("file")` against existing files at build time (default true). */
  checkSchemas?: boolean;
}

interface TsPatchExtras {
  ts?: typeof TS;
  addDiagnostic?: (d: TS.Diagnostic) => number;
}

interface ProgramState {
  readonly analyses: WeakMap<TS.SourceFile, Analysis>;
  /** The program transformer is active: diagnostics go through getSemanticDiagnostics, not emit. */
  programTransformer: boolean;
  /** `getSemanticDiagnostics` as TypeScript defined it. */
  originalSemantic: TS.Program["getSemanticDiagnostics"];
}

const states = new WeakMap<TS.Program, ProgramState>();

function stateOf(program: TS.Program): ProgramState {
  let s = states.get(program);
  if (!s) {
    s = { analyses: new WeakMap(), programTransformer: false, originalSemantic: program.getSemanticDiagnostics };
    states.set(program, s);
  }
  return s;
}

function analyzeOptions(config: PluginOptions | undefined): AnalyzeOptions {
  return { mode: config?.mode, schema: config?.checkSchemas === false ? false : defaultSchemaCheck() };
}

function analysisOf(ts: typeof TS, program: TS.Program, sf: TS.SourceFile, config: PluginOptions | undefined): Analysis {
  const state = stateOf(program);
  let a = state.analyses.get(sf);
  if (!a) {
    a = analyzeFile({ ts, checker: program.getTypeChecker(), sf }, analyzeOptions(config));
    state.analyses.set(sf, a);
  }
  return a;
}

function isUserFile(program: TS.Program, sf: TS.SourceFile): boolean {
  return !sf.isDeclarationFile && !program.isSourceFileFromExternalLibrary(sf) && !program.isSourceFileDefaultLibrary(sf);
}

function tsDiagnosticsOf(program: TS.Program, sf: TS.SourceFile): () => readonly TS.Diagnostic[] {
  let cached: readonly TS.Diagnostic[] | undefined;
  return () => (cached ??= [...program.getSyntacticDiagnostics(sf), ...stateOf(program).originalSemantic.call(program, sf)]);
}

/** The ts-patch source transformer: `{ "transform": "ltseq/transformer" }`. */
export function sourceTransformer(program: TS.Program, config?: PluginOptions, extras?: TsPatchExtras): TS.TransformerFactory<TS.SourceFile> {
  return makeTransformer(program, config, extras?.ts ?? (require("typescript") as typeof TS), extras?.addDiagnostic, false);
}

/**
 * @param fromProgram true when called by the program transformer's emit hook (which reports
 *   through getSemanticDiagnostics); a configured source transformer then stands aside.
 */
function makeTransformer(
  program: TS.Program, config: PluginOptions | undefined, ts: typeof TS,
  addDiagnostic: ((d: TS.Diagnostic) => number) | undefined, fromProgram: boolean,
): TS.TransformerFactory<TS.SourceFile> {
  return (context) => (sf) => {
    const state = stateOf(program);
    if (state.programTransformer && !fromProgram) return sf;
    if (!isUserFile(program, sf)) return sf;
    const analysis = analysisOf(ts, program, sf, config);
    if (!fromProgram && analysis.errors.length > 0 && addDiagnostic) {
      for (const d of report(ts, sf, analysis.errors, tsDiagnosticsOf(program, sf)).add) addDiagnostic(d);
    }
    return rewrite(ts, context, sf, analysis);
  };
}

/** Applies an analysis to a source file's AST. */
export function rewrite(ts: typeof TS, context: TS.TransformationContext, sf: TS.SourceFile, analysis: Analysis): TS.SourceFile {
  if (analysis.rewrites.length === 0 && analysis.readers.length === 0) return sf;
  const lambdas = new Map<TS.Node, unknown>(analysis.rewrites.map((r) => [r.fn, r.lambda]));
  const readers = new Map(analysis.readers.map((r) => [r.call as TS.Node, r.schema]));
  const f = context.factory;
  const visit = (node: TS.Node): TS.Node => {
    const lambda = lambdas.get(node);
    if (lambda !== undefined) return toAst(ts, f, lambda, visitExpr);
    const schema = readers.get(node);
    if (schema !== undefined) return withSchema(ts, f, ts.visitEachChild(node, visit, context) as TS.CallExpression, schema);
    return ts.visitEachChild(node, visit, context);
  };
  const visitExpr = (e: TS.Expression): TS.Expression => ts.visitNode(e, visit) as TS.Expression;
  return ts.visitNode(sf, visit) as TS.SourceFile;
}

/** `readCsv<S>(path)` → `readCsv<S>(path, { schema })`, or `{ ...options, schema }` for a literal options object. */
function withSchema(ts: typeof TS, f: TS.NodeFactory, call: TS.CallExpression, schema: Record<string, string>): TS.CallExpression {
  const prop = f.createPropertyAssignment("schema", toAst(ts, f, schema, (e) => e));
  const [path, opts, ...rest] = call.arguments;
  let options: TS.Expression;
  if (opts === undefined) options = f.createObjectLiteralExpression([prop]);
  else if (ts.isObjectLiteralExpression(opts)) options = f.updateObjectLiteralExpression(opts, [...opts.properties, prop]);
  else return call;
  return f.updateCallExpression(call, call.expression, call.typeArguments, [path, options, ...rest]);
}

/**
 * The ts-patch program transformer: `{ "transform": "ltseq/transformer", "transformProgram": true,
 * "import": "program" }`. Adds our errors to the program's semantic diagnostics and rewrites at emit.
 */
export function programTransformer(program: TS.Program, _host: TS.CompilerHost | undefined, config?: PluginOptions, extras?: { ts?: typeof TS }): TS.Program {
  const ts = extras?.ts ?? (require("typescript") as typeof TS);
  const state = stateOf(program);
  if (state.programTransformer) return program;
  state.programTransformer = true;
  const original = state.originalSemantic;
  program.getSemanticDiagnostics = function (sf?: TS.SourceFile, token?: TS.CancellationToken): readonly TS.Diagnostic[] {
    let result = [...original.call(program, sf, token)];
    const files = sf ? [sf] : program.getSourceFiles();
    for (const f of files) {
      if (!isUserFile(program, f)) continue;
      const a = analysisOf(ts, program, f, config);
      if (a.errors.length === 0) continue;
      const r = report(ts, f, a.errors, tsDiagnosticsOf(program, f));
      result = withoutUsedDirectives(ts, f, result, r.usedDirectiveLines);
      result.push(...r.add);
    }
    return result;
  };
  const emit = program.emit;
  program.emit = function (target, writeFile, token, dtsOnly, custom, ...rest: unknown[]) {
    const ours = makeTransformer(program, config, ts, undefined, true);
    const merged: TS.CustomTransformers = { ...custom, before: [ours, ...(custom?.before ?? [])] };
    return (emit as (...a: unknown[]) => TS.EmitResult).call(program, target, writeFile, token, dtsOnly, merged, ...rest);
  };
  return program;
}
