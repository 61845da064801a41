import { describe, expectTypeOf, it } from "vitest";
import { LTSeq } from "ltseq";

describe("fromRows infers one row type", () => {
  it("merges shapes with NULLs: columns keep their methods inside lambdas", () => {
    const t = LTSeq.fromRows([{ id: 1, age: 34 }, { id: 2, age: null }]);
    t.filter((r) => r.age >= 18);
    t.filter((r) => r.age.isIn([1, 3]));
    type Out = Awaited<ReturnType<typeof t.collect>>[number];
    expectTypeOf<Out>().toEqualTypeOf<{ id: number; age: number | null }>();
  });

  it("a key missing from some rows is nullable", () => {
    const t = LTSeq.fromRows([{ id: 1, note: "x" }, { id: 2 }]);
    type Out = Awaited<ReturnType<typeof t.collect>>[number];
    expectTypeOf<Out>().toEqualTypeOf<{ id: number; note: string | null }>();
  });

  it("an interface type passes through", () => {
    interface P { id: number; name: string }
    const rows: P[] = [{ id: 1, name: "a" }];
    expectTypeOf(LTSeq.fromRows(rows)).toEqualTypeOf<LTSeq<P>>();
  });
});
