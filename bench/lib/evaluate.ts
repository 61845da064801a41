/** Per-case verdicts: do the engines agree, and are the targets met. */
import type { BenchCase, Target } from "../cases/types.js";
import { ENGINE_LABEL, type EngineKey } from "../engines/types.js";
import type { Measurement } from "./measure.js";
import { canonical, firstDifference, resultsAgree } from "./result.js";

export type EngineOutcome =
  | { engine: EngineKey; status: "ok"; m: Measurement }
  | { engine: EngineKey; status: "skipped" | "error"; reason: string };

export interface Agreement {
  status: "agree" | "disagree" | "single" | "none";
  detail: string;
}

export interface TargetOutcome {
  label: string;
  status: "PASS" | "FAIL" | "n/a";
  detail: string;
}

export interface CaseOutcome {
  benchCase: BenchCase;
  outcomes: EngineOutcome[];
  agreement: Agreement;
  targets: TargetOutcome[];
}

type Ok = Extract<EngineOutcome, { status: "ok" }>;
const okOnly = (outcomes: EngineOutcome[]): Ok[] => outcomes.filter((o): o is Ok => o.status === "ok");

/** Compares every engine's result with the first engine that produced one. */
export function checkAgreement(c: BenchCase, outcomes: EngineOutcome[]): Agreement {
  const ok = okOnly(outcomes);
  if (ok.length === 0) return { status: "none", detail: "no engine produced a result" };
  if (ok.length === 1) return { status: "single", detail: `only ${ENGINE_LABEL[ok[0]!.engine]} ran; nothing to compare` };
  const [ref, ...rest] = ok.map((o) => ({ engine: o.engine, value: canonical(o.m.result, c.ordered ?? false) }));
  const bad = rest.filter((o) => !resultsAgree(ref!.value, o.value));
  const names = ok.map((o) => ENGINE_LABEL[o.engine]).join(", ");
  if (bad.length === 0) return { status: "agree", detail: `${names} agree` };
  const diffs = bad.map((o) => `${ENGINE_LABEL[o.engine]} vs ${ENGINE_LABEL[ref!.engine]}: ${firstDifference(o.value, ref!.value)}`);
  return { status: "disagree", detail: diffs.join("; ") };
}

export function targetLabel(t: Target): string {
  if (t.kind === "perOp") return `${ENGINE_LABEL[t.engine]} < ${t.maxMicros} µs per op`;
  const vs = t.vs.map((k) => ENGINE_LABEL[k]);
  const base = vs.length === 1 ? vs[0] : `the faster of ${vs.join("/")}`;
  return `${ENGINE_LABEL[t.engine]} ≤ ${Number.isInteger(t.max) ? t.max.toFixed(1) : t.max}x ${base}`;
}

export function evaluateTarget(c: BenchCase, t: Target, outcomes: EngineOutcome[]): TargetOutcome {
  const label = targetLabel(t);
  const ok = okOnly(outcomes);
  const me = ok.find((o) => o.engine === t.engine);
  if (!me) return { label, status: "n/a", detail: `${ENGINE_LABEL[t.engine]} did not run` };
  if (t.kind === "perOp") {
    const us = (me.m.medianMs * 1000) / (c.opsPerRun ?? 1);
    return { label, status: us < t.maxMicros ? "PASS" : "FAIL", detail: `${us.toFixed(1)} µs per op` };
  }
  const peers = ok.filter((o) => t.vs.includes(o.engine));
  if (peers.length === 0) return { label, status: "n/a", detail: `${t.vs.map((k) => ENGINE_LABEL[k]).join("/")} did not run` };
  const best = peers.reduce((a, b) => (b.m.medianMs < a.m.medianMs ? b : a));
  const ratio = me.m.medianMs / best.m.medianMs;
  return {
    label,
    status: ratio <= t.max ? "PASS" : "FAIL",
    detail: `${ratio.toFixed(2)}x (${me.m.medianMs.toFixed(1)} ms / ${ENGINE_LABEL[best.engine]} ${best.m.medianMs.toFixed(1)} ms)`,
  };
}

export function evaluateCase(c: BenchCase, outcomes: EngineOutcome[]): CaseOutcome {
  return {
    benchCase: c,
    outcomes,
    agreement: checkAgreement(c, outcomes),
    targets: (c.targets ?? []).map((t) => evaluateTarget(c, t, outcomes)),
  };
}
