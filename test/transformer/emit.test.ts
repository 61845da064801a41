/**
 * Golden output of the rewrite for what only the transformer can do: values from the lambda's
 * scope kept as code (closures, imports, `this.x`, `new Date(...)`, constants), evaluated when the
 * method is called. Text splicing (Vite, generate) and AST emit (tspc) must agree.
 */
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { rewrite } from "../../transformer/src/hosts/tspatch.js";
import { splice } from "../../transformer/src/hosts/text.js";
import { analyze, PRELUDE } from "./harness.js";

/** The rewritten text of the line holding `marker`, via text splicing and via AST emit. */
function rewritten(body: string, extra: Record<string, string> = {}): { text: string; js: string } {
  const { sf, analysis, diagnostics, program } = analyze(PRELUDE + body, {}, "case.ts", extra);
  expect(diagnostics).toEqual([]);
  const text = splice(ts, sf, analysis).code.slice(PRELUDE.length).trim();
  let js = "";
  program.emit(sf, (name, data) => { if (name.endsWith(".js")) js = data; }, undefined, false, {
    before: [(context) => (file) => rewrite(ts, context, file, analysis)],
  });
  return { text, js };
}

const lastLine = (s: string) => s.trim().split("\n").pop()!.trim();

describe("values from the scope become literals evaluated at call time", () => {
  it("a closure constant and an expression over it", () => {
    const { text, js } = rewritten("const MIN = 10;\nt.filter(r => r.price > MIN * 1.1);");
    expect(lastLine(text)).toBe(
      't.filter({ kind: "lambda", version: 1, params: ["r"], body: { kind: "binary", op: ">", left: { kind: "col", name: "price" }, right: { kind: "lit", value: (MIN * 1.1) } } });',
    );
    expect(js).toContain('right: { kind: "lit", value: MIN * 1.1 }');
  });

  it("this.x in an arrow function inside a method", () => {
    const { text } = rewritten("class Screen { limit = 5; run() { return t.filter(r => r.age > this.limit); } }\nvoid Screen;");
    expect(text).toContain('right: { kind: "lit", value: (this.limit) }');
  });

  it("an imported constant keeps its import (CommonJS rewriting sees the original identifier)", () => {
    const consts = { "consts.ts": "export const LIMIT = 3;\n" };
    const { text, js } = rewritten('import { LIMIT } from "./consts.js";\nt.filter(r => r.qty >= LIMIT);', consts);
    expect(text).toContain('right: { kind: "lit", value: (LIMIT) }');
    expect(js).toContain('import { LIMIT } from "./consts.js"');
    expect(js).toContain('value: LIMIT }');
  });

  it("new Date(...) and Date.now() are evaluated once; constants stay constants", () => {
    const { text } = rewritten("t.filter(r => r.d.getTime() > new Date(2024, 0, 1).getTime() && r.price > 2 ** 10 && r.age > -3);");
    expect(text).toContain('{ kind: "lit", value: (new Date(2024, 0, 1).getTime()) }');
    expect(text).toContain('{ kind: "lit", value: (2 ** 10) }');
    expect(text).toContain('{ kind: "lit", value: -3 }');
  });

  it("isIn over an array from outside spreads one literal per element", () => {
    const { text } = rewritten('const NAMES: readonly string[] = ["Ann", "Bob"];\nt.filter(r => r.name.isIn(NAMES));');
    expect(text).toContain('args: [{ kind: "col", name: "name" }, ...Array.from((NAMES), (__v) => ({ kind: "lit", value: __v }))]');
  });

  it("a column name from outside: r[name], partitionBy: name", () => {
    const { text } = rewritten('const key: string = "price";\nt.derive(r => ({ v: r[key as "price"] ?? 0, p: r.price.shift(1, { partitionBy: key }) }));');
    expect(text).toContain('{ kind: "col", name: (key as "price") }');
    expect(text).toContain('partitionBy: [{ kind: "col", name: (key) }]');
  });

  it("constants of a literal type are read at build time (shift offsets, cast types)", () => {
    const { text } = rewritten('const N = 2; const T = "utf8";\nt.derive(r => ({ p: r.price.shift(N), s: r.age.cast(T) }));');
    expect(text).toContain('args: [{ kind: "col", name: "price" }, { kind: "lit", value: 2 }]');
    expect(text).toContain('{ kind: "call", fn: "cast", args: [{ kind: "col", name: "age" }, { kind: "lit", value: "utf8" }] }');
  });

  it("a lambda without outside values has no code inside its tree", () => {
    const { text } = rewritten("t.select(r => [r.name, r.age]);");
    expect(text).toBe('t.select({ kind: "lambda", version: 1, params: ["r"], body: { kind: "list", items: [{ kind: "col", name: "name" }, { kind: "col", name: "age" }] } });');
  });

  it("a multi-line lambda leaves later lines on their line numbers", () => {
    const body = "t.derive((r) => ({\n  a: r.age + 1,\n  b: r.name,\n}));\nconst after = 1;";
    const { text } = rewritten(body);
    expect(text.split("\n").length).toBe(body.split("\n").length);
    expect(text.split("\n")[4]).toBe("const after = 1;");
  });

  it("everything outside the lambda keeps its text and position", () => {
    const body = "// a comment\nconst x: number = 1; /* kept */\nt.filter(r => r.age > x);\nexport type Kept = { a: number };";
    const { text } = rewritten(body);
    expect(text.split("\n").slice(0, 2)).toEqual(["// a comment", "const x: number = 1; /* kept */"]);
    expect(text.split("\n")[3]).toBe("export type Kept = { a: number };");
  });
});
