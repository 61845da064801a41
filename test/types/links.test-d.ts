/** Type tests for links and joins (API.md §9): pointer paths are typed from the target's row type. */
import { describe, expectTypeOf, it } from "vitest";
import { LTSeq } from "ltseq";

type Order = { id: number; pid: number | null; qty: number };
type Product = { id: number; name: string; price: number; catId: number };
type Cat = { id: number; name: string };
declare const orders: LTSeq<Order>;
declare const products: LTSeq<Product>;
declare const cats: LTSeq<Cat>;

describe("link", () => {
  const o = orders.link(products, (s, t) => s.pid === t.id, { as: "prod" });

  it("adds prod_<col> columns, nullable unless how: inner", async () => {
    type Out = Awaited<ReturnType<typeof o.collect>>[number];
    expectTypeOf<Out["prod_name"]>().toEqualTypeOf<string | null>();
    expectTypeOf<Out["prod_price"]>().toEqualTypeOf<number | null>();
    expectTypeOf<Out["qty"]>().toEqualTypeOf<number>();
    const inner = orders.link(products, (s, t) => s.pid === t.id, { as: "prod", how: "inner" });
    type In = Awaited<ReturnType<typeof inner.collect>>[number];
    expectTypeOf<In["prod_name"]>().toEqualTypeOf<string>();
  });

  it("r.prod.<col> is typed, with column methods; a wrong target column is an error", () => {
    o.filter((r) => r.prod.price > 50);
    o.filter((r) => r.prod.name.startsWith("a"));
    // @ts-expect-error -- Product has no column "nope"
    o.filter((r) => r.prod.nope > 1);
    // @ts-expect-error -- "cat" is not a link of this table
    o.filter((r) => r.cat.name === "x");
  });

  it("select(r => [r.id, r.prod.name]) gives id and prod_name", async () => {
    const s = o.select((r) => [r.id, r.prod.name]);
    type Out = Awaited<ReturnType<typeof s.collect>>[number];
    expectTypeOf<keyof Out>().toEqualTypeOf<"id" | "prod_name">();
  });

  it("links chain, and survive filter/derive/sort", () => {
    const c = o.filter((r) => r.qty > 1).derive((r) => ({ total: r.prod.price * r.qty }))
      .link(cats, (r, k) => r.prod.catId === k.id, { as: "cat" });
    c.filter((r) => r.cat.name === "fruit" && r.prod.name !== "fig" && r.total > 1);
    c.sort("id").filter((r) => r.prod.price.shift(1) !== null);
  });

  it("keeps the declared order at the type level", () => {
    const sorted = orders.sort("id").link(products, (s, t) => s.pid === t.id, { as: "prod" });
    sorted.derive((r) => ({ prev: r.prod.price.shift(1) }));
    // @ts-expect-error -- an unordered table has no sequence operators
    o.derive((r) => ({ prev: r.prod.price.shift(1) }));
  });

  it("the condition's second parameter is the target's row", () => {
    // @ts-expect-error -- Product has no column "pid"
    orders.link(products, (s, t) => s.pid === t.pid, { as: "prod" });
  });
});

describe("join", () => {
  it("suffixes colliding right columns; outer sides become nullable", async () => {
    const j = orders.join(products, (a, b) => a.pid === b.id);
    type J = Awaited<ReturnType<typeof j.collect>>[number];
    expectTypeOf<J>().toEqualTypeOf<{ id: number; pid: number | null; qty: number; id_right: number; name: string; price: number; catId: number }>();
    const l = orders.join(products, (a, b) => a.pid === b.id, { how: "left", suffix: "_p" });
    type L = Awaited<ReturnType<typeof l.collect>>[number];
    expectTypeOf<L["id_p"]>().toEqualTypeOf<number | null>();
    expectTypeOf<L["qty"]>().toEqualTypeOf<number>();
  });

  it("semiJoin/antiJoin keep the row type and the order", () => {
    expectTypeOf(orders.sort("id").semiJoin(products, (a, b) => a.pid === b.id)).toEqualTypeOf<LTSeq<Order, "ordered">>();
    expectTypeOf(orders.antiJoin(products, (a, b) => a.pid === b.id)).toEqualTypeOf<LTSeq<Order>>();
  });

  it("asofJoin: right columns nullable", async () => {
    const q = LTSeq.fromRows([{ sym: "A", t: 1, px: 1.5 }]);
    const t = LTSeq.fromRows([{ sym: "A", t: 2 }]).asofJoin(q, (a, b) => a.t >= b.t, { by: "sym" });
    type A = Awaited<ReturnType<typeof t.collect>>[number];
    expectTypeOf<A>().toEqualTypeOf<{ sym: string; t: number; sym_right: string | null; t_right: number | null; px: number | null }>();
  });
});
