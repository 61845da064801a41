/** Type tests for `pivot` (API.md §8): index columns keep their types, cells follow `agg`. */
import { describe, expectTypeOf, it } from "vitest";
import { LTSeq } from "ltseq";

type Sale = { region: string; city: string | null; year: number; amount: number | null; day: Date };
declare const t: LTSeq<Sale>;

describe("pivot result types", () => {
  it("index columns keep their types; sum/min/max cells are the values' type or null", () => {
    const p = t.pivot({ index: "region", columns: "year", values: "amount", agg: "sum" });
    type Out = Awaited<ReturnType<typeof p.collect>>[number];
    expectTypeOf<Out["region"]>().toEqualTypeOf<string>();
    expectTypeOf<Out["2024"]>().toEqualTypeOf<number | null>();
    const latest = t.pivot({ index: "region", columns: "city", values: "day", agg: "max" });
    expectTypeOf<Awaited<ReturnType<typeof latest.collect>>[number]["x"]>().toEqualTypeOf<Date | null>();
  });

  it("count cells are numbers (0 when missing), mean cells number | null", () => {
    const c = t.pivot({ index: ["region", "city"], columns: "year", values: "day", agg: "count" });
    type Out = Awaited<ReturnType<typeof c.collect>>[number];
    expectTypeOf<Out["city"]>().toEqualTypeOf<string | null>();
    expectTypeOf<Out["2024"]>().toEqualTypeOf<number>();
    const m = t.pivot({ index: "region", columns: "year", values: "amount", agg: "mean", columnValues: [2023, 2024] });
    expectTypeOf<Awaited<ReturnType<typeof m.collect>>[number]["2023"]>().toEqualTypeOf<number | null>();
  });

  it("the result has no declared order, so sequence operators need a sort first", () => {
    const p = t.pivot({ index: "region", columns: "year", values: "amount", agg: "sum" });
    // @ts-expect-error pivot clears the declared order
    p.groupOrdered((r) => r.region);
    p.sort("region").groupOrdered((r) => r.region);
  });

  it("unknown columns and aggregates are type errors", () => {
    // @ts-expect-error "regoin" is not a column
    t.pivot({ index: "regoin", columns: "year", values: "amount", agg: "sum" });
    // @ts-expect-error "yr" is not a column
    t.pivot({ index: "region", columns: "yr", values: "amount", agg: "sum" });
    // @ts-expect-error "median" is not a pivot aggregate
    t.pivot({ index: "region", columns: "year", values: "amount", agg: "median" });
    // @ts-expect-error columnValues are plain values
    t.pivot({ index: "region", columns: "year", values: "amount", agg: "sum", columnValues: [{}] });
  });
});
