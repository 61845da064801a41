/**
 * Generates docs/expressions.md from the method registry (`runtime/expr/registry.ts`), the window
 * functions and the transformer's diagnostic codes. `npm run docs:expressions` rewrites the file;
 * test/transformer/docs.test.ts fails when it is out of date.
 */
import { FUNCTIONS, type FnSpec } from "../../../runtime/expr/registry.js";
import { CODES, type CodeName } from "../errors.js";
import { CAST_TYPES } from "../../../runtime/expr/registry.js";

const OPERATORS: [string, string, string][] = [
  ["`a + b`, `a - b`, `a * b`, `a % b`, `-a`", "`a + b`, ... (`%` keeps the sign of `a`, as in JS)", "arithmetic; `+` on strings is concatenation"],
  ["`a / b`", "`CAST(a AS DOUBLE) / CAST(b AS DOUBLE)`", "always true division, also on integer columns (`7 / 2 === 3.5`)"],
  ["`a === b`, `a == b`", "`a = b`", "equality (no JS coercions between columns)"],
  ["`a !== b`, `a != b`", "`a <> b`", "inequality"],
  ["`a < b`, `a <= b`, `a > b`, `a >= b`", "same", "comparisons (numbers, strings, dates)"],
  ["`x === null`, `x == null`, `x === undefined`", "`x IS NULL`", "NULL test (also `x.isNull()`)"],
  ["`x !== null`, `x != null`", "`x IS NOT NULL`", "also `x.isNotNull()`"],
  ["`a && b`, `a \\|\\| b`, `!a`", "`a AND b`, `a OR b`, `NOT a`", "three-valued logic: NULL && false is false"],
  ["`c ? a : b`", "`CASE WHEN c THEN a ELSE b END`", "conditional"],
  ["`a ?? b ?? c`", "`coalesce(a, b, c)`", "first non-NULL"],
  ["`` `${r.first} ${r.last}` ``", "`first \\|\\| ' ' \\|\\| last`", "template literals (NULL parts give NULL)"],
];

const WINDOWS: [string, string, string][] = [
  ["`x.shift(n = 1, { default?, partitionBy? })`", "`LAG(x, n)` / `LEAD(x, -n)`", "the value `n` rows earlier (later when negative); NULL (or `default`) at the edges"],
  ["`x.diff(n = 1, { partitionBy? })`", "`x - LAG(x, n)`", "change from `n` rows earlier"],
  ["`x.pctChange(n = 1, { partitionBy? })`", "`(x - LAG(x, n)) / LAG(x, n)`", "relative change"],
  ["`x.rolling(w, { partitionBy? }).mean()` (`.sum()`, `.min()`, `.max()`, `.count()`, `.std()`)", "`AVG(x) OVER (ROWS w-1 PRECEDING)`", "over the current row and the `w - 1` before it (partial at the start)"],
  ["`x.cumSum({ partitionBy? })`, `x.cumMax()`, `x.cumMin()`", "`SUM(x) OVER (ROWS UNBOUNDED PRECEDING)`", "running total / maximum / minimum"],
  ["`rowNumber()`, `rank()`, `denseRank()`, `ntile(n)`", "`ROW_NUMBER() OVER (...)`, ...", "in the declared order, or `.over({ partitionBy, orderBy })`"],
];

const BODIES: [string, string, string][] = [
  ["`r => r.age > 18`", "one expression", "`filter`, `sort` keys, `distinct` keys"],
  ["`r => [r.name, r.age]`", "a list of expressions", "`select` (column references only), `sort` (several keys)"],
  ["`r => ({ total: r.price * r.qty })`", "named expressions, in order", "`select`, `derive`"],
  ["`({ price, qty }) => price * qty`, `({ \"unit price\": up }) => up`", "a destructured row: each name is a column", "anywhere a row lambda goes"],
  ["`function (r) { return r.age > 18; }`, `r => { return r.age > 18; }`", "a block with a single `return`", "anywhere"],
  ["`(a, b) => a.id === b.id && a.d === b.d`", "columns of both tables: equalities joined by `&&` (as-of: one `>=`, `>`, `<=` or `<`)", "`link`, `join`, `semiJoin`, `antiJoin`, `asofJoin`, `intersect`/`except` `on`"],
  ["`r => r.prod.price > 50`", "a pointer path: column `price` of the table linked `{ as: \"prod\" }` (the column `prod_price`)", "any row lambda on a linked table (docs/links.md)"],
  ["`g => g.count() > 3`, `g => ({ n: g.count(), hi: g.price.max() })`", "a group: only its aggregates (below)", "`NestedTable.filter/derive/agg`, `groupBy(...).agg`, `t.agg`"],
];

const GROUP: [string, string, string][] = [
  ["`g.count()`", "`count(*)`", "rows in the group"],
  ["`g.first().col`, `g.last().col`", "`first_value(col)`, `last_value(col)`", "the column in the group's first / last row (in sequence order)"],
  ["`g.col.sum()`, `.mean()`, `.min()`, `.max()`, `.median()`, `.std()`, `.var()`", "`sum(col)`, `avg(col)`, ...", "aggregates of a column"],
  ["`g.col.count()`", "`count(col)`", "non-NULL values of the column"],
  ["`g.col.percentile(p)`", "`percentile_cont(col, p)`", "continuous percentile, `p` in [0, 1]"],
  ["`g.all(r => pred)`, `g.any(r => pred)`, `g.none(r => pred)`", "`bool_and(pred)`, `bool_or(pred)`, `NOT bool_or(pred)`", "the row predicate holds for every / some / no row"],
];

/** What each diagnostic code means and what to write instead. */
const CODE_ADVICE: Record<CodeName, [string, string]> = {
  UNSUPPORTED_OPERATOR: ["an operator with no meaning on columns: bitwise, `**`, `in`, `instanceof`, `typeof`, assignment, `++`", "arithmetic, `Math.pow`, `x.isIn([...])`, `x === null`"],
  UNSUPPORTED_CALL: ["a function that is not a column method, Math function or ltseq helper, applied to row values", "write the computation with supported functions; call it on values that do not read the row"],
  UNKNOWN_METHOD: ["a column method or Math function outside the list above", "the suggested name, or a supported function"],
  ARITY: ["wrong number of arguments", "the arity in the tables above"],
  LITERAL_REQUIRED: ["an argument that must be known when compiling: cast type, regex flags, integer window sizes", "a literal (or a `const` of a literal type)"],
  ROW_ESCAPES: ["the row itself used as a value, or a column called as a function", "read columns: `r.age`"],
  STATEMENT_BODY: ["statements besides a single `return`", "one expression; compute intermediate columns with `derive`"],
  PARAMETER: ["parameter defaults, rest parameters, nested destructuring", "`r`, or `({ a, b })`"],
  UNSUPPORTED_SYNTAX: ["a nested function, class, `new`, `await` or tagged template that reads the row; an async lambda", "plain expressions"],
  BODY_SHAPE: ["an array/object literal, spread or regex where one expression is expected", "the list/record forms as the whole body"],
  NOT_A_VALUE: ["a value from outside the lambda that is not a number, string, boolean, bigint, Date or null", "pass the value itself; for lists, `x.isIn(values)`"],
  NON_FINITE: ["NaN or Infinity", "null, or a finite number"],
  THIS_IN_FUNCTION: ["`this`/`arguments` inside a `function` lambda", "an arrow function, which sees the surrounding `this`"],
  OPTIONAL_CHAIN: ["`?.`", "plain `.`: columns are never undefined, NULLs propagate"],
  NOT_SUPPORTED_YET: ["reserved: no longer raised (linked-table paths `r.prod.name` are lowered since links exist)", "—"],
  SCHEMA_MISMATCH: ["`readCsv<S>(\"file\")`: the existing file's columns do not match `S`", "fix `S` (`npx ltseq schema file` prints it)"],
  WINDOW_OPTIONS: ["malformed options of a sequence operator, or `rolling(w)` without an aggregate", "`{ partitionBy, default }`, `.over({ partitionBy, orderBy })`"],
  UNKNOWN_PROPERTY: ["a property that is neither a column nor `length`", "`r.column`, `s.length`"],
  GROUP_EXPRESSION: ["a group lambda reading the group other than through an aggregate (`g.price`, `g.first()`, `g`)", "`g.price.sum()`, `g.first().price`, `g.count()`"],
};

const ON_TITLE: Record<string, string> = {
  string: "String columns", number: "Number columns", date: "Date columns (UTC, JS semantics)", any: "Any column",
  Math: "Math", global: "Free functions",
};

function written(f: FnSpec): string {
  const name = f.tsName ?? f.name;
  const names = ["a", "b", "c"];
  const args = f.maxArgs === Infinity
    ? [...names.slice(0, Math.max(f.minArgs, 2)), "..."]
    : Array.from({ length: f.maxArgs }, (_, i) => (i < f.minArgs ? names[i] : `${names[i]}?`));
  const list = args.join(", ");
  switch (f.on) {
    case "Math": return `Math.${name}(${f.maxArgs === Infinity ? "x, y, ..." : args.length === 1 ? "x" : name === "atan2" ? "y, x" : "x, y"})`;
    case "global": return f.name === "concat" ? "`` `${a}${b}` ``, `a + b` on strings" : `${name}(${list})`;
    case "string": return f.property ? `s.${name}` : `s.${name}(${list})`;
    case "date": return `d.${name}()`;
    case "any":
      if (f.name === "isIn") return "x.isIn([a, b, ...])";
      if (f.name === "cast") return `x.cast(${CAST_TYPES.map((t) => `"${t}"`).join(" | ")})`;
      return `x.${name}(${list})`;
    default: return `x.${name}(${list})`;
  }
}

const md = (s: string) => s.replace(/\|/g, "\\|");

export function expressionsDoc(): string {
  const out: string[] = [];
  out.push("# Expressions inside lambdas");
  out.push("");
  out.push("<!-- Generated by `npm run docs:expressions` from runtime/expr/registry.ts and the transformer's codes; do not edit by hand. -->");
  out.push("");
  out.push("A lambda passed to an LTSeq method is plain TypeScript. The compile-time transformer (docs/setup.md) turns it into an");
  out.push("expression tree that the engine runs as SQL; without the transformer the run-time fallback parses the same subset from");
  out.push("`fn.toString()` (and cannot see closure variables). Semantics are TypeScript's where SQL differs. Inside a lambda a");
  out.push("column's type excludes `null` (`r.volume > 5` compiles on a `number | null` column); NULL propagates through operators and");
  out.push("functions, and `filter` drops rows whose predicate is NULL.");
  out.push("");
  out.push("## Lambda forms");
  out.push("");
  out.push("| lambda | means | used by |");
  out.push("|---|---|---|");
  for (const [a, b, c] of BODIES) out.push(`| ${a} | ${b} | ${c} |`);
  out.push("");
  out.push("## Operators");
  out.push("");
  out.push("| TypeScript | SQL | meaning |");
  out.push("|---|---|---|");
  for (const [a, b, c] of OPERATORS) out.push(`| ${a} | ${b} | ${c} |`);
  out.push("");
  out.push("## Literals and values from outside the lambda");
  out.push("");
  out.push("Numbers (integers → int64, others float64), strings, booleans, `null`/`undefined`, bigints (`10n` → int64) and");
  out.push("`Math.PI`-style constants are literals. With the transformer, any sub-expression that does not read the row is");
  out.push("evaluated once, when the method is called, in its own scope — closure variables, imports, `this.limit`,");
  out.push("`MIN * 1.1`, `new Date(2024, 0, 1)`, `threshold(3)` — and becomes a literal (a `Date` a timestamp, a `bigint` an int64).");
  out.push("Its type must be a number, string, boolean, bigint, Date or null (an array from outside works as `x.isIn(values)`;");
  out.push("a string from outside names a column in `r[name]` and `partitionBy: name`).");
  out.push("");
  const groups = ["string", "number", "date", "any", "Math", "global"];
  out.push("## Functions");
  out.push("");
  out.push("From the method registry. `s`, `d`, `x` stand for string, date and any columns (or expressions over them).");
  for (const g of groups) {
    const fs = FUNCTIONS.filter((f) => f.on === g);
    if (fs.length === 0) continue;
    out.push("");
    out.push(`### ${ON_TITLE[g]}`);
    out.push("");
    out.push("| TypeScript | SQL | meaning |");
    out.push("|---|---|---|");
    for (const f of fs) {
      const ts = written(f);
      out.push(`| ${ts.startsWith("`") ? md(ts) : "`" + md(ts) + "`"} | \`${md(f.sql)}\` | ${md(f.doc)} |`);
    }
  }
  out.push("");
  out.push("### Helpers (import from \"ltseq\")");
  out.push("");
  out.push("| TypeScript | SQL | meaning |");
  out.push("|---|---|---|");
  out.push("| `when(c, v).when(c2, v2).otherwise(d)` | `CASE WHEN c THEN v WHEN c2 THEN v2 ELSE d END` | multi-branch conditional; without `.otherwise`, NULL |");
  out.push("| `coalesce(a, b, ...)` | `coalesce(a, b, ...)` | first non-NULL argument |");
  out.push("| `desc(x)`, `x.desc()` | `ORDER BY x DESC` | descending sort key (`sort`, `orderBy`) |");
  out.push("");
  out.push("## Group expressions");
  out.push("");
  out.push("In group lambdas the parameter is the group, read only through aggregates; they combine with every operator and");
  out.push("function above (`g.count() > 3 && g.first().price < g.last().price`).");
  out.push("");
  out.push("| TypeScript | SQL | meaning |");
  out.push("|---|---|---|");
  for (const [a, b, c] of GROUP) out.push(`| ${md(a)} | ${md(b)} | ${c} |`);
  out.push("");
  out.push("## Sequence operators");
  out.push("");
  out.push("They need a declared order (`sort`/`assumeSorted`): on a table without one they are a type error, and a `SortRequiredError`");
  out.push("at run time. `partitionBy` takes a column, a list of columns, or column names; `orderBy` (ranking only) takes columns,");
  out.push("`x.desc()`/`desc(x)`, or a list. Offsets and window sizes are integer literals (or constants from outside the lambda).");
  out.push("");
  out.push("| TypeScript | SQL | meaning |");
  out.push("|---|---|---|");
  for (const [a, b, c] of WINDOWS) out.push(`| ${md(a)} | ${md(b)} | ${c} |`);
  out.push("");
  out.push("## What the transformer rejects");
  out.push("");
  out.push("Everything else is a compile error at the offending sub-expression (`error TS<code>: ltseq: ...`), and the call is left");
  out.push("as it was. No error is added where TypeScript already reports one, nor on a line under `// @ts-expect-error`.");
  out.push("");
  out.push("| code | raised for | write instead |");
  out.push("|---|---|---|");
  for (const [name, code] of Object.entries(CODES) as [CodeName, number][]) {
    const [what, instead] = CODE_ADVICE[name];
    out.push(`| ${code} \`${name}\` | ${what} | ${instead} |`);
  }
  out.push("");
  return out.join("\n");
}
