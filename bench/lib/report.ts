/** Printing the results table and writing the JSON file. */
import { writeFileSync } from "node:fs";
import os from "node:os";
import { ENGINE_LABEL } from "../engines/types.js";
import type { CaseOutcome, EngineOutcome } from "./evaluate.js";
import { normalizeValue, summarize } from "./result.js";

export interface MachineInfo {
  cores: number;
  cpu: string;
  memGb: number;
  platform: string;
  node: string;
  loadavg: number[];
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cores: os.availableParallelism?.() ?? cpus.length,
    cpu: cpus[0]?.model.trim() ?? "unknown cpu",
    memGb: os.totalmem() / 1024 ** 3,
    platform: `${process.platform} ${process.arch}`,
    node: process.version,
    loadavg: os.loadavg(),
  };
}

export function headerLines(m: MachineInfo, rows: number, repeat: number, engines: string[]): string[] {
  return [
    `machine: ${m.cores} cores (${m.cpu}), ${m.memGb.toFixed(1)} GB RAM, ${m.platform}, node ${m.node}, load avg ${m.loadavg.map((x) => x.toFixed(2)).join(" ")}`,
    `rows: ${rows.toLocaleString("en-US")}   repeat: ${repeat} timed runs after 1 warm-up, median reported`,
    `engines: ${engines.join("; ")}`,
    "times are wall clock on a shared machine: compare ratios, not absolute numbers.",
    "ltseq/x = ltseq median ÷ this engine's median (> 1: ltseq slower). RSS is the whole process (MB).",
  ];
}

function fmtTime(ms: number, opsPerRun: number | undefined): string {
  if (opsPerRun && opsPerRun > 1) return `${((ms * 1000) / opsPerRun).toFixed(1)} µs/op`;
  return `${ms.toFixed(1)} ms`;
}

function renderTable(header: string[], rows: string[][], rightAligned: Set<number>): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]): string =>
    cells.map((c, i) => (rightAligned.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join("  ").trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)];
}

export function caseTable(outcomes: CaseOutcome[]): string[] {
  const rows: string[][] = [];
  for (const c of outcomes) {
    const ops = c.benchCase.opsPerRun;
    const ltseq = c.outcomes.find((o) => o.engine === "ltseq" && o.status === "ok");
    for (const o of c.outcomes) {
      const name = ENGINE_LABEL[o.engine];
      if (o.status !== "ok") {
        rows.push([c.benchCase.name, name, "", "", "", "", `${o.status === "error" ? "skipped: run failed: " : "skipped: "}${o.reason}`]);
        continue;
      }
      const ratio = ltseq && ltseq.status === "ok" ? (ltseq.m.medianMs / o.m.medianMs).toFixed(2) : "-";
      rows.push([
        c.benchCase.name,
        name,
        fmtTime(o.m.medianMs, ops),
        fmtTime(o.m.minMs, ops),
        ratio,
        o.m.peakRssMb.toFixed(0),
        summarize(o.m.result),
      ]);
    }
  }
  return renderTable(["case", "engine", "median", "min", "ltseq/x", "peak RSS", "result"], rows, new Set([2, 3, 4, 5]));
}

export function verdictLines(outcomes: CaseOutcome[]): string[] {
  const lines: string[] = [];
  for (const c of outcomes) {
    const a = c.agreement;
    const mark = a.status === "disagree" ? "!!! DISAGREEMENT" : a.status === "agree" ? "agree" : "note";
    lines.push(`${c.benchCase.name}: results ${mark}: ${a.detail}`);
    for (const t of c.targets) lines.push(`${c.benchCase.name}: target ${t.label}: ${t.status} (${t.detail})`);
  }
  return lines;
}

function outcomeJson(o: EngineOutcome): unknown {
  if (o.status !== "ok") return { engine: ENGINE_LABEL[o.engine], status: o.status, reason: o.reason };
  const { result, ...m } = o.m;
  return { engine: ENGINE_LABEL[o.engine], status: "ok", ...m, result: normalizeValue(result) };
}

export function writeJson(file: string, info: { machine: MachineInfo; rows: number; repeat: number; engines: string[] }, outcomes: CaseOutcome[]): void {
  const doc = {
    ...info,
    date: new Date().toISOString(),
    cases: outcomes.map((c) => ({
      name: c.benchCase.name,
      dataset: c.benchCase.dataset,
      description: c.benchCase.description,
      opsPerRun: c.benchCase.opsPerRun ?? 1,
      engines: c.outcomes.map(outcomeJson),
      agreement: c.agreement,
      targets: c.targets,
    })),
  };
  writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
}
