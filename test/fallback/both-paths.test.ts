/**
 * Both paths give the same tree. Every lambda of the end-to-end suite that reads nothing from its
 * scope is lowered by the transformer and, separately, parsed by the run-time fallback from its
 * JavaScript text; the trees must be identical. (The `fallback` vitest project additionally runs the
 * whole e2e suite with those lambdas uncompiled, against the same literal expected rows.)
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { parseLambda } from "../../runtime/expr/parse.js";
import { analyzeFile } from "../../transformer/src/analyze.js";
import { hasHoles } from "../../transformer/src/model.js";
import { compilerOptions, ROOT } from "../transformer/harness.js";

const e2eDir = path.join(ROOT, "test", "e2e");
const files = readdirSync(e2eDir).filter((f) => f.endsWith(".test.ts")).map((f) => path.join(e2eDir, f));
const program = ts.createProgram({ rootNames: files, options: compilerOptions() });
const checker = program.getTypeChecker();

interface Case { where: string; js: string; tree: unknown; kind: "row" | "group" }
const cases: Case[] = [];
let withClosures = 0;
for (const file of files) {
  const sf = program.getSourceFile(file)!;
  const analysis = analyzeFile({ ts, checker, sf }, { schema: false });
  for (const r of analysis.rewrites) {
    if (hasHoles(r.lambda)) { withClosures++; continue; }
    const line = sf.getLineAndCharacterOfPosition(r.fn.getStart(sf)).line + 1;
    // The lambda as JavaScript, the way a compiler without the transformer would emit it.
    const js = ts.transpileModule(`(${r.fn.getText(sf)})`, { compilerOptions: { target: ts.ScriptTarget.ES2022 } }).outputText.trim().replace(/;$/, "");
    cases.push({ where: `${path.basename(file)}:${line}`, js, tree: r.lambda, kind: r.kind });
  }
}

describe("compiled and fallback trees are identical", () => {
  it("covers the end-to-end suite", () => {
    expect(cases.length).toBeGreaterThan(150);
    expect(withClosures).toBeGreaterThan(0);
  });

  it.each(cases)("$where", ({ js, tree, kind }) => {
    const fn = new Function(`return ${js}`)() as Function;
    expect(parseLambda(fn, kind)).toEqual(tree);
  });
});
