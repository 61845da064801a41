/**
 * The ts-patch hosts end to end: fixture projects under test/transformer/projects compiled by
 * `tspc` with the compiled (CommonJS) transformer resolved as `ltseq/transformer`, run with
 * LTSEQ_REQUIRE_COMPILED=1; the must-fail project's errors by code and position, in
 * `tspc --noEmit` (program transformer) and at emit (source transformer); and the same on TypeScript 6.
 */
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "./harness.js";
import { ensureBuilt, errors, OUT, PROJECTS, run, tsNodeRegister, tspc, typescript6 } from "./tooling.js";

const app = (cfg: string) => path.join(PROJECTS, "app", cfg);
const fail = (cfg: string) => path.join(PROJECTS, "fail", cfg);

const EXPECTED_APP = [{ sym: "AAPL", day: 8, rank: 1, up: true }, { sym: "NVDA", day: 10, rank: 1, up: false }];
/** bad.ts: the lines with untranslatable lambdas, and the reader whose row type does not match its file. */
const EXPECTED_FAIL = ["bad.ts(8,34) TS91002", "bad.ts(9,34) TS91003", "bad.ts(14,3) TS91007", "bad.ts(18,32) TS91016"];

function runApp(outDir: string): unknown {
  const r = run(process.execPath, [path.join(outDir, "main.js")], { LTSEQ_REQUIRE_COMPILED: "1" });
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

function legs(label: string, typescriptDir: () => string | undefined): void {
  describe(label, () => {
    it("program transformer: tspc emits compiled lambdas that run with LTSEQ_REQUIRE_COMPILED=1", () => {
      const out = path.join(OUT, `app-program-${label}`);
      const r = tspc(["-p", app("tsconfig.json"), "--outDir", out], typescriptDir());
      expect(r.stdout + r.stderr).toBe("");
      expect(r.code).toBe(0);
      expect(runApp(out)).toEqual(EXPECTED_APP);
    });

    it("source transformer: the same program", () => {
      const out = path.join(OUT, `app-source-${label}`);
      const r = tspc(["-p", app("tsconfig.source.json"), "--outDir", out], typescriptDir());
      expect(r.stdout + r.stderr).toBe("");
      expect(runApp(out)).toEqual(EXPECTED_APP);
    });

    it("program transformer: errors in tspc --noEmit, at the offending nodes, nothing under @ts-expect-error", () => {
      const r = tspc(["-p", fail("tsconfig.json"), "--noEmit"], typescriptDir());
      expect(errors(r.stdout)).toEqual(EXPECTED_FAIL);
      expect(r.stdout).not.toContain("TS2578");
      expect(r.stdout).toContain('column "name" of Person is not in examples/data/stocks.csv (its columns: date, sym, price, volume)');
      expect(r.code).toBe(2);
    });

    it("source transformer: the same errors when emitting (TypeScript's own check, run before emit, calls the directive unused)", () => {
      const r = tspc(["-p", fail("tsconfig.source.json"), "--outDir", path.join(OUT, `fail-source-${label}`)], typescriptDir());
      expect(errors(r.stdout)).toEqual([...EXPECTED_FAIL.slice(0, 2), "bad.ts(10,1) TS2578", ...EXPECTED_FAIL.slice(2)]);
      expect(r.code).not.toBe(0);
    });

    it("source transformer alone: tspc --noEmit does not see our errors (use the program transformer for that)", () => {
      const r = tspc(["-p", fail("tsconfig.source.json"), "--noEmit"], typescriptDir());
      expect(errors(r.stdout)).toEqual(["bad.ts(10,1) TS2578"]);
    });
  });
}

beforeAll(() => ensureBuilt(), 300_000);

legs("typescript 5.9", () => undefined);
let ts6: string | undefined;
legs("typescript 6.0", () => (ts6 ??= typescript6()));

describe("ts-node with compiler: ts-patch/compiler", () => {
  const tsnode = (file: string) => run(process.execPath, ["-r", tsNodeRegister(), path.join(PROJECTS, "tsnode", "src", file)],
    { TS_NODE_PROJECT: path.join(PROJECTS, "tsnode", "tsconfig.json"), LTSEQ_REQUIRE_COMPILED: "1" });

  it("compiles lambdas (with a closure) on the fly", () => {
    const r = tsnode("main.ts");
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toEqual([{ name: "Ann" }]);
  });

  it("reports untranslatable lambdas as compile errors", () => {
    const r = tsnode("bad.ts");
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/bad\.ts\(5,44\): error TS91002/);
  });
});

describe("versions", () => {
  it("the TS 6 leg really runs TypeScript 6.0.3", () => {
    ts6 ??= typescript6();
    const r = run(process.execPath, [path.join(ROOT, "node_modules", "ts-patch", "bin", "tspc.js"), "-v"], { TSP_COMPILER_TS_PATH: ts6 });
    expect(r.stdout).toContain("6.0.3");
  });
});
