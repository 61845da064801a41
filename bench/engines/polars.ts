/** Polars peer via `nodejs-polars` (lazy `scanParquet(...)...collect()`). */
import { createRequire } from "node:module";
import { asNumber } from "../lib/result.js";
import { EngineUnavailable, reasonOf, type EngineAdapter } from "./types.js";

type PolarsModule = (typeof import("nodejs-polars"))["default"];

export interface PolarsEngine {
  /** The `nodejs-polars` namespace (`pl.scanParquet`, `pl.col`, `pl.len`, ...). */
  pl: PolarsModule;
  /** The single numeric value of a one-row, one-column DataFrame. */
  scalar(df: { height: number; width: number; columns: string[]; getColumn(name: string): { get(i: number): unknown } }): number | bigint;
}

export const polarsAdapter: EngineAdapter<PolarsEngine> = {
  key: "polars",
  async load() {
    let pl: PolarsModule;
    try {
      const mod = await import("nodejs-polars");
      pl = (mod.default ?? mod) as PolarsModule;
    } catch (err) {
      throw new EngineUnavailable(`cannot import nodejs-polars (${reasonOf(err)})`);
    }
    if (typeof pl.scanParquet !== "function") throw new EngineUnavailable("nodejs-polars has no scanParquet");
    return {
      pl,
      scalar(df) {
        if (df.height !== 1 || df.width !== 1) throw new Error(`polars: expected a 1x1 frame, got ${df.height}x${df.width}`);
        return asNumber(df.getColumn(df.columns[0]!).get(0), "polars");
      },
    };
  },
  version() {
    try {
      const pkg = createRequire(import.meta.url)("nodejs-polars/package.json") as { version?: string };
      return `nodejs-polars ${pkg.version ?? "?"}`;
    } catch {
      return "nodejs-polars";
    }
  },
};
