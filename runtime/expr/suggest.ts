/** "Did you mean" for unknown column methods (shared by the run-time parser and the transformer): aliases people bring from SQL/Python/JS, then edit distance. */
import { FUNCTIONS } from "./registry.js";

const SEQUENCE = ["shift", "diff", "pctChange", "rolling", "cumSum", "cumMax", "cumMin"];
export const METHODS: readonly string[] = [
  ...FUNCTIONS.filter((f) => f.on !== "Math" && f.on !== "global").map((f) => f.tsName ?? f.name),
  "desc",
  ...SEQUENCE,
];

const ALIASES: Record<string, string[]> = {
  lower: ["toLowerCase"], upper: ["toUpperCase"], contains: ["includes"], substr: ["substring", "slice"],
  strip: ["trim"], lstrip: ["trimStart"], rstrip: ["trimEnd"], ltrim: ["trimStart"], rtrim: ["trimEnd"],
  trimLeft: ["trimStart"], trimRight: ["trimEnd"], len: ["length"], size: ["length"],
  lpad: ["padStart"], rpad: ["padEnd"], match: ["matches"], test: ["matches"], search: ["matches", "indexOf"],
  year: ["getFullYear"], getYear: ["getFullYear"], month: ["getMonth"], day: ["getDate", "getDay"],
  in: ["isIn"], oneOf: ["isIn"], ifNull: ["fillNull"], nvl: ["fillNull"], fillna: ["fillNull"],
  isNotNaN: ["isNotNull"], asc: ["desc"], toString: ["cast"], valueOf: ["getTime", "cast"],
  lag: ["shift"], lead: ["shift"], cumsum: ["cumSum"], cummax: ["cumMax"], cummin: ["cumMin"],
  pct_change: ["pctChange"], window: ["rolling"],
};

/** Up to three supported method names near `name`. */
export function closest(name: string): string[] {
  const out = new Set<string>(ALIASES[name] ?? []);
  const utc = /^getUTC(.+)$/.exec(name);
  if (utc && METHODS.includes(`get${utc[1]}`)) out.add(`get${utc[1]}`);
  const lower = name.toLowerCase();
  const limit = Math.max(1, Math.floor(name.length / 3));
  METHODS.map((m) => ({ m, d: distance(lower, m.toLowerCase()) }))
    .filter((c) => c.d <= limit || (lower.length >= 4 && c.m.toLowerCase().includes(lower)))
    .sort((a, b) => a.d - b.d)
    .forEach((c) => out.add(c.m));
  return [...out].slice(0, 3);
}

function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

/** `a`, `a and b`, `a, b and c`. */
export function andList(names: readonly string[]): string {
  return names.length <= 1 ? names.join("") : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}
