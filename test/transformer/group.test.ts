/**
 * Group lambdas (`g => …`, API.md §6 and §8): the transformer gives exactly the fallback's tree
 * (`parseLambda(fn, "group")`), and values from outside the lambda work in them too.
 */
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { parseLambda } from "../../runtime/expr/parse.js";
import { splice } from "../../transformer/src/hosts/text.js";
import { analyze, PRELUDE, summary } from "./harness.js";

const SOURCES: [method: string, source: string][] = [
  ["filter", "g => g.count() > 3"],
  ["filter", "g => g.count() > 3 && g.first().price < g.last().price"],
  ["derive", "g => ({ n: g.count(), hi: g.price.max(), first: g.first().d })"],
  ["agg", "g => ({ s: g.price.sum(), m: g.price.mean(), mn: g.price.min(), md: g.price.median(), sd: g.price.std(), v: g.price.var(), c: g.price.count(), p: g.price.percentile(0.9), pn: g.price.percentile(-0.5) })"],
  ["filter", "g => g.all(r => r.price > 0) || g.any((r) => r.name === \"x\") && g.none(function (r) { return r.age < 0; })"],
  ["derive", "g => ({ up: g.last().price - g.first().price, label: g.count() > 2 ? \"long\" : \"short\" })"],
  ["filter", "g => g[\"price\"].sum() > 10 && Math.abs(g.qty.mean()) < 5"],
  ["agg", "(g) => { return { n: g.count() }; }"],
];

const marker = (i: number) => `/*g${i}*/`;
const text = PRELUDE + `import type { NestedTable } from "ltseq";\ndeclare const nested: NestedTable<Fx>;\n` +
  SOURCES.map(([m, src], i) => `nested.${m}(${marker(i)}${src});`).join("\n") + "\n" +
  "t.agg(g => ({ total: g.price.sum() }));\nt.groupBy(r => r.name).agg(g => ({ n: g.count() }));\n";
const { sf, analysis, diagnostics } = analyze(text);
const byStart = new Map(analysis.rewrites.map((r) => [r.fn.getFullStart(), r]));

describe("group lambdas", () => {
  it("lower without diagnostics", () => {
    expect(summary(sf, diagnostics)).toEqual([]);
    expect(analysis.errors).toEqual([]);
  });

  it.each(SOURCES.map(([, source], i) => ({ source, i })))("$source", ({ source, i }) => {
    const r = byStart.get(text.indexOf(marker(i)));
    expect(r?.kind).toBe("group");
    const fallback = parseLambda(new Function(`return (${source})`)() as Function, "group");
    expect(r!.lambda).toEqual(fallback);
  });

  it("t.agg and groupBy(...).agg take group lambdas; groupBy's key is a row lambda", () => {
    const kinds = Object.fromEntries(analysis.rewrites.slice(-3).map((r) => [r.fn.getText(sf), r.kind]));
    expect(kinds).toEqual({ "g => ({ total: g.price.sum() })": "group", "r => r.name": "row", "g => ({ n: g.count() })": "group" });
  });

  it("values from outside the lambda", () => {
    const a = analyze(PRELUDE + `import type { NestedTable } from "ltseq";\ndeclare const nested: NestedTable<Fx>;\nconst MIN = 3; const P = 0.9;\nnested.filter(g => g.count() > MIN && g.price.percentile(P) > MIN * 2);\n`);
    expect(a.diagnostics).toEqual([]);
    expect(splice(ts, a.sf, a.analysis).code).toContain(
      'body: { kind: "binary", op: "&&", left: { kind: "binary", op: ">", left: { kind: "agg", fn: "count", args: [] }, right: { kind: "lit", value: (MIN) } }, right: { kind: "binary", op: ">", left: { kind: "agg", fn: "percentile", args: [{ kind: "col", name: "price" }, { kind: "lit", value: 0.9 }] }, right: { kind: "lit", value: (MIN * 2) } } }',
    );
  });
});
