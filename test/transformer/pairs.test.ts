/**
 * Two-table lambdas (joins, links, as-of) and pointer paths (`r.prod.name`) through the transformer:
 * the same trees as the run-time parser for the fixtures in test/fixtures/expr/pairs/, each lowered
 * in the call its `call` field names (`#` stands for the lambda).
 */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { analyze, PRELUDE, summary } from "./harness.js";

interface Fixture { name: string; call: string; source: string; tree: unknown }

const dir = fileURLToPath(new URL("../fixtures/expr/pairs/", import.meta.url));
const fixtures: Fixture[] = readdirSync(dir).filter((f) => f.endsWith(".json")).sort()
  .map((f) => JSON.parse(readFileSync(dir + f, "utf8")) as Fixture);

const marker = (i: number) => `/*fx${i}*/`;
const prelude = PRELUDE + `import type { Linked } from "ltseq";\ndeclare const lk: LTSeq<Linked<Fx, Fx, "prod">>;\n`;
const text = prelude + fixtures.map((f, i) => f.call.replace("#", marker(i) + f.source) + ";").join("\n") + "\n";
const { sf, analysis, diagnostics } = analyze(text);
const byStart = new Map(analysis.rewrites.map((r) => [r.fn.getStart(sf), r.lambda]));

describe("two-table lambdas and pointer paths through the transformer", () => {
  it("all lower without diagnostics", () => {
    expect(summary(sf, diagnostics)).toEqual([]);
    expect(analysis.errors.map((e) => e.error.message)).toEqual([]);
    expect(analysis.lambdas).toBe(fixtures.length);
  });

  it.each(fixtures.map((f, i) => ({ ...f, i })))("$name", ({ source, tree, i }) => {
    const at = text.indexOf(marker(i));
    const lambda = byStart.get(at + marker(i).length);
    expect(lambda, `no rewrite for ${source}`).toBeDefined();
    expect(lambda).toEqual(tree);
  });

  it("a wrong target column is a TypeScript error at the path", () => {
    const r = analyze(prelude + `lk.filter(r => r.prod.nope > 1);\n`);
    const ts = [...r.program.getSemanticDiagnostics(r.sf)].map((d) => String(d.messageText));
    expect(ts.join("\n")).toMatch(/Property 'nope' does not exist/);
  });
});
