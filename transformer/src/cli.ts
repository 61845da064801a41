#!/usr/bin/env node
/**
 * `npx ltseq <command>`:
 *   ltseq schema <file.csv|.parquet|.json> [--name T] [--no-header] [--delimiter ;] [--json]
 *       prints a TypeScript row type for the file (read by the engine itself)
 *   ltseq generate <src> <out> [--project tsconfig.json] [--mode closures]
 *       writes transformed sources, for toolchains that cannot run transformers
 */
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { generate } from "./hosts/generate.js";
import { rowTypeSource, typeNameFor, type FileColumn } from "./schema/types.js";

const USAGE = `usage:
  ltseq schema <file.csv|file.parquet|file.json> [--name TypeName] [--no-header] [--delimiter ,] [--format csv|parquet|json] [--json]
  ltseq generate <src> <out> [--project tsconfig.json] [--mode all|closures]`;

// A real dynamic import (this file is CommonJS; the runtime is an ES module).
const importEsm = new Function("specifier", "return import(specifier)") as (s: string) => Promise<unknown>;

interface Args { positional: string[]; flags: Map<string, string | true> }

function parseArgs(argv: string[]): Args {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  const valued = new Set(["--name", "--delimiter", "--format", "--project", "--mode"]);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (valued.has(a)) flags.set(a, argv[++i] ?? "");
    else if (a.startsWith("--")) flags.set(a, true);
    else positional.push(a);
  }
  return { positional, flags };
}

function formatOf(file: string, flag: string | true | undefined): "csv" | "parquet" | "json" {
  if (flag === "csv" || flag === "parquet" || flag === "json") return flag;
  const ext = path.extname(file).toLowerCase();
  if (ext === ".parquet" || ext === ".pq") return "parquet";
  if (ext === ".json" || ext === ".ndjson" || ext === ".jsonl") return "json";
  return "csv";
}

async function schema(args: Args): Promise<number> {
  const file = args.positional[1];
  if (!file) { console.error(USAGE); return 2; }
  const abs = path.resolve(file);
  const root = path.resolve(__dirname, "..", "..", "..", "..");
  const sources = await importEsm(pathToFileURL(path.join(root, "dist", "runtime", "sources.js")).href) as {
    readCsv(p: string, o?: object): Promise<{ columns(): string }>;
    readParquet(p: string): Promise<{ columns(): string }>;
    readJson(p: string): Promise<{ columns(): string }>;
  };
  const format = formatOf(file, args.flags.get("--format"));
  const delimiter = args.flags.get("--delimiter");
  const t = format === "parquet" ? await sources.readParquet(abs)
    : format === "json" ? await sources.readJson(abs)
    : await sources.readCsv(abs, { hasHeader: !args.flags.has("--no-header"), delimiter: typeof delimiter === "string" ? delimiter : undefined });
  const columns = JSON.parse(t.columns()) as FileColumn[];
  if (args.flags.has("--json")) {
    process.stdout.write(JSON.stringify(columns) + "\n");
  } else {
    const name = args.flags.get("--name");
    process.stdout.write(rowTypeSource(typeof name === "string" ? name : typeNameFor(file), columns));
  }
  return 0;
}

function gen(args: Args): number {
  const [, src, out] = args.positional;
  if (!src || !out) { console.error(USAGE); return 2; }
  if (!fs.existsSync(src)) { console.error(`ltseq generate: ${src} does not exist`); return 2; }
  const project = args.flags.get("--project");
  const mode = args.flags.get("--mode");
  const r = generate({
    src, out,
    tsconfig: typeof project === "string" ? project : undefined,
    mode: mode === "closures" ? "closures" : "all",
  });
  if (r.diagnostics.length > 0) process.stderr.write(r.errorText);
  console.log(`ltseq generate: ${r.files} files, ${r.compiled} of ${r.lambdas} lambdas compiled${r.diagnostics.length ? `, ${r.diagnostics.length} errors` : ""} → ${out}`);
  return r.diagnostics.length > 0 ? 1 : 0;
}

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  switch (args.positional[0]) {
    case "schema": return schema(args);
    case "generate": return gen(args);
    default:
      console.error(USAGE);
      return args.flags.has("--help") || args.positional.length === 0 ? 0 : 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err: unknown) => {
    console.error(`ltseq: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  },
);
