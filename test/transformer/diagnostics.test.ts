/**
 * Must-fail cases: each untranslatable construct is a compile error with a stable code, at the
 * line of the offending node, saying what to write instead — and the transformer stays quiet where
 * TypeScript already reports, under `@ts-expect-error`, and on calls that are not ltseq methods.
 */
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { CODES } from "../../transformer/src/errors.js";
import { analyze, PRELUDE, summary } from "./harness.js";

/** [name, code line(s), expected code, fragment of the message]; the error is on the case's first line. */
const CASES: [string, string, keyof typeof CODES, string][] = [
  ["a user function on row values", "t.filter(r => double(r.age) > 1);", "UNSUPPORTED_CALL", "`double` cannot run inside the query engine"],
  ["an object's method on row values", "t.filter(r => helpers.twice(r.age) > 1);", "UNSUPPORTED_CALL", "`helpers.twice` is a function from outside the lambda"],
  ["a user's own `when`", "t.filter(r => myWhen(r.age > 1));", "UNSUPPORTED_CALL", "myWhen"],
  ["an unknown string method", "t.filter(r => r.name.split(\",\").length > 1);", "UNKNOWN_METHOD", "method \"split\" is not supported"],
  ["a method with a close name", "t.filter(r => (r.name as any).toLower() === \"a\");", "UNKNOWN_METHOD", "closest supported: toLowerCase"],
  ["an unknown Math function", "t.filter(r => Math.hypot(r.price, 1) > 1);", "UNKNOWN_METHOD", "Math.hypot is not supported"],
  ["Math function as a method", "t.filter(r => (r.price as any).abs() > 1);", "UNKNOWN_METHOD", "\"abs\" is not a method; use `Math.abs("],
  ["bitwise and", "t.filter(r => (r.age & 1) === 1);", "UNSUPPORTED_OPERATOR", "bitwise operator \"&\""],
  ["** on a column", "t.filter(r => r.price ** 2 > 4);", "UNSUPPORTED_OPERATOR", "use `Math.pow(r.price, 2)`"],
  ["typeof", "t.filter(r => typeof r.age === \"number\");", "UNSUPPORTED_OPERATOR", "`typeof` is not supported"],
  ["in", "t.filter(r => r.name in LOOKUP);", "UNSUPPORTED_OPERATOR", "use `x.isIn([a, b, c])`"],
  ["assignment", "t.filter((r: any) => (r.age = 5) > 1);", "UNSUPPORTED_OPERATOR", "to compare, use `===`"],
  ["increment", "t.filter((r: any) => r.age++ > 1);", "UNSUPPORTED_OPERATOR", "write `r.age + 1`"],
  ["optional chaining", "t.filter(r => r.name?.startsWith(\"A\"));", "OPTIONAL_CHAIN", "write `r.name.startsWith(\"A\")`"],
  ["a statement body", "t.filter(r => { const x = r.age; return x > 1; });", "STATEMENT_BODY", "write a single expression or a single return"],
  ["a parameter default", "t.filter((r = {} as any) => r.age > 1);", "PARAMETER", "parameter defaults are not supported"],
  ["a destructuring default", "t.filter(({ age = 0 }) => age > 1);", "PARAMETER", "use `age ?? 0`"],
  ["nested destructuring", "t.filter(({ name: { length } }: any) => length > 1);", "PARAMETER", "nested destructuring"],
  ["a nested function reading the row", "t.filter(r => [1, 2].some((x) => x === r.age));", "UNSUPPORTED_CALL", "[1, 2].some"],
  ["an async lambda", "t.sort(async r => r.age);", "UNSUPPORTED_SYNTAX", "async functions are not supported"],
  ["new on row values", "t.filter(r => new Date(r.age).getTime() > 0);", "UNSUPPORTED_SYNTAX", "`new` on row values"],
  ["an object from outside", "t.filter(r => r.age > (OBJ as any as number) && r.name === (OBJ as any));", "NOT_A_VALUE", ""],
  ["an array from outside as a value", "t.filter(r => r.name === (NAMES as any as string) || r.age === (LIST as unknown as number));", "NOT_A_VALUE", ""],
  ["a function from outside as a value", "t.derive(r => ({ f: double, a: r.age }));", "NOT_A_VALUE", "a function"],
  ["NaN", "t.filter(r => r.price > NaN);", "NON_FINITE", "cannot hold NaN or Infinity"],
  ["a non-finite literal", "t.filter(r => r.price < 1e999);", "NON_FINITE", "not a finite number"],
  ["this in a function lambda", "t.filter(function (this: { min: number }, r) { return r.age > this.min; });", "THIS_IN_FUNCTION", "write an arrow function"],
  ["spread in a record", "t.derive(r => ({ ...r }));", "BODY_SHAPE", "spread is not supported in a record body"],
  ["an array literal as a value", "t.filter(r => r.age === ([r.age] as never));", "BODY_SHAPE", "an array literal is allowed only"],
  ["a RegExp from outside", "t.filter(r => r.name.matches(RE));", "NOT_A_VALUE", "write the regular expression literally"],
  ["regex flags", "t.filter(r => r.name.matches(/a/g));", "LITERAL_REQUIRED", "flags \"g\" are not supported"],
  ["a cast type that is not a literal", "t.filter(r => (r.age.cast(TYPE as any) as any) > 1);", "LITERAL_REQUIRED", "cast takes a type name string"],
  ["a non-integer shift", "t.filter(r => r.price.shift(HALF) > 0);", "LITERAL_REQUIRED", "must be an integer"],
  ["a fractional rolling window", "t.derive(r => ({ m: r.price.rolling(1.5).mean() }));", "LITERAL_REQUIRED", "must be an integer"],
  ["the row as a value", "t.select(r => [r.name, r as any]);", "ROW_ESCAPES", "cannot be used as a value"],
  ["calling a column", "t.filter(r => (r as any).name() === 1);", "ROW_ESCAPES", "is a column, not a function"],
  ["rolling without an aggregate", "t.derive(r => ({ m: r.price.rolling(3) as unknown as number }));", "WINDOW_OPTIONS", "must be followed by an aggregate"],
  ["an unknown over option", "t.derive(r => ({ n: rowNumber().over({ partitionBy: r.name, by: r.age } as any) }));", "WINDOW_OPTIONS", "unknown option \"by\""],
  ["an unknown shift option", "t.derive(r => ({ p: r.price.shift(1, { fill: 0 } as any) }));", "WINDOW_OPTIONS", "unknown option \"fill\""],
  ["a group column without an aggregate", "nested.filter(g => (g.price as any) > 3);", "GROUP_EXPRESSION", "a group has no single value of \"price\"; aggregate it"],
  ["a group's first row as a value", "nested.filter(g => (g.first() as any) === 1);", "GROUP_EXPRESSION", "read a column of it, e.g. g.first().price"],
  ["the group as a value", "nested.derive(g => ({ x: g as any }));", "GROUP_EXPRESSION", "cannot be used as a value"],
  ["an unknown group function", "nested.filter(g => (g as any).size() > 1);", "GROUP_EXPRESSION", "\"size\" is not a group function"],
  ["g.count with an argument", "nested.filter(g => (g.count as any)(1) > 1);", "ARITY", "g.count() takes no arguments"],
  ["a percentile that is not a number", "nested.agg(g => ({ p: g.price.percentile(\"x\" as any) }));", "LITERAL_REQUIRED", "percentile takes one number"],
  ["a group predicate with two parameters", "nested.filter(g => g.all(((a: any, b: any) => a === b) as any));", "GROUP_EXPRESSION", "takes one row lambda"],
  ["an unknown property", "t.filter(r => (r.name as any).size > 3);", "UNKNOWN_PROPERTY", "\"size\" is not a supported property"],
];

const HEADER = PRELUDE + `import type { NestedTable } from "ltseq";
const double = (x: number) => x * 2;
const helpers = { twice: (x: number) => x * 2 };
function myWhen(c: boolean): boolean { return c; }
const LOOKUP = { a: 1 };
const OBJ = { a: 1 };
const NAMES = ["a"];
const LIST = [1];
const TYPE: string = "utf8";
const HALF = 1.5;
const RE = /a/;
declare const nested: NestedTable<Fx>;
`;


const text = HEADER + CASES.map(([, code]) => code).join("\n") + "\n";
const firstLine = HEADER.split("\n").length;
const { sf, diagnostics, analysis } = analyzeWith(text);

function analyzeWith(source: string) {
  return analyze(source);
}

describe("must-fail: code, line and advice", () => {
  const found = summary(sf, diagnostics);
  it.each(CASES.map(([name, code, expected, fragment], i) => ({ name, code, expected, fragment, line: firstLine + i })))(
    "$name",
    ({ expected, fragment, line, code }) => {
      const here = found.filter((d) => d.line === line);
      expect(here.map((d) => d.code), `diagnostics for: ${code}`).toEqual([CODES[expected]]);
      expect(here[0].message).toContain(fragment);
      expect(here[0].message.startsWith("ltseq: ")).toBe(true);
    },
  );

  it("reports nothing else, and leaves those lambdas untouched", () => {
    expect(found.length).toBe(CASES.length);
    expect(analysis.rewrites.length).toBe(0);
  });
});

describe("quiet where it should be", () => {
  const quiet = (body: string) => {
    const r = analyzeWith(HEADER + body);
    return { diags: summary(r.sf, r.diagnostics), rewrites: r.analysis.rewrites.length, errors: r.analysis.errors.length };
  };

  it("no error of ours on a lambda TypeScript already reports", () => {
    expect(quiet("t.filter(r => r.nope.foo(double(r.age)));")).toEqual({ diags: [], rewrites: 0, errors: 1 });
  });

  it("// @ts-expect-error and // @ts-ignore silence it (the lambda goes to the run-time fallback)", () => {
    expect(quiet("// @ts-expect-error untranslatable on purpose\nt.filter(r => double(r.age) > 1);").diags).toEqual([]);
    expect(quiet("// @ts-ignore\n\nt.filter(r => double(r.age) > 1);").diags).toEqual([]);
  });

  it("Array#filter, a user's own filter and an any receiver are not ours", () => {
    const r = quiet(`
      [1, 2].filter((x) => double(x) > 1);
      const mine = { filter(f: (r: { age: number }) => boolean) { return f; } };
      mine.filter((r) => double(r.age) > 1);
      declare const loose: any;
      loose.filter((r: any) => double(r.age) > 1);
    `);
    expect(r).toEqual({ diags: [], rewrites: 0, errors: 0 });
  });

  it("the same method names on ltseq tables are ours", () => {
    const r = quiet("t.filter((r) => r.age > 1); u.select((r) => [r.name]); t.sort((r) => r.d.desc());");
    expect(r).toEqual({ diags: [], rewrites: 3, errors: 0 });
  });
});

export { ts };
