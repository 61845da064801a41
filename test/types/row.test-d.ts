/**
 * Type tests (checked by the TypeScript compiler: `npm run typecheck`, and per test by vitest's
 * typecheck project): rows are ordinary TypeScript, result types follow each transform, sequence
 * operators exist only on tables with a declared order.
 */
import { describe, expectTypeOf, it } from "vitest";
import { LTSeq, coalesce, desc, rank, rowNumber, when, type Row } from "ltseq";

type Trade = { date: Date; sym: string; price: number; volume: number | null; big: bigint; live: boolean };
declare const t: LTSeq<Trade>;
const s = t.sort("sym", "date");

describe("rows", () => {
  it("columns are their value types with column methods", () => {
    t.filter((r) => r.price > 18 && r.sym.startsWith("A") && r.date.getMonth() === 0 && r.live);
    expectTypeOf<Row<Trade>["price"]>().toMatchTypeOf<number>();
    expectTypeOf<Row<Trade>["sym"]>().toMatchTypeOf<string>();
    expectTypeOf<Row<Trade>["date"]>().toMatchTypeOf<Date>();
    expectTypeOf<keyof Row<Trade>>().toEqualTypeOf<keyof Trade>();
    // @ts-expect-error no such column
    t.filter((r) => r.nope > 1);
    // @ts-expect-error a string method on a number column
    t.filter((r) => r.price.startsWith("1"));
    // @ts-expect-error comparing a date column with a string
    t.filter((r) => r.date > "2024-01-01");
  });

  it("nullable columns keep their methods and compare like their value type", () => {
    t.filter((r) => r.volume > 5 && r.volume.isNotNull() && r.volume.between(1, 10));
    t.derive((r) => ({ v: r.volume ?? 0, w: r.volume.fillNull(0), c: coalesce(r.volume, 0) }));
    expectTypeOf<Row<Trade>["volume"]>().toMatchTypeOf<number>();
  });

  it("helpers and methods are typed", () => {
    t.derive((r) => ({ k: when(r.price > 10, "hi").when(r.price > 5, "mid").otherwise("lo") }));
    expectTypeOf(t.select((r) => ({ k: when(r.price > 10, "hi").otherwise("lo") }))).toEqualTypeOf<LTSeq<{ k: string }>>();
    t.filter((r) => r.sym.isIn(["A", "B"]) && r.sym.matches(/^a/i) && r.sym.like("A%"));
    // @ts-expect-error isIn values of the column's type
    t.filter((r) => r.sym.isIn([1, 2]));
    expectTypeOf(t.select((r) => ({ s: r.price.cast("utf8") }))).toEqualTypeOf<LTSeq<{ s: string }>>();
    t.filter((r) => r.price.cast("utf8").startsWith("1"));
    // @ts-expect-error cast takes a type name
    t.select((r) => ({ s: r.price.cast("text") }));
    t.sort((r) => [r.sym, r.date.desc()]);
    t.sort((r) => desc(r.date));
  });

  it("an untyped table's columns are any", () => {
    const u = null as unknown as LTSeq;
    u.filter((r) => r.anything > 1 && r.other.startsWith("x"));
  });
});

describe("result types", () => {
  it("select by names, list and record", () => {
    expectTypeOf(t.select("sym", "price")).toEqualTypeOf<LTSeq<{ sym: string; price: number }>>();
    expectTypeOf(t.select((r) => [r.sym, r.volume])).toEqualTypeOf<LTSeq<{ sym: string; volume: number | null }>>();
    expectTypeOf(t.select((r) => ({ who: r.sym, next: r.price + 1, up: r.price > 1 }))).toEqualTypeOf<LTSeq<{ who: string; next: number; up: boolean }>>();
    // @ts-expect-error not a column
    t.select("sym", "nope");
  });

  it("derive adds and replaces; later lambdas see the new columns", () => {
    const d = t.derive((r) => ({ tax: r.price * 0.1, sym: r.sym.length }));
    expectTypeOf(d).toEqualTypeOf<LTSeq<{ date: Date; price: number; volume: number | null; big: bigint; live: boolean; tax: number; sym: number }>>();
    d.filter((r) => r.tax > 1 && r.sym > 2);
  });

  it("rename and drop", () => {
    expectTypeOf(t.rename({ sym: "ticker" })).toEqualTypeOf<LTSeq<{ date: Date; ticker: string; price: number; volume: number | null; big: bigint; live: boolean }>>();
    expectTypeOf(t.drop("big", "live", "volume")).toEqualTypeOf<LTSeq<{ date: Date; sym: string; price: number }>>();
    // @ts-expect-error not a column
    t.drop("nope");
    // @ts-expect-error not a column
    t.rename({ nope: "x" });
  });

  it("collect returns the row type, null included", async () => {
    expectTypeOf(await t.collect()).toEqualTypeOf<Trade[]>();
    expectTypeOf(await t.select("volume").collect()).toEqualTypeOf<{ volume: number | null }[]>();
  });

  it("readers and constructors take or infer the row type", async () => {
    expectTypeOf(await LTSeq.readCsv<Trade>("x.csv")).toEqualTypeOf<LTSeq<Trade>>();
    interface Person { name: string; age: number }
    expectTypeOf(LTSeq.fromRows<Person>([])).toEqualTypeOf<LTSeq<Person>>();
    expectTypeOf(LTSeq.fromRows([{ a: 1, b: "x" }])).toEqualTypeOf<LTSeq<{ a: number; b: string }>>();
  });

  it("two-table lambdas see both rows", () => {
    const other = null as unknown as LTSeq<{ id: number; sym: string }>;
    t.intersect(other, (a, b) => a.sym === b.sym);
    // @ts-expect-error the other table has no price
    t.except(other, (a, b) => a.price === b.price);
  });
});

describe("declared order", () => {
  it("sort and assumeSorted declare it; filter, derive, select, slice keep it", () => {
    expectTypeOf(s).toEqualTypeOf<LTSeq<Trade, "ordered">>();
    expectTypeOf(t.assumeSorted("date")).toEqualTypeOf<LTSeq<Trade, "ordered">>();
    expectTypeOf(s.filter((r) => r.price > 1)).toEqualTypeOf<LTSeq<Trade, "ordered">>();
    expectTypeOf(s.head(3).tail(2).slice(1)).toEqualTypeOf<LTSeq<Trade, "ordered">>();
    expectTypeOf(s.select("sym", "price")).toEqualTypeOf<LTSeq<{ sym: string; price: number }, "ordered">>();
    expectTypeOf(s.derive((r) => ({ x: r.price }))).toMatchTypeOf<LTSeq<Trade & { x: number }, "ordered">>();
  });

  it("distinct and set operations clear it", () => {
    expectTypeOf(s.distinct()).toEqualTypeOf<LTSeq<Trade>>();
    expectTypeOf(s.union(t)).toEqualTypeOf<LTSeq<Trade>>();
    expectTypeOf(s.intersect(t)).toEqualTypeOf<LTSeq<Trade>>();
  });

  it("sequence operators on an ordered table", () => {
    const w = s.derive((r) => ({
      prev: r.price.shift(1),
      next: r.price.shift(-1, { default: 0, partitionBy: r.sym }),
      change: r.price - r.price.shift(1),
      d: r.price.diff(),
      pct: r.price.pctChange(1, { partitionBy: "sym" }),
      m: r.price.rolling(3).mean(),
      m2: r.price.diff().rolling(2, { partitionBy: [r.sym] }).max(),
      c: r.price.cumSum({ partitionBy: r.sym }),
      prevSym: r.sym.shift(1),
      rn: rowNumber().over({ partitionBy: r.sym, orderBy: r.date.desc() }),
      rk: rank().over({ orderBy: [desc(r.price), r.date] }),
    }));
    expectTypeOf(w.select("prev", "change", "m", "prevSym", "rn")).toEqualTypeOf<LTSeq<{ prev: number; change: number; m: number; prevSym: string; rn: number }, "ordered">>();
    // @ts-expect-error the default has the column's type
    s.derive((r) => ({ p: r.price.shift(1, { default: "none" }) }));
    // @ts-expect-error diff is for number columns
    s.derive((r) => ({ p: r.sym.diff() }));
  });

  it("are a type error on a table that never declared an order", () => {
    // @ts-expect-error shift needs a declared order
    t.derive((r) => ({ p: r.price.shift(1) }));
    // @ts-expect-error diff needs a declared order
    t.filter((r) => r.price.diff() > 0);
    // @ts-expect-error rolling needs a declared order
    t.derive((r) => ({ m: r.price.rolling(3).mean() }));
    // @ts-expect-error cumSum needs a declared order
    t.derive((r) => ({ c: r.price.cumSum() }));
    // @ts-expect-error the order is gone after distinct
    s.distinct().derive((r) => ({ p: r.price.shift(1) }));
    // @ts-expect-error table-level cumSum too
    t.cumSum("price");
    s.cumSum("price");
  });

  it("an unordered table is not an ordered one; an ordered one is a table", () => {
    const useOrdered = (x: LTSeq<Trade, "ordered">) => x;
    const useAny = (x: LTSeq<Trade>) => x;
    useOrdered(s);
    useAny(s);
    // @ts-expect-error no declared order
    useOrdered(t);
  });
});
