/**
 * The run-time guard: uncompiled lambdas still work through the fallback, except under
 * LTSEQ_REQUIRE_COMPILED=1 (CI), where one reaching a method is an error pointing at the setup.
 * Compiled trees carry outside values as they are; the runtime turns them into literals.
 */
import { afterEach, describe, expect, it } from "vitest";
import { LTSeq, UntranslatableLambdaError } from "ltseq";
import { toLambdaTree } from "../../runtime/expr/parse.js";
import type { LambdaTree } from "../../runtime/expr/tree.js";
import { expectError } from "../e2e/helpers.js";

const people = () => LTSeq.fromRows([{ name: "Ann", age: 34, born: new Date("1990-05-01T00:00:00Z") }, { name: "Bob", age: 17, born: new Date("2007-02-03T00:00:00Z") }]);
const saved = process.env.LTSEQ_REQUIRE_COMPILED;
afterEach(() => { process.env.LTSEQ_REQUIRE_COMPILED = saved; });

describe("LTSEQ_REQUIRE_COMPILED", () => {
  it("unset: a plain function goes through the fallback", async () => {
    delete process.env.LTSEQ_REQUIRE_COMPILED;
    expect(await people().filter((r) => r.age > 18).count()).toBe(1);
  });

  it("=1: a plain function is an error naming the method, the lambda and the fix", async () => {
    process.env.LTSEQ_REQUIRE_COMPILED = "1";
    const e = await expectError(() => people().filter((r) => r.age > 18), UntranslatableLambdaError, "UNTRANSLATABLE_LAMBDA",
      "filter", "r.age > 18", "LTSEQ_REQUIRE_COMPILED=1", "docs/setup.md");
    expect(e.message).toContain("transformer");
  });

  it("=1: a compiled tree passes", async () => {
    process.env.LTSEQ_REQUIRE_COMPILED = "1";
    const tree: LambdaTree = {
      kind: "lambda", version: 1, params: ["r"],
      body: { kind: "binary", op: ">", left: { kind: "col", name: "age" }, right: { kind: "lit", value: 18 } },
    };
    expect(await people().filter(tree as never).count()).toBe(1);
  });
});

describe("values from the caller's scope in compiled trees", () => {
  const withValue = (value: unknown): LambdaTree => ({
    kind: "lambda", version: 1, params: ["r"],
    body: { kind: "binary", op: ">", left: { kind: "col", name: "born" }, right: { kind: "lit", value } as never },
  });

  it("Date → timestamp literal, bigint → int64 literal, undefined → null", () => {
    const d = new Date("2000-01-01T00:00:00Z");
    expect((toLambdaTree(withValue(d), "filter").body as { right: unknown }).right).toEqual({ kind: "lit", value: d.getTime(), type: "timestamp" });
    expect((toLambdaTree(withValue(12n), "filter").body as { right: unknown }).right).toEqual({ kind: "lit", value: "12", type: "int64" });
    expect((toLambdaTree(withValue(undefined), "filter").body as { right: unknown }).right).toEqual({ kind: "lit", value: null });
  });

  it("a Date from outside filters as a timestamp", async () => {
    expect(await people().filter(withValue(new Date("2000-01-01T00:00:00Z")) as never).collect()).toEqual([
      { name: "Bob", age: 17, born: new Date("2007-02-03T00:00:00Z") },
    ]);
  });

  it("a value that cannot be a literal is an error naming it", async () => {
    await expectError(() => people().filter(withValue({ a: 1 }) as never), Error as never, "INVALID_ARGUMENT", "cannot use an object");
    await expectError(() => people().filter(withValue(Number.NaN) as never), Error as never, "INVALID_ARGUMENT", "not a finite number");
  });
});
