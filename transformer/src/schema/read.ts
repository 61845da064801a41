/**
 * Reads a data file's columns at build time by running `ltseq schema --json` (the real engine, in
 * a child process: the compiler is synchronous and the engine's readers are async). Cached by
 * path, size and modification time.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { SchemaCheck } from "./check.js";
import type { FileColumn } from "./types.js";

const cache = new Map<string, FileColumn[] | null>();

export function defaultSchemaCheck(): SchemaCheck {
  return { read: readColumns };
}

function readColumns(file: string, reader: "csv" | "parquet" | "json", options: { hasHeader?: boolean; delimiter?: string }): FileColumn[] | undefined {
  let stat: fs.Stats;
  try { stat = fs.statSync(file); } catch { return undefined; }
  const key = JSON.stringify([file, stat.size, stat.mtimeMs, reader, options]);
  const hit = cache.get(key);
  if (hit !== undefined) return hit ?? undefined;
  const cli = cliPath();
  let result: FileColumn[] | null = null;
  if (cli) {
    const args = [cli, "schema", "--json", "--format", reader];
    if (options.hasHeader === false) args.push("--no-header");
    if (options.delimiter !== undefined) args.push("--delimiter", options.delimiter);
    args.push(file);
    try {
      const out = execFileSync(process.execPath, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 60_000 });
      result = JSON.parse(out) as FileColumn[];
    } catch {
      result = null; // unreadable here: the run-time check will say why
    }
  }
  cache.set(key, result);
  return result ?? undefined;
}

/** The compiled CLI of this package (`dist/cjs/transformer/src/cli.js`), found through `ltseq/package.json`. */
function cliPath(): string | undefined {
  let root: string;
  try {
    root = path.dirname(createRequire(path.join(process.cwd(), "package.json")).resolve("ltseq/package.json"));
  } catch {
    return undefined;
  }
  const cli = path.join(root, "dist", "cjs", "transformer", "src", "cli.js");
  return fs.existsSync(cli) ? cli : undefined;
}
