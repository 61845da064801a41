/**
 * The one method registry: every function a lambda may call. The fallback parser (and later the
 * transformer) accept exactly these; the native side lowers exactly these (a coverage test compares
 * this table with `native.functionNames()`); `docs/expressions.md` is generated from it.
 */

/** Where the call appears: a method on a column of that type, a property, or a free function. */
export type FnOn = "string" | "number" | "date" | "any" | "Math" | "global";

/**
 * Type names `.cast()` and declared schemas accept (the native side maps each to an Arrow type:
 * `arrow_type_of_name` in native/core/src/lower/types.rs). `CastType` in types.ts is this list.
 */
export const CAST_TYPES = [
  "int64", "float64", "utf8", "bool", "date32", "timestamp",
  "int8", "int16", "int32", "uint8", "uint16", "uint32", "uint64", "float32",
] as const;

export interface FnSpec {
  /** Name in the tree (`CallNode.fn`). Usually the TS name; see `tsName` when it differs. */
  readonly name: string;
  readonly on: FnOn;
  /** The name written in TypeScript, when it differs from `name`. */
  readonly tsName?: string;
  /** A property read (`r.s.length`), not a call. */
  readonly property?: boolean;
  /** Arguments besides the receiver: minimum and maximum (Infinity = variadic). */
  readonly minArgs: number;
  readonly maxArgs: number;
  /** Arguments that must be literals (option-like), by position after the receiver. */
  readonly literalArgs?: readonly number[];
  readonly doc: string;
  /** What it means in SQL terms. */
  readonly sql: string;
}

const s = (name: string, minArgs: number, maxArgs: number, doc: string, sql: string, extra: Partial<FnSpec> = {}): FnSpec =>
  ({ name, on: "string", minArgs, maxArgs, doc, sql, ...extra });
const m = (name: string, minArgs: number, maxArgs: number, doc: string, sql: string): FnSpec =>
  ({ name, on: "Math", minArgs, maxArgs, doc, sql });
const d = (name: string, doc: string, sql: string): FnSpec => ({ name, on: "date", minArgs: 0, maxArgs: 0, doc, sql });

export const FUNCTIONS: readonly FnSpec[] = [
  // strings (JS semantics: 0-based indexes, first-occurrence replace)
  s("startsWith", 1, 1, "true when the string begins with the argument", "starts_with(s, p)"),
  s("endsWith", 1, 1, "true when the string ends with the argument", "ends_with(s, p)"),
  s("includes", 1, 1, "true when the argument occurs in the string", "strpos(s, p) > 0"),
  s("toLowerCase", 0, 0, "lower-case copy", "lower(s)"),
  s("toUpperCase", 0, 0, "upper-case copy", "upper(s)"),
  s("trim", 0, 0, "strips whitespace at both ends", "btrim(s)"),
  s("trimStart", 0, 0, "strips leading whitespace", "ltrim(s)"),
  s("trimEnd", 0, 0, "strips trailing whitespace", "rtrim(s)"),
  s("slice", 1, 2, "characters [start, end); negative indexes count from the end", "substr(s, ...)"),
  s("substring", 1, 2, "characters [start, end); negative indexes are 0, swapped bounds swap", "substr(s, ...)"),
  s("replace", 2, 2, "replaces the first occurrence of a string", "regexp_replace(s, quote(a), b)"),
  s("replaceAll", 2, 2, "replaces every occurrence of a string", "replace(s, a, b)"),
  s("padStart", 1, 2, "left-pads to a length (default fill: space)", "lpad(s, n, fill)"),
  s("padEnd", 1, 2, "right-pads to a length (default fill: space)", "rpad(s, n, fill)"),
  s("indexOf", 1, 1, "0-based position of the argument, -1 when absent", "strpos(s, p) - 1"),
  s("length", 0, 0, "number of characters", "character_length(s)", { property: true }),
  s("like", 1, 1, "SQL LIKE pattern (`%` any run, `_` one character)", "s LIKE p"),
  s("matches", 1, 1, "regular-expression test (flags: i, m, s)", "regexp_like(s, re)"),
  // Math.* (JS semantics: Math.round rounds half up, toward +∞)
  m("abs", 1, 1, "absolute value", "abs(x)"),
  m("round", 1, 1, "nearest integer, halves toward +∞ (as JS)", "floor(x + 0.5)"),
  m("floor", 1, 1, "largest integer ≤ x", "floor(x)"),
  m("ceil", 1, 1, "smallest integer ≥ x", "ceil(x)"),
  m("trunc", 1, 1, "integer part", "trunc(x)"),
  m("sqrt", 1, 1, "square root", "sqrt(x)"),
  m("pow", 2, 2, "x to the power y", "power(x, y)"),
  m("exp", 1, 1, "e to the power x", "exp(x)"),
  m("log", 1, 1, "natural logarithm", "ln(x)"),
  m("log10", 1, 1, "base-10 logarithm", "log10(x)"),
  m("log2", 1, 1, "base-2 logarithm", "log2(x)"),
  m("sign", 1, 1, "-1, 0 or 1", "signum(x)"),
  m("min", 1, Infinity, "smallest argument (NULL if any is NULL, as JS gives NaN)", "least(...)"),
  m("max", 1, Infinity, "largest argument (NULL if any is NULL)", "greatest(...)"),
  m("sin", 1, 1, "sine (radians)", "sin(x)"),
  m("cos", 1, 1, "cosine (radians)", "cos(x)"),
  m("tan", 1, 1, "tangent (radians)", "tan(x)"),
  m("atan2", 2, 2, "angle of the point (x, y) — arguments (y, x) as in JS", "atan2(y, x)"),
  // dates, in UTC, JS semantics
  d("getFullYear", "year", "date_part('year', d)"),
  d("getMonth", "month, 0-based (January = 0)", "date_part('month', d) - 1"),
  d("getDate", "day of month, 1-based", "date_part('day', d)"),
  d("getDay", "day of week, Sunday = 0", "date_part('dow', d)"),
  d("getHours", "hour", "date_part('hour', d)"),
  d("getMinutes", "minute", "date_part('minute', d)"),
  d("getSeconds", "second (whole)", "date_part('second', d)"),
  d("getTime", "epoch milliseconds", "to epoch ms"),
  // helpers on any column
  { name: "isIn", on: "any", minArgs: 1, maxArgs: 1, doc: "value is one of the listed values (an array literal)", sql: "x IN (...)" },
  { name: "between", on: "any", minArgs: 2, maxArgs: 2, doc: "lo ≤ x ≤ hi", sql: "x BETWEEN lo AND hi" },
  { name: "cast", on: "any", minArgs: 1, maxArgs: 1, literalArgs: [0], doc: "converts to a type: int64, float64, utf8, bool, date32, timestamp", sql: "CAST(x AS t)" },
  { name: "isNull", on: "any", minArgs: 0, maxArgs: 0, doc: "x is NULL (also `x === null`, `x == null`)", sql: "x IS NULL" },
  { name: "isNotNull", on: "any", minArgs: 0, maxArgs: 0, doc: "x is not NULL (also `x !== null`)", sql: "x IS NOT NULL" },
  { name: "fillNull", on: "any", minArgs: 1, maxArgs: 1, doc: "replaces NULL by a value", sql: "coalesce(x, v)" },
  // free functions
  { name: "coalesce", on: "global", minArgs: 1, maxArgs: Infinity, doc: "first non-NULL argument (also `a ?? b`)", sql: "coalesce(...)" },
  { name: "concat", on: "global", minArgs: 1, maxArgs: Infinity, doc: "string concatenation (template literals, `+` on strings)", sql: "a || b" },
];

const byKey = new Map<string, FnSpec>(FUNCTIONS.map((f) => [`${f.on}:${f.tsName ?? f.name}`, f]));

/** The spec for a method/property name on a column, or a `Math.*`/free function; undefined if unknown. */
export function lookupFunction(on: FnOn, tsName: string): FnSpec | undefined {
  return byKey.get(`${on}:${tsName}`);
}

/** Column methods usable on any column, whatever its type (the fallback cannot see types). */
export function lookupMethod(tsName: string): FnSpec | undefined {
  for (const on of ["string", "number", "date", "any"] as const) {
    const f = byKey.get(`${on}:${tsName}`);
    if (f) return f;
  }
  return undefined;
}

/** Sequence-operator and sort methods of a column (API.md §5), which the registry does not list. */
const SEQUENCE_METHODS: ReadonlySet<string> = new Set(["shift", "diff", "pctChange", "rolling", "cumSum", "cumMax", "cumMin", "over", "desc"]);

/**
 * Whether `x.name` names something a column offers (a method or a property function). A pointer
 * path `r.prod.name` (API.md §9) is read as a linked column only when it does not.
 */
export function isColumnMember(tsName: string): boolean {
  return lookupMethod(tsName) !== undefined || SEQUENCE_METHODS.has(tsName);
}

/** Names in the tree, for the native coverage check. */
export function functionNames(): string[] {
  return [...new Set(FUNCTIONS.map((f) => f.name))].sort();
}
