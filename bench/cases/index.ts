/** All benchmark cases, in run order. Later issues append theirs here. */
import filterDeriveCount from "./filter-derive-count.js";
import { LINK_CASES } from "./links.js";
import planBuild from "./plan-build.js";
import { SESSION_CASES } from "./sessions.js";
import { WINDOW_CASES } from "./windows.js";
import type { BenchCase } from "./types.js";

export const CASES: readonly BenchCase[] = [filterDeriveCount, planBuild, ...WINDOW_CASES, ...SESSION_CASES, ...LINK_CASES];
