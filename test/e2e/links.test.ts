/**
 * API.md §9 `link`: a many-to-one pointer. Literal orders → products → categories; every source
 * row kept once and in order, `prod_<col>` columns, pointer paths `r.prod.name` in later lambdas,
 * NULL and missing keys, duplicate target keys, composite keys, chained links, declared order.
 */
import { describe, expect, it } from "vitest";
import { ColumnNotFoundError, InvalidArgumentError, LTSeq } from "ltseq";
import { expectError } from "./helpers.js";

type Order = { id: number; pid: number | null; qty: number };
type Product = { id: number; name: string; price: number; catId: number | null };
const orders = () =>
  LTSeq.fromRows<Order>([
    { id: 1, pid: 10, qty: 2 },
    { id: 2, pid: 20, qty: 1 },
    { id: 3, pid: 99, qty: 5 }, // no such product
    { id: 4, pid: null, qty: 3 }, // NULL never matches
    { id: 5, pid: 10, qty: 1 },
  ], { schema: { id: "int64", pid: "int64", qty: "int64" } });
const productRows: Product[] = [
  { id: 10, name: "apple", price: 1.5, catId: 1 },
  { id: 20, name: "pear", price: 60, catId: 2 },
  { id: 30, name: "fig", price: 80, catId: null },
];
const products = (rows = productRows) =>
  LTSeq.fromRows<Product>(rows, { schema: { id: "int64", name: "utf8", price: "float64", catId: "int64" } });
const cats = () => LTSeq.fromRows([{ id: 1, name: "fruit" }, { id: 2, name: "exotic" }]);
const linked = () => orders().link(products(), (o, p) => o.pid === p.id, { as: "prod" });

describe("link", () => {
  it("collect without select: source columns, then every prod_<col>; unmatched rows keep NULLs", async () => {
    const t = linked();
    expect(t.columns).toEqual(["id", "pid", "qty", "prod_id", "prod_name", "prod_price", "prod_catId"]);
    expect(await t.collect()).toEqual([
      { id: 1, pid: 10, qty: 2, prod_id: 10, prod_name: "apple", prod_price: 1.5, prod_catId: 1 },
      { id: 2, pid: 20, qty: 1, prod_id: 20, prod_name: "pear", prod_price: 60, prod_catId: 2 },
      { id: 3, pid: 99, qty: 5, prod_id: null, prod_name: null, prod_price: null, prod_catId: null },
      { id: 4, pid: null, qty: 3, prod_id: null, prod_name: null, prod_price: null, prod_catId: null },
      { id: 5, pid: 10, qty: 1, prod_id: 10, prod_name: "apple", prod_price: 1.5, prod_catId: 1 },
    ]);
    expect(await t.count()).toBe(5);
  });

  it("select(r => [r.id, r.prod.name, r.prod.price]) names the columns prod_name, prod_price", async () => {
    expect(await linked().select((r) => [r.id, r.prod.name, r.prod.price]).collect()).toEqual([
      { id: 1, prod_name: "apple", prod_price: 1.5 },
      { id: 2, prod_name: "pear", prod_price: 60 },
      { id: 3, prod_name: null, prod_price: null },
      { id: 4, prod_name: null, prod_price: null },
      { id: 5, prod_name: "apple", prod_price: 1.5 },
    ]);
  });

  it("pointer paths in filter and derive", async () => {
    expect(await linked().filter((r) => r.prod.price > 50).select((r) => [r.id]).collect()).toEqual([{ id: 2 }]);
    const t = linked().derive((r) => ({ total: r.prod.price * r.qty, upper: r.prod.name.toUpperCase() }));
    expect(await t.select((r) => [r.id, r.total, r.upper]).collect()).toEqual([
      { id: 1, total: 3, upper: "APPLE" },
      { id: 2, total: 60, upper: "PEAR" },
      { id: 3, total: null, upper: null },
      { id: 4, total: null, upper: null },
      { id: 5, total: 1.5, upper: "APPLE" },
    ]);
  });

  it('how: "inner" drops source rows without a match, keeping the order', async () => {
    const t = orders().link(products(), (o, p) => o.pid === p.id, { as: "prod", how: "inner" });
    expect(await t.select((r) => [r.id, r.prod.name]).collect()).toEqual([
      { id: 1, prod_name: "apple" },
      { id: 2, prod_name: "pear" },
      { id: 5, prod_name: "apple" },
    ]);
    expect(await t.count()).toBe(3);
  });

  it("links chain through an earlier pointer: r.prod.catId → r.cat.name", async () => {
    const t = linked().link(cats(), (r, c) => r.prod.catId === c.id, { as: "cat" });
    expect(await t.select((r) => [r.id, r.prod.name, r.cat.name]).collect()).toEqual([
      { id: 1, prod_name: "apple", cat_name: "fruit" },
      { id: 2, prod_name: "pear", cat_name: "exotic" },
      { id: 3, prod_name: null, cat_name: null },
      { id: 4, prod_name: null, cat_name: null },
      { id: 5, prod_name: "apple", cat_name: "fruit" },
    ]);
  });

  it("a duplicated target key is an InvalidArgumentError naming the key and the value", async () => {
    const dup = products([...productRows, { id: 20, name: "pear2", price: 61, catId: 2 }]);
    const t = orders().link(dup, (o, p) => o.pid === p.id, { as: "prod" });
    await expectError(() => t.collect(), InvalidArgumentError, "INVALID_ARGUMENT", "id", "20", "unique");
    await expectError(() => t.count(), InvalidArgumentError, "INVALID_ARGUMENT", "unique");
  });

  it("composite keys (&& of equalities), NULL in one part never matches", async () => {
    const src = LTSeq.fromRows([
      { n: 1, region: "eu", sku: "a" },
      { n: 2, region: "us", sku: "a" },
      { n: 3, region: "eu", sku: "b" },
      { n: 4, region: null, sku: "a" },
    ], { schema: { n: "int64", region: "utf8", sku: "utf8" } });
    const labels = LTSeq.fromRows([
      { region: "eu", sku: "a", label: "EU-A" },
      { region: "us", sku: "a", label: "US-A" },
      { region: "us", sku: "b", label: "US-B" },
    ]);
    const t = src.link(labels, (s, l) => s.region === l.region && s.sku === l.sku, { as: "lab" });
    expect(await t.select((r) => [r.n, r.lab.label]).collect()).toEqual([
      { n: 1, lab_label: "EU-A" },
      { n: 2, lab_label: "US-A" },
      { n: 3, lab_label: null },
      { n: 4, lab_label: null },
    ]);
  });

  it("keeps the declared order: sequence operators work on pointer columns", async () => {
    const t = orders().sort("id").link(products(), (o, p) => o.pid === p.id, { as: "prod" });
    expect(t.sortKeys).toEqual([{ column: "id", desc: false }]);
    const d = t.derive((r) => ({ prev: r.prod.price.shift(1) })).select((r) => [r.id, r.prev]);
    expect(await d.collect()).toEqual([
      { id: 1, prev: null },
      { id: 2, prev: 1.5 },
      { id: 3, prev: 60 },
      { id: 4, prev: null },
      { id: 5, prev: null },
    ]);
  });

  it("keeps the source order over many rows and batches", async () => {
    const n = 50_000;
    const src = LTSeq.range(n).derive((r) => ({ k: (r.value * 7919) % 1000 }));
    const target = LTSeq.range(1000).derive((r) => ({ sq: r.value * r.value }));
    const rows = await src.link(target, (s, t) => s.k === t.value, { as: "t" }).select((r) => [r.value, r.t.sq]).collect();
    expect(rows.length).toBe(n);
    rows.forEach((row, i) => {
      const k = (i * 7919) % 1000;
      expect(row).toEqual({ value: i, t_sq: k * k });
    });
  });

  it("explain() shows the Link node", async () => {
    expect(await linked().select((r) => [r.id, r.prod.name]).explain()).toMatch(/Link/);
  });

  it("bad arguments are clear errors", async () => {
    await expectError(() => orders().link(products(), (o, p) => o.pid === p.id, {} as never), InvalidArgumentError, "INVALID_ARGUMENT", "as");
    await expectError(() => orders().link(products(), (o, p) => o.pid > p.id, { as: "prod" }), InvalidArgumentError, "INVALID_ARGUMENT", "===");
    await expectError(() => orders().link(products(), (o, p) => o.pid === p.id, { as: "prod", how: "outer" as never }), InvalidArgumentError, "INVALID_ARGUMENT", "how");
    await expectError(() => orders().link({} as never, (o: any, p: any) => o.pid === p.id, { as: "prod" }), InvalidArgumentError, "INVALID_ARGUMENT", "LTSeq");
    await expectError(
      () => orders().link(products(), (o, p) => (o as any).nope === p.id, { as: "prod" }),
      ColumnNotFoundError, "COLUMN_NOT_FOUND", "nope", "pid",
    );
    await expectError(
      () => orders().link(products(), (o, p) => o.pid === (p as any).nope, { as: "prod" }),
      ColumnNotFoundError, "COLUMN_NOT_FOUND", "nope", "name",
    );
    await expectError(() => linked().select((r) => [(r.prod as any).nope]).collect(), ColumnNotFoundError, "COLUMN_NOT_FOUND", "prod_nope", "prod_name");
  });
});
