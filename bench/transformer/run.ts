/**
 * Transformer benchmark (not a timed test): what the compile-time transformer costs, and what the
 * compiled path saves at run time. Prints a table; `--json FILE` also writes the numbers.
 *
 *   npm run build:ts && npm run build:transformer && node dist/bench/transformer/run.js [--lambdas 400] [--repeat 7]
 *
 * 1. tspc emit: type check + emit of one file with N lambdas against the built package's .d.ts
 *    (as users compile), without and with the transformer (program transformer: diagnostics +
 *    rewrite), in process; and the same as whole processes (`tsc -p` vs `tspc -p` with the plugin).
 * 2. Vite plugin: time per changed file after warm-up (the N-lambda file, and a small test file).
 * 3. Run time: the compiled path (a tree literal through toLambdaTree) vs the fallback
 *    (fn.toString() + acorn, uncached and cached).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ts from "typescript";
import { parseLambda, toLambdaTree } from "../../runtime/expr/parse.js";
import { analyzeFile } from "../../transformer/src/analyze.js";
import { programTransformer } from "../../transformer/src/hosts/tspatch.js";
import { splice } from "../../transformer/src/hosts/text.js";
import { ltseq } from "../../transformer/src/hosts/vite.js";
import { median } from "../lib/measure.js";
import { packageRoot } from "../lib/paths.js";
import { lambdaSource } from "./lambdas.js";

const args = process.argv.slice(2);
const flag = (name: string, def: number): number => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const LAMBDAS = flag("--lambdas", 400);
const REPEAT = flag("--repeat", 7);
const jsonOut = args.includes("--json") ? args[args.indexOf("--json") + 1] : undefined;

const root = packageRoot();
const work = path.join(root, "bench", "transformer", ".work");
fs.mkdirSync(work, { recursive: true });
const file = path.join(work, "lambdas.ts");
fs.writeFileSync(file, lambdaSource(LAMBDAS));

const cfg = ts.readConfigFile(path.join(root, "tsconfig.json"), ts.sys.readFile);
// "ltseq" resolves as it does for users: the package's own .d.ts (dist/runtime), not the sources.
const options: ts.CompilerOptions = { ...ts.parseJsonConfigFileContent(cfg.config, ts.sys, root).options, paths: undefined, outDir: path.join(work, "out"), noEmit: false };

const time = (fn: () => void): number => {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
};
const stats = (xs: number[]) => ({ medianMs: +median(xs).toFixed(2), minMs: +Math.min(...xs).toFixed(2) });

// ---- 1. tspc emit, in process ----------------------------------------------------------------

function compile(withTransformer: boolean): { ms: number; emitMs: number; errors: number; compiled: string } {
  let compiled = "";
  let emitMs = 0;
  const ms = time(() => {
    let program = ts.createProgram([file], options);
    if (withTransformer) program = programTransformer(program, undefined, { checkSchemas: false }, { ts });
    const errors = ts.getPreEmitDiagnostics(program).filter((d) => d.category === ts.DiagnosticCategory.Error);
    if (errors.length) throw new Error(ts.formatDiagnostics(errors, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => "\n" }));
    emitMs = time(() => {
      program.emit(program.getSourceFile(file), (name, text) => { if (name.endsWith("lambdas.js")) compiled = text; });
    });
  });
  return { ms, emitMs, errors: 0, compiled };
}

function inProcess() {
  compile(false); compile(true); // warm-up (JIT, file cache)
  const plain: number[] = [], withT: number[] = [], plainEmit: number[] = [], withEmit: number[] = [];
  let compiled = "";
  for (let k = 0; k < REPEAT; k++) {
    const a = compile(false); plain.push(a.ms); plainEmit.push(a.emitMs);
    const b = compile(true); withT.push(b.ms); withEmit.push(b.emitMs); compiled = b.compiled;
  }
  const trees = (compiled.match(/kind: "lambda"/g) ?? []).length;
  if (trees !== LAMBDAS) throw new Error(`expected ${LAMBDAS} compiled lambdas, found ${trees}`);
  return {
    plain: stats(plain), transformer: stats(withT),
    overheadPct: +((median(withT) / median(plain) - 1) * 100).toFixed(1),
    emitOnly: { plain: stats(plainEmit), transformer: stats(withEmit) },
  };
}

// ---- 1b. tsc vs tspc, whole processes ------------------------------------------------------

function processes() {
  const project = path.join(work, "tsconfig.json");
  const base = { compilerOptions: { ...cfg.config.compilerOptions, rootDir: work, outDir: "out-proc", paths: undefined }, files: ["lambdas.ts"] };
  const withPlugin = { ...base, compilerOptions: { ...base.compilerOptions, plugins: [{ transform: path.join(root, "dist", "cjs", "transformer", "src", "index.js"), transformProgram: true, import: "program", checkSchemas: false }] } };
  const tsc = path.join(root, "node_modules", "typescript", "bin", "tsc");
  const tspc = path.join(root, "node_modules", "ts-patch", "bin", "tspc.js");
  const runOnce = (bin: string, config: object): number => {
    fs.writeFileSync(project, JSON.stringify(config, null, 2));
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [bin, "-p", project], { encoding: "utf8" });
    const ms = performance.now() - t0;
    if (r.status !== 0) throw new Error(`${path.basename(bin)} failed:\n${r.stdout}${r.stderr}`);
    return ms;
  };
  runOnce(tsc, base); runOnce(tspc, withPlugin);
  const a: number[] = [], b: number[] = [];
  for (let k = 0; k < Math.min(REPEAT, 5); k++) { a.push(runOnce(tsc, base)); b.push(runOnce(tspc, withPlugin)); }
  return { tsc: stats(a), tspcWithTransformer: stats(b), overheadPct: +((median(b) / median(a) - 1) * 100).toFixed(1) };
}

// ---- 2. Vite plugin per changed file -------------------------------------------------------

function vite() {
  const plugin = ltseq({ checkSchemas: false });
  plugin.configResolved({ root });
  const ctx = { error(e: unknown): never { throw new Error(JSON.stringify(e)); } };
  const small = path.join(root, "test", "e2e", "expressions.test.ts");
  const smallText = fs.readFileSync(small, "utf8");
  const bigText = fs.readFileSync(file, "utf8");
  const warm = time(() => plugin.transform.call(ctx, bigText, file));
  const per = (f: string, text: string) => {
    const xs: number[] = [];
    for (let k = 0; k < Math.max(REPEAT, 10); k++) {
      // An edit inside the file (a changed constant), as when saving in an editor.
      const edited = text.replace(/const LIMIT = \d+;|describe\("arithmetic"/, (m) => (m.startsWith("const") ? `const LIMIT = ${11 + k};` : `describe("arithmetic${k}"`));
      xs.push(time(() => {
        const out = plugin.transform.call(ctx, edited, f);
        if (!out || !out.code.includes('kind: "lambda"')) throw new Error(`no lambdas compiled in ${f}`);
      }));
    }
    return stats(xs);
  };
  return { firstFileMs: +warm.toFixed(0), lambdaFile: per(file, bigText), smallFile: per(small, smallText) };
}

// ---- 3. run time ---------------------------------------------------------------------------

function runtime() {
  // One representative lambda with a closure value, as compiled (text splicing gives the literal).
  const src = `import { LTSeq } from "ltseq";\ndeclare const t: LTSeq<{ price: number; sym: string; date: Date }>;\nconst MIN = 10;\nt.filter((r) => r.price > MIN * 1.1 && r.sym.startsWith("A") && r.date.getMonth() === 0);\n`;
  fs.writeFileSync(path.join(work, "one.ts"), src);
  const program = ts.createProgram([path.join(work, "one.ts")], options);
  const sf = program.getSourceFile(path.join(work, "one.ts"))!;
  const analysis = analyzeFile({ ts, checker: program.getTypeChecker(), sf }, { schema: false });
  const literal = splice(ts, sf, analysis).code.match(/t\.filter\((\{ kind: "lambda"[\s\S]*\})\);/)![1];
  const makeTree = new Function("MIN", `return ${literal};`) as (min: number) => unknown;
  const perCall = (n: number, fn: (i: number) => void): number => {
    for (let i = 0; i < Math.min(n, 2000); i++) fn(i);
    const xs: number[] = [];
    for (let k = 0; k < 5; k++) xs.push(time(() => { for (let i = 0; i < n; i++) fn(i); }) * 1000 / n);
    return +median(xs).toFixed(3);
  };
  const compiledUs = perCall(20_000, (i) => { toLambdaTree(makeTree(i), "filter"); });
  // Fallback, first time: a new function with new source text for every call, so neither cache
  // (per function object, per source text) can answer.
  const M = 2_000;
  const fns = Array.from({ length: M * 6 + 2_000 }, (_, i) =>
    new Function(`return (r) => r.price > ${i + 1_000_000} * 1.1 && r.sym.startsWith("A") && r.date.getMonth() === 0`)() as Function);
  let j = 0;
  const uncachedUs = perCall(M, () => { parseLambda(fns[j++]); });
  const same = fns[fns.length - 1];
  const cachedUs = perCall(20_000, () => { parseLambda(same); });
  return { compiledTreeUs: compiledUs, fallbackParseUncachedUs: uncachedUs, fallbackCachedUs: cachedUs };
}

const results = {
  machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version, typescript: ts.version, load: os.loadavg().map((x) => +x.toFixed(2)) },
  lambdas: LAMBDAS,
  repeat: REPEAT,
  tspcInProcess: inProcess(),
  tspcProcesses: processes(),
  vite: vite(),
  runtime: runtime(),
};

const r = results;
console.log(`transformer benchmark — ${r.machine.cpus} cores, ${r.machine.cpu}, node ${r.machine.node}, TypeScript ${r.machine.typescript}, load ${r.machine.load.join(" ")}`);
console.log(`file: ${LAMBDAS} lambdas; median of ${REPEAT}\n`);
console.log(`| measure | without | with transformer | added |`);
console.log(`|---|---|---|---|`);
console.log(`| compile (check + emit), in process | ${r.tspcInProcess.plain.medianMs} ms | ${r.tspcInProcess.transformer.medianMs} ms | ${r.tspcInProcess.overheadPct}% |`);
console.log(`| emit phase only, in process | ${r.tspcInProcess.emitOnly.plain.medianMs} ms | ${r.tspcInProcess.emitOnly.transformer.medianMs} ms | |`);
console.log(`| \`tsc -p\` vs \`tspc -p\` + plugin, whole process | ${r.tspcProcesses.tsc.medianMs} ms | ${r.tspcProcesses.tspcWithTransformer.medianMs} ms | ${r.tspcProcesses.overheadPct}% |`);
console.log(`\n| Vite plugin | time |`);
console.log(`|---|---|`);
console.log(`| first file (loads the project) | ${r.vite.firstFileMs} ms |`);
console.log(`| changed file, ${LAMBDAS} lambdas | ${r.vite.lambdaFile.medianMs} ms (min ${r.vite.lambdaFile.minMs}) |`);
console.log(`| changed file, test/e2e/expressions.test.ts | ${r.vite.smallFile.medianMs} ms (min ${r.vite.smallFile.minMs}) |`);
console.log(`\n| run time, per lambda argument | µs |`);
console.log(`|---|---|`);
console.log(`| compiled: tree literal + toLambdaTree | ${r.runtime.compiledTreeUs} |`);
console.log(`| fallback: fn.toString() + acorn, first time | ${r.runtime.fallbackParseUncachedUs} |`);
console.log(`| fallback: same function again (cached) | ${r.runtime.fallbackCachedUs} |`);
if (jsonOut) fs.writeFileSync(jsonOut, JSON.stringify(results, null, 2) + "\n");
