import { describe, expectTypeOf, it } from "vitest";
import { LTSeq } from "ltseq";

describe("groupBy / agg result types", () => {
  const t = LTSeq.fromRows([{ region: "north", year: 2024, amount: 1.5 }]);

  it("names keys: the key columns keep their types, then the aggregates", () => {
    const r = t.groupBy("region", "year").agg((g) => ({ total: g.amount.sum(), n: g.count() }));
    type Out = Awaited<ReturnType<typeof r.collect>>[number];
    expectTypeOf<Out>().toEqualTypeOf<{ region: string; year: number; total: number; n: number }>();
  });

  it("whole-table agg has only the aggregates", () => {
    const r = t.agg((g) => ({ hi: g.amount.max() }));
    expectTypeOf<Awaited<ReturnType<typeof r.collect>>[number]>().toEqualTypeOf<{ hi: number }>();
  });

  it("an unknown key column is a type error", () => {
    // @ts-expect-error "regoin" is not a column
    t.groupBy("regoin");
  });
});
