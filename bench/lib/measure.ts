/** Wall-clock timing (one warm-up, then K timed runs, median) and process RSS sampling. */
import type { CaseResult } from "./result.js";

export interface Measurement {
  warmupMs: number;
  timesMs: number[];
  medianMs: number;
  minMs: number;
  /** Result of the last timed run. */
  result: CaseResult;
  /** Process RSS before the warm-up, in MB. */
  rssBeforeMb: number;
  /** Highest process RSS seen during this engine's runs, in MB (whole process, all engines' leftovers included). */
  peakRssMb: number;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

const MB = 1024 * 1024;

/**
 * Samples `process.memoryUsage.rss()` every few ms while native work runs off the JS
 * thread (all engines' queries are async), plus before/after each run. Cheap: one syscall.
 */
class RssSampler {
  peak = process.memoryUsage.rss();
  private readonly timer = setInterval(() => this.sample(), 5);
  constructor() {
    this.timer.unref();
  }
  sample(): void {
    const rss = process.memoryUsage.rss();
    if (rss > this.peak) this.peak = rss;
  }
  stop(): number {
    clearInterval(this.timer);
    this.sample();
    return this.peak;
  }
}

/** Runs `fn` once to warm up, then `repeat` times timed. Errors propagate to the caller. */
export async function measure(fn: () => Promise<CaseResult>, repeat: number): Promise<Measurement> {
  (globalThis as { gc?: () => void }).gc?.(); // only with node --expose-gc
  const rssBefore = process.memoryUsage.rss();
  const sampler = new RssSampler();
  try {
    let t0 = performance.now();
    let result = await fn();
    const warmupMs = performance.now() - t0;
    const timesMs: number[] = [];
    for (let k = 0; k < repeat; k++) {
      sampler.sample();
      t0 = performance.now();
      result = await fn();
      timesMs.push(performance.now() - t0);
    }
    return {
      warmupMs,
      timesMs,
      medianMs: median(timesMs),
      minMs: Math.min(...timesMs),
      result,
      rssBeforeMb: rssBefore / MB,
      peakRssMb: sampler.stop() / MB,
    };
  } finally {
    sampler.stop();
  }
}
