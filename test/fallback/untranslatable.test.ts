/**
 * The run-time fallback's errors for lambdas it cannot translate (moved here from
 * test/e2e/errors.test.ts: with the transformer these lambdas are compiled, or rejected at build
 * time, so only an uncompiled file can reach them). Files under test/fallback/ are never transformed.
 */
import { describe, expect, it } from "vitest";
import { LTSeq, LTSeqError, UntranslatableLambdaError } from "ltseq";
import { expectError } from "../e2e/helpers.js";

type Person = { id: number; name: string; age: number };
const people = () =>
  LTSeq.fromRows<Person>([
    { id: 1, name: "Ann", age: 34 },
    { id: 2, name: "Bob", age: 17 },
  ]);

describe("UntranslatableLambdaError", () => {
  it("a closure variable in an uncompiled lambda is named", async () => {
    const minAge = 18;
    const e = await expectError(
      () => people().filter((r) => r.age > minAge),
      UntranslatableLambdaError, "UNTRANSLATABLE_LAMBDA", "minAge",
    );
    expect(e).toBeInstanceOf(LTSeqError);
    expect((e as UntranslatableLambdaError).construct).toBe("minAge");
  });

  it("an unsupported function call names the call", async () => {
    const double = (x: number) => x * 2;
    await expectError(() => people().derive((r) => ({ d: double(r.age) })), UntranslatableLambdaError, "UNTRANSLATABLE_LAMBDA", "double");
  });
});
