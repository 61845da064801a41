/**
 * Compiled lambdas (this file runs through the ltseq Vite plugin, with LTSEQ_REQUIRE_COMPILED=1):
 * values from the lambda's scope are read when the method is called, in their own scope.
 */
import { describe, expect, it } from "vitest";
import { LTSeq, when } from "ltseq";
import { ADULT, CITIES } from "./consts.js";

type P = { name: string; age: number; city: string; born: Date; big: bigint; score: number | null };
const people = () => LTSeq.fromRows<P>([
  { name: "Ann", age: 34, city: "Oslo", born: new Date("1990-05-01T00:00:00Z"), big: 10n, score: 1.5 },
  { name: "Bob", age: 17, city: "Lima", born: new Date("2007-02-03T00:00:00Z"), big: 20n, score: null },
  { name: "Cyd", age: 52, city: "Rome", born: new Date("1972-11-30T00:00:00Z"), big: 30n, score: 4 },
]);
const names = async (t: LTSeq<P, "unordered" | "ordered">) => (await t.collect()).map((r) => r.name);

describe("closures in compiled lambdas", () => {
  it("a local variable, read at call time", async () => {
    let min = 30;
    const t = () => people().filter((r) => r.age > min);
    expect(await names(t())).toEqual(["Ann", "Cyd"]);
    min = 40;
    expect(await names(t())).toEqual(["Cyd"]);
  });

  it("imports, arrays for isIn, and expressions over them", async () => {
    expect(await names(people().filter((r) => r.age >= ADULT && r.city.isIn(CITIES)))).toEqual(["Ann"]);
    expect(await names(people().filter((r) => r.age > ADULT * 2))).toEqual(["Cyd"]);
  });

  it("Date and bigint values become timestamp and int64 literals", async () => {
    const cutoff = new Date("1980-01-01T00:00:00Z");
    expect(await names(people().filter((r) => r.born > cutoff))).toEqual(["Ann", "Bob"]);
    const limit = 15n;
    expect(await names(people().filter((r) => r.big > limit))).toEqual(["Bob", "Cyd"]);
  });

  it("this.x inside a method", async () => {
    class Screen {
      constructor(readonly minAge: number) {}
      run() { return people().filter((r) => r.age >= this.minAge); }
    }
    expect(await names(new Screen(50).run())).toEqual(["Cyd"]);
  });

  it("a function called on outside values, once", async () => {
    let calls = 0;
    const threshold = (x: number) => { calls++; return x * 10; };
    expect(await names(people().filter((r) => r.age > threshold(3)))).toEqual(["Ann", "Cyd"]);
    expect(calls).toBe(1);
  });

  it("column names from outside", async () => {
    const col = "age" as const;
    const rows = await people().select((r) => ({ name: r.name, v: r[col] })).collect();
    expect(rows.map((r) => r.v)).toEqual([34, 17, 52]);
  });

  it("closures inside when(...) and ??", async () => {
    const label = "minor";
    const fallback = -1;
    const rows = await people()
      .select((r) => ({ who: r.name, kind: when(r.age < ADULT, label).otherwise("adult"), s: r.score ?? fallback }))
      .collect();
    expect(rows).toEqual([
      { who: "Ann", kind: "adult", s: 1.5 },
      { who: "Bob", kind: "minor", s: -1 },
      { who: "Cyd", kind: "adult", s: 4 },
    ]);
  });

  it("sequence operators with outside offsets and partitions", async () => {
    const n = 1;
    const part = "city";
    const rows = await people().sort("age").select((r) => ({ name: r.name, prev: r.age.shift(n, { partitionBy: part }), d: r.age.diff() })).collect();
    expect(rows).toEqual([
      { name: "Bob", prev: null, d: null },
      { name: "Ann", prev: null, d: 17 },
      { name: "Cyd", prev: null, d: 18 },
    ]);
  });
});
