/**
 * Helpers for tests that run the shipped tooling (tspc with the compiled transformer, the ltseq
 * CLI): fresh builds of dist/, the `ltseq` package link the fixture projects resolve, and a
 * TypeScript 6 install outside the clone for the TS 6 leg.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT } from "./harness.js";

export const PROJECTS = path.join(ROOT, "test", "transformer", "projects");
export const OUT = path.join(PROJECTS, ".out");
const TSPC = path.join(ROOT, "node_modules", "ts-patch", "bin", "tspc.js");
const CLI = path.join(ROOT, "dist", "cjs", "transformer", "src", "cli.js");

export interface Run { code: number; stdout: string; stderr: string }

export function run(cmd: string, args: string[], env: Record<string, string | undefined> = {}, cwd = ROOT): Run {
  const r = spawnSync(cmd, args, { cwd, env: { ...process.env, ...env }, encoding: "utf8", timeout: 300_000 });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function newest(dir: string, filter: (f: string) => boolean): number {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newest(p, filter));
    else if (filter(p)) t = Math.max(t, fs.statSync(p).mtimeMs);
  }
  return t;
}

const mtime = (f: string) => (fs.existsSync(f) ? fs.statSync(f).mtimeMs : 0);

/** Rebuilds dist/runtime and dist/cjs when their sources are newer, and links `ltseq` for the fixture projects. */
export function ensureBuilt(): void {
  const ts = (f: string) => f.endsWith(".ts");
  if (newest(path.join(ROOT, "runtime"), ts) > mtime(path.join(ROOT, "dist", "runtime", "index.d.ts"))) {
    run(process.execPath, [path.join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json"]);
  }
  const srcTime = Math.max(newest(path.join(ROOT, "transformer", "src"), ts), newest(path.join(ROOT, "runtime", "expr"), ts));
  if (srcTime > mtime(CLI)) {
    const r = run("npm", ["run", "--silent", "build:transformer"]);
    if (r.code !== 0) throw new Error(`npm run build:transformer failed:\n${r.stdout}${r.stderr}`);
  }
  const link = path.join(PROJECTS, "node_modules", "ltseq");
  if (!fs.existsSync(path.join(link, "package.json"))) {
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.rmSync(link, { force: true });
    fs.symlinkSync(path.relative(path.dirname(link), ROOT), link, "dir");
  }
}

/** tspc (ts-patch's live compiler) with the given TypeScript package directory (default: ours). */
export function tspc(args: string[], typescriptDir?: string): Run {
  return run(process.execPath, [TSPC, ...args], typescriptDir ? { TSP_COMPILER_TS_PATH: typescriptDir } : {});
}

export function cli(args: string[], cwd = ROOT): Run {
  return run(process.execPath, [CLI, ...args], {}, cwd);
}

/** TypeScript 6.0.3 installed under ~/.cache/ltseq (outside the clone; installed once, reused). */
export function typescript6(): string {
  const dir = path.join(os.homedir(), ".cache", "ltseq", "typescript-6.0.3");
  const pkg = path.join(dir, "node_modules", "typescript");
  if (!fs.existsSync(path.join(pkg, "package.json"))) {
    fs.mkdirSync(dir, { recursive: true });
    const r = run("npm", ["install", "--prefix", dir, "--no-audit", "--no-fund", "--no-save", "typescript@6.0.3"]);
    if (r.code !== 0) throw new Error(`could not install typescript@6.0.3 for the TS 6 leg:\n${r.stderr}`);
  }
  return pkg;
}

/** ts-node 10.9.2 under ~/.cache/ltseq (installed once); returns its `register` module path. */
export function tsNodeRegister(): string {
  const dir = path.join(os.homedir(), ".cache", "ltseq", "ts-node");
  const reg = path.join(dir, "node_modules", "ts-node", "register", "index.js");
  if (!fs.existsSync(reg)) {
    fs.mkdirSync(dir, { recursive: true });
    const r = run("npm", ["install", "--prefix", dir, "--no-audit", "--no-fund", "--no-save", "ts-node@10.9.2"]);
    if (r.code !== 0) throw new Error(`could not install ts-node for the ts-node leg:\n${r.stderr}`);
  }
  return reg;
}

/** `file.ts(line,col): error TScode` triples from compiler output, file names relative to the project. */
export function errors(output: string): string[] {
  return [...output.matchAll(/([\w./-]+\.ts)\((\d+),(\d+)\): error TS(\d+)/g)].map((m) => `${path.basename(m[1])}(${m[2]},${m[3]}) TS${m[4]}`);
}
