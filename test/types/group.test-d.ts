/** Type tests for group lambdas (API.md §6, §8): `g` offers aggregates only, results are typed. */
import { describe, expectTypeOf, it } from "vitest";
import { LTSeq } from "ltseq";

type Trade = { date: Date; sym: string; price: number; volume: number | null };
declare const t: LTSeq<Trade>;
const runs = t.sort("date").groupOrdered((r) => r.price > r.price.shift(1));

describe("group lambdas", () => {
  it("aggregates are numbers, first/last rows are rows", () => {
    runs.filter((g) => g.count() > 3 && g.first().price < g.last().price && g.price.max() > 10);
    runs.filter((g) => g.all((r) => r.price > 0) && g.volume.percentile(0.9) > 1);
    // @ts-expect-error no such column
    runs.filter((g) => g.nope.sum() > 1);
    // @ts-expect-error a column of a group is not a value
    runs.filter((g) => g.price > 1);
    // @ts-expect-error not an aggregate
    runs.filter((g) => g.price.mode() > 1);
  });

  it("agg and derive compute the row type", () => {
    expectTypeOf(runs.agg((g) => ({ n: g.count(), hi: g.price.max(), start: g.first().date }))).toEqualTypeOf<LTSeq<{ n: number; hi: number; start: Date }>>();
    const d = runs.derive((g) => ({ runLen: g.count() }));
    d.filter((r) => r.runLen > 2 && r.price > 1);
  });

  it("groupOrdered needs a declared order", () => {
    // @ts-expect-error no declared order
    t.groupOrdered((r) => r.sym);
  });

  it("groupBy(...).agg and t.agg", () => {
    const byRegion = t.groupBy((r) => r.sym).agg((g) => ({ total: g.price.sum(), n: g.count() }));
    byRegion.filter((r) => r.total > 1 && r.n > 0);
    t.agg((g) => ({ total: g.price.sum() })).filter((r) => r.total > 0);
  });
});
