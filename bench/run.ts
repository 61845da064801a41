/**
 * `npm run bench` — runs the benchmark cases on LTSeq and its peers.
 * Flags: see USAGE in lib/args.ts or bench/README.md.
 */
import { CASES } from "./cases/index.js";
import type { BenchCase, CaseInput, CaseRun } from "./cases/types.js";
import { DATASET_SCHEMAS, ensureDatasets, type DataFormat, type DatasetName } from "./data.js";
import { EngineRegistry } from "./engines/index.js";
import { ENGINE_LABEL, ENGINE_ORDER, reasonOf, type EngineKey } from "./engines/types.js";
import { parseArgs, USAGE, UsageError, type BenchArgs } from "./lib/args.js";
import { evaluateCase, type CaseOutcome, type EngineOutcome } from "./lib/evaluate.js";
import { measure } from "./lib/measure.js";
import { caseTable, headerLines, machineInfo, verdictLines, writeJson } from "./lib/report.js";

const log = (msg: string): void => console.log(msg);

function selectCases(only: string[] | null): BenchCase[] {
  if (!only) return [...CASES];
  const unknown = only.filter((n) => !CASES.some((c) => c.name === n));
  if (unknown.length) throw new UsageError(`unknown case(s) ${unknown.join(", ")}; available: ${CASES.map((c) => c.name).join(", ")}`);
  return CASES.filter((c) => only.includes(c.name));
}

function listCases(): void {
  for (const c of CASES) {
    const engines = ENGINE_ORDER.filter((k) => c.runs[k]).map((k) => ENGINE_LABEL[k]).join(", ");
    log(`${c.name}  [${c.dataset ?? "no dataset"}; ${engines}]\n  ${c.description}`);
  }
  log("\ndatasets:");
  for (const [name, schema] of Object.entries(DATASET_SCHEMAS)) log(`  ${name}: ${schema}`);
}

/** Datasets and formats the selected cases read. */
function wantedData(cases: BenchCase[]): { name: DatasetName; formats: DataFormat[] }[] {
  const wanted = new Map<DatasetName, Set<DataFormat>>();
  for (const c of cases) {
    if (!c.dataset) continue;
    const set = wanted.get(c.dataset) ?? new Set<DataFormat>(["parquet"]);
    for (const f of c.formats ?? []) set.add(f);
    wanted.set(c.dataset, set);
  }
  return [...wanted].map(([name, formats]) => ({ name, formats: [...formats] }));
}

async function runEngine(engines: EngineRegistry, c: BenchCase, key: EngineKey, input: CaseInput, repeat: number): Promise<EngineOutcome> {
  const loaded = await engines.get(key);
  if (!loaded.ok) return { engine: key, status: "skipped", reason: loaded.reason };
  const run = c.runs[key] as CaseRun<typeof key>;
  try {
    const m = await measure(() => run(loaded.ctx as never, input), repeat);
    return { engine: key, status: "ok", m };
  } catch (err) {
    return { engine: key, status: "error", reason: reasonOf(err) };
  }
}

async function main(args: BenchArgs): Promise<number> {
  const cases = selectCases(args.only);
  const engines = new EngineRegistry();
  const needed = ENGINE_ORDER.filter((k) => cases.some((c) => c.runs[k]));
  // Load up front (not timed) so the header can name versions and skips.
  const loadNotes: string[] = [];
  for (const k of needed) {
    const l = await engines.get(k);
    if (!l.ok) loadNotes.push(`${ENGINE_LABEL[k]} skipped: ${l.reason}`);
  }
  const engineNames = [...engines.versions(), ...loadNotes];
  const machine = machineInfo();
  for (const line of headerLines(machine, args.rows, args.repeat, engineNames)) log(line);
  log("");

  const files = await ensureDatasets(wantedData(cases), args.rows, log);
  const outcomes: CaseOutcome[] = [];
  for (const c of cases) {
    log(`running ${c.name}: ${c.description}`);
    const input: CaseInput = { rows: args.rows, data: c.dataset ? files.get(c.dataset) : undefined };
    const results: EngineOutcome[] = [];
    for (const key of ENGINE_ORDER) {
      if (!c.runs[key]) continue;
      const o = await runEngine(engines, c, key, input, args.repeat);
      results.push(o);
      if (o.status === "error") log(`  ${ENGINE_LABEL[key]}: run failed: ${o.reason}`);
    }
    outcomes.push(evaluateCase(c, results));
  }
  await engines.closeAll();

  log("");
  for (const line of caseTable(outcomes)) log(line);
  log("");
  for (const line of verdictLines(outcomes)) log(line);
  if (args.json) {
    writeJson(args.json, { machine, rows: args.rows, repeat: args.repeat, engines: engineNames }, outcomes);
    log(`\nwrote ${args.json}`);
  }

  const disagreements = outcomes.filter((o) => o.agreement.status === "disagree");
  if (disagreements.length) {
    console.error(`\n!!! ${disagreements.length} case(s) where engines DISAGREE: ${disagreements.map((o) => o.benchCase.name).join(", ")}`);
    return 1;
  }
  if (args.strict) {
    const failed = outcomes.flatMap((o) => o.targets.filter((t) => t.status === "FAIL").map((t) => `${o.benchCase.name}: ${t.label}`));
    const errors = outcomes.flatMap((o) => o.outcomes.filter((e) => e.status === "error").map((e) => `${o.benchCase.name}/${ENGINE_LABEL[e.engine]}`));
    if (failed.length || errors.length) {
      console.error(`\n--strict: ${[...failed.map((f) => `missed target ${f}`), ...errors.map((e) => `run failed ${e}`)].join("; ")}`);
      return 3;
    }
  }
  return 0;
}

let args: BenchArgs;
try {
  args = parseArgs(process.argv.slice(2));
} catch (err) {
  console.error(`${reasonOf(err)}\n\n${USAGE}`);
  process.exit(2);
}
if (args.help) {
  log(USAGE);
} else if (args.list) {
  listCases();
} else {
  main(args).then(
    (code) => { process.exitCode = code; },
    (err: unknown) => {
      console.error(err instanceof UsageError ? `${err.message}\n\n${USAGE}` : err);
      process.exitCode = 2;
    },
  );
}
