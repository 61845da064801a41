/**
 * Per-method handling of the calls `analyze.ts` identified as ltseq methods: which arguments are
 * lambdas and what kind. Row lambdas (`r => ...`, two-table `(a, b) => ...`, arrays of them as in
 * `searchPattern([...])`) and group lambdas (`g => g.count()`, lower/group.ts) are lowered.
 */
import type TS from "typescript";
import type { Env, LibraryMember } from "./identify.js";
import type { FnNode } from "./lower/context.js";

export type LambdaKind = "row" | "group";

export interface Handler {
  /** The lambdas among the call's arguments, with their kind. */
  lambdas(env: Env, call: TS.CallExpression): { fn: FnNode; kind: LambdaKind }[];
  /** Static readers whose `<S>` is checked against the file at build time. */
  readonly reader?: "csv" | "parquet" | "json";
}

/** Arguments that are function literals, directly or as elements of an array literal. */
function functionArgs(env: Env, call: TS.CallExpression): FnNode[] {
  const { ts } = env;
  const out: FnNode[] = [];
  const take = (e: TS.Expression): void => {
    let x = e;
    while (ts.isParenthesizedExpression(x) || ts.isAsExpression(x) || ts.isSatisfiesExpression(x)) x = x.expression;
    if (ts.isArrowFunction(x) || ts.isFunctionExpression(x)) out.push(x);
    else if (ts.isArrayLiteralExpression(x)) x.elements.forEach(take);
  };
  call.arguments.forEach(take);
  return out;
}

const rowLambdas: Handler = { lambdas: (env, call) => functionArgs(env, call).map((fn) => ({ fn, kind: "row" as const })) };
const groupLambdas: Handler = { lambdas: (env, call) => functionArgs(env, call).map((fn) => ({ fn, kind: "group" as const })) };

const READERS: Record<string, Handler["reader"]> = { readCsv: "csv", readParquet: "parquet", readJson: "json" };

/** The handler for an ltseq method, or undefined when the call needs nothing from the transformer. */
export function handlerFor(m: LibraryMember): Handler | undefined {
  if (m.owner === "LTSeq") {
    if (m.isStatic) {
      const reader = READERS[m.name];
      return reader ? { lambdas: () => [], reader } : undefined;
    }
    // `t.agg(g => ...)` aggregates the whole table through a group lambda (API.md §8).
    return m.name === "agg" ? groupLambdas : rowLambdas;
  }
  // NestedTable.filter/derive/agg and groupBy(...).agg take group lambdas (API.md §6, §8).
  if (m.owner === "NestedTable" || m.owner === "GroupBy") return groupLambdas;
  // Another table class (a later issue's): its lambdas are row lambdas unless listed above.
  // Methods of interfaces (`Group`, `When`, column types) are only called inside lambdas.
  if (m.ownerIsClass) return rowLambdas;
  return undefined;
}
