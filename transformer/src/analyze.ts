/**
 * file → calls → per-method handler → lowered lambdas. The analysis of one source file, shared by
 * every host: it finds the calls whose declaration is an ltseq method, lowers their lambdas, and
 * collects errors (one {@link LoweringError} per lambda that cannot be translated, which leaves
 * that lambda untouched). Hosts apply the rewrites to an AST (`hosts/tspatch.ts`) or to text
 * (`hosts/vite.ts`, `hosts/generate.ts`) and report the errors through `diagnostics.ts`.
 */
import type TS from "typescript";
import { LoweringError } from "./errors.js";
import { libraryMethod, type Env } from "./identify.js";
import { lowerLambda } from "./lower/lambda.js";
import type { FnNode } from "./lower/context.js";
import { handlerFor, type LambdaKind } from "./methods.js";
import { hasHoles, type MLambda } from "./model.js";
import { checkReader, type SchemaCheck } from "./schema/check.js";

export interface AnalyzeOptions {
  /**
   * "all" (default) lowers every lambda; "closures" only those reading values from their scope,
   * leaving the rest to the run-time fallback (used to run the test suite through both paths).
   */
  readonly mode?: "all" | "closures";
  /** Checks `readCsv<S>("literal.csv")` against the file when it exists (default: on). */
  readonly schema?: SchemaCheck | false;
}

/** One lambda replaced by its tree. */
export interface Rewrite { readonly fn: FnNode; readonly lambda: MLambda; readonly kind: LambdaKind }
/** A finding that is not a lambda rewrite: the `{ schema }` a reader call gets added. */
export interface ReaderSchema { readonly call: TS.CallExpression; readonly schema: Record<string, string> }

export interface Analysis {
  readonly rewrites: Rewrite[];
  /** Untranslatable lambdas (and schema mismatches); `scope` is the node TypeScript's own errors are looked for in. */
  readonly errors: { error: LoweringError; scope: TS.Node }[];
  readonly readers: ReaderSchema[];
  /** Lambdas passed to ltseq methods (lowered or not). */
  lambdas: number;
}

export function analyzeFile(env: Env, options: AnalyzeOptions = {}): Analysis {
  const { ts, sf } = env;
  const out: Analysis = { rewrites: [], errors: [], readers: [], lambdas: 0 };
  const visit = (node: TS.Node): void => {
    if (ts.isCallExpression(node) && candidate(ts, node)) onCall(env, node, options, out);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** A cheap syntactic filter before asking the checker: a function-literal argument, or a reader with `<S>`. */
function candidate(ts: typeof TS, call: TS.CallExpression): boolean {
  if (call.typeArguments && call.arguments.length > 0 && ts.isPropertyAccessExpression(call.expression) &&
    /^read(Csv|Parquet|Json)$/.test(call.expression.name.text)) {
    return true;
  }
  const isFn = (e: TS.Expression): boolean => {
    while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e)) e = e.expression;
    return ts.isArrowFunction(e) || ts.isFunctionExpression(e) || (ts.isArrayLiteralExpression(e) && e.elements.some(isFn));
  };
  return call.arguments.some(isFn);
}

function onCall(env: Env, call: TS.CallExpression, options: AnalyzeOptions, out: Analysis): void {
  const member = libraryMethod(env, call);
  if (!member) return;
  const handler = handlerFor(member);
  if (!handler) return;
  if (handler.reader && options.schema !== false) {
    try {
      const schema = checkReader(env, call, handler.reader, options.schema);
      if (schema) out.readers.push({ call, schema });
    } catch (e) {
      if (!(e instanceof LoweringError)) throw e;
      out.errors.push({ error: e, scope: call });
    }
  }
  for (const { fn, kind } of handler.lambdas(env, call)) {
    out.lambdas++;
    try {
      const lambda = lowerLambda(env, fn, kind);
      if (options.mode === "closures" && !hasHoles(lambda)) continue;
      out.rewrites.push({ fn, lambda, kind });
    } catch (e) {
      if (!(e instanceof LoweringError)) throw e;
      out.errors.push({ error: e, scope: fn });
    }
  }
}
