/**
 * The shared golden fixtures (test/fixtures/expr/*.json, also lowered by the Rust tests): the
 * transformer must produce exactly the tree the run-time fallback produces for every `source`.
 */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { analyze, PRELUDE, summary } from "./harness.js";

interface Fixture { name: string; source: string; tree: unknown }

const dir = fileURLToPath(new URL("../fixtures/expr/", import.meta.url));
const fixtures: Fixture[] = readdirSync(dir)
  .filter((f) => f.endsWith(".json") && f !== "schema.json")
  .sort()
  .map((f) => JSON.parse(readFileSync(dir + f, "utf8")) as Fixture);

// Every fixture becomes one call `t.sort(<source>)` in a single program (one type check for all).
const marker = (i: number) => `/*fx${i}*/`;
const text = PRELUDE + fixtures.map((f, i) => `t.sort(${marker(i)}${f.source});`).join("\n") + "\n";
const { sf, analysis, diagnostics } = analyze(text);
const byStart = new Map(analysis.rewrites.map((r) => [r.fn.getFullStart(), r.lambda]));

describe("golden fixtures through the transformer", () => {
  it("all lower without diagnostics", () => {
    expect(summary(sf, diagnostics)).toEqual([]);
    expect(analysis.errors.map((e) => e.error.message)).toEqual([]);
    expect(analysis.lambdas).toBe(fixtures.length);
  });

  it.each(fixtures.map((f, i) => ({ ...f, i })))("$name", ({ source, tree, i }) => {
    const at = text.indexOf(marker(i));
    const lambda = byStart.get(at) ?? byStart.get(at + marker(i).length);
    expect(lambda, `no rewrite for ${source}`).toBeDefined();
    expect(lambda).toEqual(tree);
  });
});

export { ts };
