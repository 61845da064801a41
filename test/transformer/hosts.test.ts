/**
 * The other hosts, as shipped: the Vite plugin through its ES-module entry (`ltseq/vite`) in a
 * real `vite build`, `ltseq generate` (output stripped of types as tsx/esbuild do, no transformer, then
 * run with LTSEQ_REQUIRE_COMPILED=1), and `ltseq schema`.
 */
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";
import { LTSeq } from "ltseq";
import { ROOT } from "./harness.js";
import { cli, ensureBuilt, OUT, PROJECTS, run } from "./tooling.js";

const EXPECTED_APP = [{ sym: "AAPL", day: 8, rank: 1, up: true }, { sym: "NVDA", day: 10, rank: 1, up: false }];

beforeAll(() => ensureBuilt(), 300_000);

function runCompiled(file: string): unknown {
  const r = run(process.execPath, [file], { LTSEQ_REQUIRE_COMPILED: "1" });
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout);
}

describe("ltseq/vite", () => {
  it("default-exports the plugin factory, also exported as ltseq", () => {
    const r = run(process.execPath, ["--input-type=module", "-e",
      'import d, { ltseq } from "ltseq/vite"; const p = d(); console.log(typeof d, d === ltseq, p.name, p.enforce);'], {}, PROJECTS);
    expect(r.stdout.trim()).toBe("function true ltseq pre");
  });

  it("a vite build compiles every lambda, closures included", () => {
    const r = run(process.execPath, [path.join(ROOT, "node_modules", "vite", "bin", "vite.js"), "build", "--config", path.join(PROJECTS, "app", "vite.config.mjs")]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const js = fs.readFileSync(path.join(OUT, "vite-app", "main.js"), "utf8");
    expect(js).toContain('kind: "lambda"');
    expect(runCompiled(path.join(OUT, "vite-app", "main.js"))).toEqual(EXPECTED_APP);
  });
});

describe("ltseq generate", () => {
  const out = path.join(OUT, "generated-app");

  it("writes transformed sources that need no transformer", () => {
    fs.rmSync(out, { recursive: true, force: true });
    const g = cli(["generate", path.join(PROJECTS, "app", "src"), out]);
    expect(g.stderr).toBe("");
    expect(g.stdout).toContain("2 files, 5 of 5 lambdas compiled");
    const main = fs.readFileSync(path.join(out, "main.ts"), "utf8");
    expect(main).toContain('.filter({ kind: "lambda"');
    expect(main).toContain("interface Quote { date: Date; sym: string; price: number; volume: number }"); // types kept
    expect(main).toContain('readCsv<Quote>("examples/data/stocks.csv", { schema: { date: "date32", sym: "utf8", price: "float64", volume: "int64" } })');
    // Types stripped file by file, as tsx/esbuild/swc do: no type checker, no transformer.
    const js = path.join(OUT, "generated-app-js");
    fs.mkdirSync(js, { recursive: true });
    for (const f of ["main", "limits"]) {
      const src = fs.readFileSync(path.join(out, `${f}.ts`), "utf8");
      const { outputText } = ts.transpileModule(src, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } });
      fs.writeFileSync(path.join(js, `${f}.js`), outputText);
    }
    expect(runCompiled(path.join(js, "main.js"))).toEqual(EXPECTED_APP);
  });

  it("reports untranslatable lambdas with their positions and exits 1", () => {
    const g = cli(["generate", path.join(PROJECTS, "fail", "src", "bad.ts"), path.join(OUT, "generated-bad.ts")]);
    expect(g.code).toBe(1);
    expect([...g.stderr.matchAll(/bad\.ts\((\d+),(\d+)\): error TS(\d+)/g)].map((m) => `${m[1]},${m[2]} ${m[3]}`))
      .toEqual(["8,34 91002", "9,34 91003", "14,3 91007", "18,32 91016"]);
    expect(fs.readFileSync(path.join(OUT, "generated-bad.ts"), "utf8")).toContain("t.filter((r) => double(r.age) > 2)"); // left intact
  });
});

describe("ltseq schema", () => {
  it("prints a row type for CSV, JSON and Parquet files", async () => {
    expect(cli(["schema", "examples/data/stocks.csv"]).stdout).toBe(
      "export interface Stocks {\n  date: Date | null;\n  sym: string | null;\n  price: number | null;\n  volume: number | null;\n}\n");
    expect(cli(["schema", "test/fixtures/data/events.ndjson", "--name", "Event"]).stdout).toBe(
      "export interface Event {\n  id: number | null;\n  kind: string | null;\n  ok: boolean | null;\n  score: number | null;\n}\n");
    const pq = path.join(OUT, "people.parquet");
    fs.mkdirSync(OUT, { recursive: true });
    await LTSeq.fromRows([{ id: 1, "full name": "Ann", at: new Date(0) }]).writeParquet(pq);
    expect(cli(["schema", pq]).stdout).toMatch(/^export interface People \{\n  id: number( \| null)?;\n  "full name": string( \| null)?;\n  at: Date( \| null)?;\n\}\n$/);
  });

  it("headerless and delimited CSV; a missing file is an error naming it", () => {
    expect(cli(["schema", "test/fixtures/data/pipes.txt", "--delimiter", "|", "--name", "Pipe"]).stdout).toContain("city: string | null;");
    const r = cli(["schema", "nope.csv"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("nope.csv");
  });
});
