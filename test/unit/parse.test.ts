import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { InvalidArgumentError, UntranslatableLambdaError } from "../../runtime/errors.js";
import { binary, call, col, columnsOf, lit } from "../../runtime/expr/build.js";
import { parseLambda, toLambdaTree } from "../../runtime/expr/parse.js";
import { FUNCTIONS } from "../../runtime/expr/registry.js";
import type { Body, Expr, LambdaTree } from "../../runtime/expr/tree.js";

// ---- (a) golden fixtures ---------------------------------------------------------------------

interface Fixture { name: string; source: string; tree: LambdaTree }

const dir = fileURLToPath(new URL("../fixtures/expr/", import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith(".json") && f !== "schema.json").sort();
const fixtures = files.map((f) => ({ file: f, ...(JSON.parse(readFileSync(dir + f, "utf8")) as Fixture) }));
const schema = JSON.parse(readFileSync(dir + "schema.json", "utf8")) as Record<string, string>;

const fromSource = (source: string): Function => new Function(`return (${source})`)() as Function;

/** Every node of a body, depth first. */
function nodes(body: Body): Expr[] {
  const roots = body.kind === "list" ? body.items : body.kind === "record" ? body.fields.map((f) => f.expr) : [body];
  const out: Expr[] = [];
  const walk = (e: Expr): void => {
    out.push(e);
    if (e.kind === "unary") walk(e.arg);
    else if (e.kind === "binary") { walk(e.left); walk(e.right); }
    else if (e.kind === "cond") { walk(e.test); walk(e.then); walk(e.else); }
    else if (e.kind === "call") e.args.forEach(walk);
  };
  roots.forEach(walk);
  return out;
}

describe("golden fixtures", () => {
  it("exist", () => {
    expect(fixtures.length).toBeGreaterThan(100);
  });

  it.each(fixtures)("$file", ({ file, name, source, tree }) => {
    expect(name).toBe(file.replace(/\.json$/, ""));
    expect(parseLambda(fromSource(source))).toEqual(tree);
  });

  it("use only the columns of schema.json", () => {
    for (const { name, tree } of fixtures) {
      const used = new Set<string>();
      for (const e of nodes(tree.body)) columnsOf(e, used);
      for (const c of used) expect(Object.keys(schema), `${name} uses column ${c}`).toContain(c);
    }
  });

  it("cover every registry function with its TypeScript spelling", () => {
    for (const spec of FUNCTIONS) {
      const treeName = spec.name === "fillNull" ? "coalesce" : spec.name;
      const written = spec.on === "Math" ? `Math.${spec.name}(`
        : spec.on === "global" ? (spec.name === "concat" ? "`" : `${spec.name}(`)
        : spec.property ? `.${spec.name}` : `.${spec.tsName ?? spec.name}(`;
      const hit = fixtures.some(
        (f) => f.source.includes(written) && nodes(f.tree.body).some((e) => e.kind === "call" && e.fn === treeName),
      );
      expect(hit, `no fixture covers ${spec.on}:${spec.name} (written ${written})`).toBe(true);
    }
  });

  it("cover every operator", () => {
    const all = fixtures.flatMap((f) => nodes(f.tree.body));
    for (const op of ["+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "&&", "||"]) {
      expect(all.some((e) => e.kind === "binary" && e.op === op), `binary ${op}`).toBe(true);
    }
    for (const op of ["-", "!"]) expect(all.some((e) => e.kind === "unary" && e.op === op), `unary ${op}`).toBe(true);
    for (const src of ["===", "==", "!==", "!=", "??", " ? ", "> -3", "10n", "undefined", "null"]) {
      expect(fixtures.some((f) => f.source.includes(src)), `source operator ${src}`).toBe(true);
    }
  });
});

// ---- (b) real lambdas, as vitest transpiles them ------------------------------------------------

interface Row { name: string; age: number; price: number; qty: number; d: Date; day: Date; flag: boolean; first: string; last: string }
// The ltseq helpers, as a user would import them: the parser reads their names, never calls them.
declare function when(test: unknown, value: unknown): { when(t: unknown, v: unknown): any; otherwise(v: unknown): unknown };
declare function desc(x: unknown): unknown;
declare function coalesce(...xs: unknown[]): unknown;

const tree = (body: Body, params = ["r"]): LambdaTree => ({ kind: "lambda", version: 1, params, body });

describe("inline lambdas", () => {
  it("comparison and string method", () => {
    expect(parseLambda((r: Row) => r.age > 18 && r.name.startsWith("A"))).toEqual(
      tree(binary("&&", binary(">", col("age"), lit(18)), call("startsWith", col("name"), lit("A")))),
    );
  });

  it("template literal, record body", () => {
    expect(parseLambda((r: Row) => ({ full: `${r.first} ${r.last}`, total: r.price * r.qty }))).toEqual(
      tree({
        kind: "record",
        fields: [
          { name: "full", expr: call("concat", col("first"), lit(" "), col("last")) },
          { name: "total", expr: binary("*", col("price"), col("qty")) },
        ],
      }),
    );
  });

  it("list body and bracket access", () => {
    expect(parseLambda((r: Row) => [r.name, r["age"]])).toEqual(tree({ kind: "list", items: [col("name"), col("age")] }));
  });

  it("function expression, method shorthand and class method", () => {
    const expected = tree(binary(">=", col("age"), lit(21)));
    expect(parseLambda(function (r: Row) { return r.age >= 21; })).toEqual(expected);
    const o = { adult(r: Row) { return r.age >= 21; } };
    expect(parseLambda(o.adult)).toEqual(expected);
    class K { static adult(r: Row) { return r.age >= 21; } }
    expect(parseLambda(K.adult)).toEqual(expected);
  });

  it("destructured parameter", () => {
    expect(parseLambda(({ age, name: n }: Row) => age > 18 && n.length > 2)).toEqual(
      tree(binary("&&", binary(">", col("age"), lit(18)), binary(">", call("length", col("name")), lit(2))), ["{}"]),
    );
  });

  it("null tests, ??, negative literal, ternary", () => {
    expect(parseLambda((r: any) => (r.age === null ? r.qty ?? -1 : r.price))).toEqual(
      tree({ kind: "cond", test: call("isNull", col("age")), then: call("coalesce", col("qty"), lit(-1)), else: col("price") }),
    );
  });

  it("ltseq helpers: when/otherwise, coalesce, desc", () => {
    expect(parseLambda((r: Row) => when(r.age > 65, "senior").when(r.age > 17, "adult").otherwise("minor"))).toEqual(
      tree({
        kind: "cond", test: binary(">", col("age"), lit(65)), then: lit("senior"),
        else: { kind: "cond", test: binary(">", col("age"), lit(17)), then: lit("adult"), else: lit("minor") },
      }),
    );
    expect(parseLambda((r: Row) => coalesce(r.first, r.last))).toEqual(tree(call("coalesce", col("first"), col("last"))));
    expect(parseLambda((r: Row) => desc(r.price))).toEqual(tree(call("desc", col("price"))));
    expect(parseLambda((r: any) => r.d.desc())).toEqual(tree(call("desc", col("d"))));
  });

  it("helpers as bundlers rewrite them", () => {
    expect(parseLambda(fromSource("r => (0, __vite_ssr_import_0__.desc)(r.age)"))).toEqual(tree(call("desc", col("age"))));
    expect(parseLambda(fromSource("r => ltseq_1.coalesce(r.age, 0)"))).toEqual(tree(call("coalesce", col("age"), lit(0))));
  });

  it("regex argument of matches, array argument of isIn, cast", () => {
    expect(parseLambda((r: any) => r.name.matches(/^a.c$/i) && r.age.isIn([1, 2]) && r.qty.cast("float64") > 1)).toEqual(
      tree(binary("&&",
        binary("&&", call("matches", col("name"), lit("^a.c$"), lit("i")), call("isIn", col("age"), lit(1), lit(2))),
        binary(">", call("cast", col("qty"), lit("float64")), lit(1)))),
    );
  });

  it("compiler output: void 0, directives, parenthesised body", () => {
    expect(parseLambda(fromSource('function (r) { "use strict"; return (r.age !== void 0); }'))).toEqual(
      tree(call("isNotNull", col("age"))),
    );
  });
});

describe("toLambdaTree", () => {
  it("passes a tree through unchanged", () => {
    const t = tree(col("age"));
    expect(toLambdaTree(t, "key")).toBe(t);
  });

  it("parses a function once and caches the frozen result", () => {
    const f = (r: Row) => r.age;
    const a = toLambdaTree(f, "key");
    expect(a).toEqual(tree(col("age")));
    expect(toLambdaTree(f, "key")).toBe(a);
    expect(parseLambda(f)).toBe(a);
    expect(Object.isFrozen(a.body)).toBe(true);
  });

  it("rejects anything else, naming the argument", () => {
    expect(() => toLambdaTree("age", "predicate")).toThrow(InvalidArgumentError);
    expect(() => toLambdaTree("age", "predicate")).toThrow(/predicate must be a lambda .* got the string "age"/);
    expect(() => toLambdaTree({ kind: "col" }, "key")).toThrow(/key must be a lambda/);
    expect(() => toLambdaTree(null, "key")).toThrow(/got null/);
  });
});

// ---- (c) must-fail ----------------------------------------------------------------------------

function failure(fn: Function): UntranslatableLambdaError {
  try {
    parseLambda(fn);
  } catch (e) {
    expect(e).toBeInstanceOf(UntranslatableLambdaError);
    const err = e as UntranslatableLambdaError;
    expect(err.code).toBe("UNTRANSLATABLE_LAMBDA");
    return err;
  }
  throw new Error(`expected parseLambda to throw for ${fn.toString()}`);
}

describe("untranslatable lambdas", () => {
  it("closure variables, all named together", () => {
    const minAge = 18;
    const maxAge = 65;
    const e = failure((r: Row) => r.age > minAge && r.age < maxAge && r.qty > minAge);
    expect(e.construct).toBe("minAge");
    expect(e.message).toContain("uses minAge and maxAge from its surrounding scope");
    expect(e.message).toContain("Compile with the ltseq transformer (docs/setup.md), or write the values inline.");
  });

  it("a called free function and a global", () => {
    const e = failure(fromSource("r => score(r.age) > String(r.qty)"));
    expect(e.construct).toBe("score");
    expect(e.message).toContain("calls score and String");
    expect(e.message).toContain('for String, use `x.cast("utf8")`');
  });

  it("statement bodies", () => {
    const e = failure((r: Row) => { const a = r.age; return a > 1; });
    expect(e.construct).toBe("const a = r.age;");
    expect(e.message).toContain("statement bodies are not supported; write a single expression or a single return");
  });

  it("unknown method, naming the closest", () => {
    const e = failure((r: any) => r.name.lower() === "a");
    expect(e.construct).toBe("r.name.lower()");
    expect(e.message).toContain('method "lower" is not supported');
    expect(e.message).toContain("toLowerCase");
  });

  it("bad arity", () => {
    const e = failure((r: any) => r.name.startsWith());
    expect(e.construct).toBe("r.name.startsWith()");
    expect(e.message).toContain("startsWith takes exactly 1 argument, got 0");
    expect(failure(fromSource("r => Math.pow(r.price)")).message).toContain("Math.pow takes exactly 2 arguments, got 1");
    expect(failure(fromSource("r => r.name.slice()")).message).toContain("slice takes 1 to 2 arguments, got 0");
  });

  it("bitwise operator", () => {
    const e = failure((r: Row) => (r.age & 1) === 1);
    expect(e.construct).toBe("r.age & 1");
    expect(e.message).toContain('bitwise operator "&" is not supported');
    expect(e.message).toContain("unsupported construct in lambda `");
  });

  it("optional chaining", () => {
    const e = failure((r: any) => r.name?.length > 2);
    expect(e.construct).toBe("r.name?.length");
    expect(e.message).toContain("optional chaining (`?.`) is not supported");
  });

  it("this", () => {
    const e = failure(function (this: { min: number }, r: Row) { return r.age > this.min; });
    expect(e.construct).toBe("this");
    expect(e.message).toContain("`this` is not available");
  });

  it("spread", () => {
    const e = failure((r: any) => ({ ...r, big: r.qty > 10 }));
    expect(e.construct).toBe("...r");
    expect(e.message).toContain("spread is not supported");
    expect(failure(fromSource("r => Math.max(...r.xs)")).construct).toBe("...r.xs");
  });

  it.each([
    ["async r => r.age", "async r => r.age", "async functions are not supported"],
    ["function* (r) { yield r.age; }", "function* (r) { yield r.age; }", "generator functions are not supported"],
    ["() => 1", "() => 1", "takes the row as its parameter"],
    ["r => r", "r", "row parameter `r` cannot be used as a value"],
    ["r => r.price ** 2", "r.price ** 2", "Math.pow(r.price, 2)"],
    ["r => typeof r.age === \"number\"", "typeof r.age", "`typeof` is not supported"],
    ["r => \"age\" in r", "\"age\" in r", "isIn"],
    ["r => r.d > new Date(0)", "new Date(0)", "`new` is not supported"],
    ["r => r.age++", "r.age++", "`++` is not supported"],
    ["r => (r.age = 1)", "r.age = 1", "use `===`"],
    ["r => r.name.matches(/a/g)", "/a/g", "flags \"g\" are not supported"],
    ["r => r.age.cast(\"integer\")", "\"integer\"", "cast takes a type name string"],
    ["r => r.name.isIn(\"a\")", "\"a\"", "isIn takes an array literal"],
    ["r => [r.age, , r.qty]", "[r.age, , r.qty]", "holes are not allowed"],
    ["r => ({ [\"a\" + 1]: r.age })", "\"a\" + 1", "computed field names are not supported"],
    ["r => ({ a: r.age, a: r.qty })", "a: r.qty", "field \"a\" is given twice"],
    ["r => Math.random()", "Math.random()", "Math.random is not supported"],
    ["r => r.age.abs()", "r.age.abs()", "use `Math.abs(r.age)`"],
    ["r => r.name.length()", "r.name.length()", "is a property, not a method"],
    ["r => r.name.trim", "r.name.trim", "is a method; call it"],
    ["r => r.d.getUTCHours()", "r.d.getUTCHours()", "closest supported: getHours"],
    ["r => when(r.flag)", "when(r.flag)", "when takes exactly 2 arguments, got 1"],
    ["r => when(r.flag, 1).otherwise(0).otherwise(1)", "when(r.flag, 1).otherwise(0).otherwise(1)", "nothing can follow it"],
    ["r => [1, 2].map(x => x + r.age)", "[1, 2]", "array literal is allowed only"],
    ["r => r.age > NaN", "NaN", "uses NaN, which LTSeq columns cannot hold"],
    ["r => r.price < Infinity", "Infinity", "uses Infinity"],
    ["r => r.age > 1e999", "1e999", "not a finite number"],
    ["r => r.age > 99999999999999999999n", "99999999999999999999n", "outside the int64 range"],
    ["({ age = 1 }) => age", "age = 1", "defaults are not supported"],
    ["({ ...rest }) => rest", "...rest", "rest properties are not supported"],
    ["([a]) => a", "[a]", "only a plain parameter"],
    ["r => `${r.a}`.length.x", "`${r.a}`.length.x", "\"x\" is not a supported property"],
  ])("%s", (source, construct, message) => {
    const e = failure(fromSource(source));
    expect(e.construct).toBe(construct);
    expect(e.message).toContain(message);
  });

  it("bound and built-in functions have no source", () => {
    const e = failure(((r: Row) => r.age).bind(null));
    expect(e.message).toContain("built-in and bound functions");
  });
});

// ---- (a') two-table and pointer-path fixtures (test/fixtures/expr/pairs/) ----------------------

const pairsDir = fileURLToPath(new URL("../fixtures/expr/pairs/", import.meta.url));
const pairs = readdirSync(pairsDir).filter((f) => f.endsWith(".json")).sort()
  .map((f) => ({ file: f, ...(JSON.parse(readFileSync(pairsDir + f, "utf8")) as Fixture & { call: string }) }));

describe("two-table and pointer-path fixtures", () => {
  it("exist", () => expect(pairs.length).toBeGreaterThanOrEqual(10));

  it.each(pairs)("$file", ({ file, name, source, tree }) => {
    expect(name).toBe(file.replace(/\.json$/, ""));
    expect(parseLambda(fromSource(source))).toEqual(tree);
  });

  it("flatten pointer paths and keep sides for two-table methods", () => {
    const t = toLambdaTree((r: any) => r.prod.price > r.qty, "filter");
    expect(t.body).toEqual(binary(">", col("prod_price"), col("qty")));
    const p = toLambdaTree((r: any, c: any) => r.prod.catId === c.id, "link condition", "pair");
    expect(p.body).toEqual(binary("==", col("prod_catId"), { kind: "col", name: "id", input: 1 }));
  });

  it("refuse a second parameter's column in a one-table lambda", () => {
    expect(() => toLambdaTree((a: any, b: any) => a.x > b.y, "filter")).toThrow(
      /filter: the lambda reads column "y" from its parameter 2, but filter passes only the row/,
    );
  });
});
