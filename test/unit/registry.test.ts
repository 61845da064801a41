import { describe, expect, it } from "vitest";
import { FUNCTIONS, functionNames } from "../../runtime/expr/registry.js";
import { native } from "../../runtime/native.js";

describe("method registry", () => {
  it("lists exactly the functions the native lowering implements", () => {
    expect(native().functionNames()).toEqual(functionNames());
  });

  it("has one entry per (receiver kind, TypeScript name)", () => {
    const keys = FUNCTIONS.map((f) => `${f.on}:${f.tsName ?? f.name}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
