/**
 * API.md §9 joins: `join` (inner/left/right/full, composite keys, suffixes, fan-out, NULL keys never
 * match), `semiJoin`/`antiJoin` (order kept, each left row at most once). Join output order is not
 * promised (the declared order is cleared), so those results are compared sorted.
 */
import { describe, expect, it } from "vitest";
import { ColumnNotFoundError, InvalidArgumentError, LTSeq } from "ltseq";
import { byJson, expectError } from "./helpers.js";

const schema = { schema: { id: "int64", v: "utf8" } } as const;
const a = () => LTSeq.fromRows([
  { id: 1, v: "a1" }, { id: 2, v: "a2" }, { id: 2, v: "a2b" }, { id: null, v: "an" }, { id: 4, v: "a4" },
] as { id: number | null; v: string }[], schema);
const b = () => LTSeq.fromRows([
  { id: 2, v: "b2" }, { id: 2, v: "b2b" }, { id: 3, v: "b3" }, { id: null, v: "bn" }, { id: 1, v: "b1" },
] as { id: number | null; v: string }[], schema);

const inner = [
  { id: 1, v: "a1", id_right: 1, v_right: "b1" },
  { id: 2, v: "a2", id_right: 2, v_right: "b2" },
  { id: 2, v: "a2", id_right: 2, v_right: "b2b" },
  { id: 2, v: "a2b", id_right: 2, v_right: "b2" },
  { id: 2, v: "a2b", id_right: 2, v_right: "b2b" },
];
const leftOnly = [
  { id: null, v: "an", id_right: null, v_right: null },
  { id: 4, v: "a4", id_right: null, v_right: null },
];
const rightOnly = [
  { id: null, v: null, id_right: 3, v_right: "b3" },
  { id: null, v: null, id_right: null, v_right: "bn" },
];

describe("join", () => {
  it("inner (default): one-to-many fans out, NULL keys never match, colliding names get _right", async () => {
    const t = a().join(b(), (x, y) => x.id === y.id);
    expect(t.columns).toEqual(["id", "v", "id_right", "v_right"]);
    expect(byJson(await t.collect())).toEqual(byJson(inner));
    expect(t.sortKeys).toEqual([]);
  });

  it("left, right and full keep the unmatched rows of their side with NULLs", async () => {
    expect(byJson(await a().join(b(), (x, y) => x.id === y.id, { how: "left" }).collect())).toEqual(byJson([...inner, ...leftOnly]));
    expect(byJson(await a().join(b(), (x, y) => x.id === y.id, { how: "right" }).collect())).toEqual(byJson([...inner, ...rightOnly]));
    expect(byJson(await a().join(b(), (x, y) => x.id === y.id, { how: "full" }).collect())).toEqual(byJson([...inner, ...leftOnly, ...rightOnly]));
    expect(await a().join(b(), (x, y) => x.id === y.id, { how: "full" }).count()).toBe(9);
  });

  it("a custom suffix; names that do not collide stay as they are", async () => {
    const prices = LTSeq.fromRows([{ key: 1, v: "p1", price: 9.5 }]);
    const t = a().join(prices, (x, y) => x.id === y.key, { suffix: "_p" });
    expect(t.columns).toEqual(["id", "v", "key", "v_p", "price"]);
    expect(await t.collect()).toEqual([{ id: 1, v: "a1", key: 1, v_p: "p1", price: 9.5 }]);
  });

  it("composite keys, written either way round", async () => {
    const l = LTSeq.fromRows([{ r: "eu", s: "a", n: 1 }, { r: "eu", s: "b", n: 2 }, { r: "us", s: "a", n: 3 }]);
    const m = LTSeq.fromRows([{ region: "eu", sku: "a", w: 10 }, { region: "us", sku: "a", w: 30 }, { region: "us", sku: "b", w: 40 }]);
    const t = l.join(m, (x, y) => y.region === x.r && x.s === y.sku).select((r) => [r.n, r.w]);
    expect(byJson(await t.collect())).toEqual(byJson([{ n: 1, w: 10 }, { n: 3, w: 30 }]));
  });

  it("bad arguments", async () => {
    await expectError(() => a().join(b(), (x, y) => x.id === y.id, { how: "outer" as never }), InvalidArgumentError, "INVALID_ARGUMENT", "how", "inner", "full");
    await expectError(() => a().join(b(), (x, y) => x.id > y.id), InvalidArgumentError, "INVALID_ARGUMENT", "===");
    await expectError(() => a().join(b(), (x, y) => x.id === (y as any).nope), ColumnNotFoundError, "COLUMN_NOT_FOUND", "nope");
    await expectError(() => a().join(b(), (x, y) => x.id === y.id, { suffix: "" as never }), InvalidArgumentError, "INVALID_ARGUMENT", "suffix");
  });
});

describe("semiJoin / antiJoin", () => {
  it("semiJoin keeps left rows with a match, once each, in order", async () => {
    expect(await a().semiJoin(b(), (x, y) => x.id === y.id).collect()).toEqual([
      { id: 1, v: "a1" }, { id: 2, v: "a2" }, { id: 2, v: "a2b" },
    ]);
  });

  it("antiJoin keeps left rows without a match; a NULL key never matches, so it stays", async () => {
    expect(await a().antiJoin(b(), (x, y) => x.id === y.id).collect()).toEqual([{ id: null, v: "an" }, { id: 4, v: "a4" }]);
  });

  it("keep the declared order and compose with later transforms", async () => {
    const t = a().sort("v", { desc: true }).semiJoin(b(), (x, y) => x.id === y.id);
    expect(t.sortKeys).toEqual([{ column: "v", desc: true }]);
    expect(await t.collect()).toEqual([{ id: 2, v: "a2b" }, { id: 2, v: "a2" }, { id: 1, v: "a1" }]);
    expect(await t.filter((r) => r.id === 2).count()).toBe(2);
  });

  it("different key names on each side", async () => {
    const keys = LTSeq.fromRows([{ key: 4 }, { key: 4 }, { key: 7 }]);
    expect(await a().semiJoin(keys, (x, k) => x.id === k.key).collect()).toEqual([{ id: 4, v: "a4" }]);
  });
});
