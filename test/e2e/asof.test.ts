/**
 * API.md §9 `asofJoin`: `>=` backward, `>` strictly backward, `<=` forward, `<` strictly forward,
 * `strategy: "nearest"` (ties go backward), `by` groups, all left rows kept, NULL times and keys
 * never match, integer/float/date/timestamp keys. The output order is not promised, so results are
 * compared sorted.
 */
import { describe, expect, it } from "vitest";
import { ColumnNotFoundError, InvalidArgumentError, LTSeq } from "ltseq";
import { byJson, expectError } from "./helpers.js";

type Trade = { id: number; sym: string | null; t: number | null };
const trades = () => LTSeq.fromRows<Trade>([
  { id: 1, sym: "A", t: 1 }, { id: 2, sym: "A", t: 5 }, { id: 3, sym: "A", t: 10 },
  { id: 4, sym: "B", t: 2 }, { id: 5, sym: "C", t: 3 }, { id: 6, sym: "A", t: 0 },
  { id: 7, sym: null, t: 5 }, { id: 8, sym: "A", t: null },
], { schema: { id: "int64", sym: "utf8", t: "int64" } });
type Quote = { sym: string | null; t: number; px: number };
const quotes = () => LTSeq.fromRows<Quote>([
  { sym: "A", t: 1, px: 100 }, { sym: "A", t: 4, px: 101 }, { sym: "A", t: 7, px: 102 }, { sym: "B", t: 5, px: 200 },
  { sym: null, t: 5, px: 999 },
], { schema: { sym: "utf8", t: "int64", px: "int64" } });

/** id → matched px (null = no match), as rows of the join's select. */
async function matches(t: LTSeq<{ id: number; px: number | null }>): Promise<Record<number, number | null>> {
  const rows = await t.collect();
  expect(rows.length).toBe(8); // every left row, once
  return Object.fromEntries(rows.map((r) => [r.id, r.px]));
}

describe("asofJoin", () => {
  it(">= backward by symbol: the last quote at or before the trade", async () => {
    const t = trades().asofJoin(quotes(), (tr, q) => tr.t >= q.t, { by: "sym" });
    expect(t.columns).toEqual(["id", "sym", "t", "sym_right", "t_right", "px"]);
    expect(byJson(await t.collect())).toEqual(byJson([
      { id: 1, sym: "A", t: 1, sym_right: "A", t_right: 1, px: 100 },
      { id: 2, sym: "A", t: 5, sym_right: "A", t_right: 4, px: 101 },
      { id: 3, sym: "A", t: 10, sym_right: "A", t_right: 7, px: 102 },
      { id: 4, sym: "B", t: 2, sym_right: null, t_right: null, px: null },
      { id: 5, sym: "C", t: 3, sym_right: null, t_right: null, px: null },
      { id: 6, sym: "A", t: 0, sym_right: null, t_right: null, px: null },
      { id: 7, sym: null, t: 5, sym_right: null, t_right: null, px: null },
      { id: 8, sym: "A", t: null, sym_right: null, t_right: null, px: null },
    ]));
  });

  // Lambdas stay inline in the asofJoin call, where the transformer compiles them.
  const px = (t: LTSeq<Trade & { px: number | null }>) => matches(t.select((r) => [r.id, r.px]));

  it("> strictly backward excludes equal times", async () => {
    expect(await px(trades().asofJoin(quotes(), (tr, q) => tr.t > q.t, { by: "sym" }))).toEqual({ 1: null, 2: 101, 3: 102, 4: null, 5: null, 6: null, 7: null, 8: null });
  });
  it("<= forward: the first quote at or after", async () => {
    expect(await px(trades().asofJoin(quotes(), (tr, q) => tr.t <= q.t, { by: "sym" }))).toEqual({ 1: 100, 2: 102, 3: null, 4: 200, 5: null, 6: 100, 7: null, 8: null });
  });
  it("< strictly forward", async () => {
    expect(await px(trades().asofJoin(quotes(), (tr, q) => tr.t < q.t, { by: "sym" }))).toEqual({ 1: 101, 2: 102, 3: null, 4: 200, 5: null, 6: 100, 7: null, 8: null });
  });
  it("the condition may be written right side first", async () => {
    expect(await px(trades().asofJoin(quotes(), (tr, q) => q.t <= tr.t, { by: "sym" }))).toEqual({ 1: 100, 2: 101, 3: 102, 4: null, 5: null, 6: null, 7: null, 8: null });
  });
  it('strategy "nearest" takes the closer quote on either side', async () => {
    expect(await px(trades().asofJoin(quotes(), (tr, q) => tr.t >= q.t, { by: "sym", strategy: "nearest" }))).toEqual({ 1: 100, 2: 101, 3: 102, 4: 200, 5: null, 6: 100, 7: null, 8: null });
  });

  it('"nearest" ties in distance go backward; without by every right row is a candidate', async () => {
    const l = LTSeq.fromRows([{ t: 5 }, { t: 8 }, { t: 12 }]);
    const r = LTSeq.fromRows([{ t: 4, q: "a" }, { t: 6, q: "b" }, { t: 9, q: "c" }]);
    const out = await l.asofJoin(r, (x, y) => x.t <= y.t, { strategy: "nearest" }).select((x) => [x.t, x.q]).collect();
    expect(byJson(out)).toEqual(byJson([{ t: 5, q: "a" }, { t: 8, q: "c" }, { t: 12, q: "c" }]));
  });

  it("float, date and timestamp keys", async () => {
    const fl = LTSeq.fromRows([{ t: 1.5 }, { t: 2.25 }]);
    const fr = LTSeq.fromRows([{ t: 1.0, q: "x" }, { t: 2.0, q: "y" }, { t: 2.5, q: "z" }]);
    expect(byJson(await fl.asofJoin(fr, (a, b) => a.t >= b.t).select((r) => [r.t, r.q]).collect()))
      .toEqual(byJson([{ t: 1.5, q: "x" }, { t: 2.25, q: "y" }]));
    const d = (n: number) => new Date(Date.UTC(2024, 0, n));
    const dl = LTSeq.fromRows([{ day: d(3) }, { day: d(10) }], { schema: { day: "date32" } });
    const dr = LTSeq.fromRows([{ day: d(1), q: "jan1" }, { day: d(5), q: "jan5" }], { schema: { day: "date32", q: "utf8" } });
    expect(byJson(await dl.asofJoin(dr, (a, b) => a.day >= b.day).select((r) => [r.day, r.q]).collect()))
      .toEqual(byJson([{ day: d(3), q: "jan1" }, { day: d(10), q: "jan5" }]));
    const ts = (ms: number) => new Date(Date.UTC(2024, 0, 1, 9, 30, 0, ms));
    const tl = LTSeq.fromRows([{ at: ts(500) }, { at: ts(0) }]);
    const tr = LTSeq.fromRows([{ at: ts(100), q: "a" }, { at: ts(400), q: "b" }]);
    expect(byJson(await tl.asofJoin(tr, (a, b) => a.at <= b.at).select((r) => [r.at, r.q]).collect()))
      .toEqual(byJson([{ at: ts(500), q: null }, { at: ts(0), q: "a" }]));
  });

  it("crosses many batches on both sides (streaming merge)", async () => {
    const n = 30_000;
    const l = LTSeq.range(n).derive((r) => ({ g: r.value % 3, t: r.value * 2 + 1 }));
    const r = LTSeq.range(n).derive((x) => ({ g: x.value % 3, t: x.value * 2, q: x.value }));
    const out = await l.asofJoin(r, (a, b) => a.t >= b.t, { by: "g" }).select((x) => [x.value, x.q]).collect();
    expect(out.length).toBe(n);
    // left t = 2v+1 in group v%3; the latest right t = 2w <= 2v+1 with w%3 == v%3 is w = v.
    for (const row of out) expect(row.q).toBe(row.value);
  });

  it("bad arguments", async () => {
    await expectError(() => trades().asofJoin(quotes(), (a, b) => a.t === b.t), InvalidArgumentError, "INVALID_ARGUMENT", ">=");
    await expectError(() => trades().asofJoin(quotes(), (a, b) => a.t >= b.t, { strategy: "forward" }), InvalidArgumentError, "INVALID_ARGUMENT", "contradicts");
    await expectError(() => trades().asofJoin(quotes(), (a, b) => a.t >= b.t, { strategy: "sideways" as never }), InvalidArgumentError, "INVALID_ARGUMENT", "nearest");
    await expectError(() => trades().asofJoin(quotes(), (a, b) => a.t >= b.t, { by: "nope" }), ColumnNotFoundError, "COLUMN_NOT_FOUND", "nope");
  });
});
