/**
 * Property test for `link` (API.md §9): on seeded random tables, a link followed by a projection
 * equals a left join followed by the same projection — row for row, in the source's order (the
 * join result is put back in source order by the source's unique `i`, which the join does not
 * promise). Keys include NULLs (never matching), missing targets, and composite keys; a chained
 * link is checked against two joins. Plus the order-keeping semi/anti joins against a TS filter.
 */
import { describe, expect, it } from "vitest";
import { LTSeq } from "ltseq";
import { mulberry32 } from "./prng.js";

type Src = { i: number; k: number | null; g: string | null; w: number };
type Tgt = { id: number; g: string; name: string; price: number | null; cat: number | null };

function generate(seed: number, n: number, m: number) {
  const rand = mulberry32(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
  // Target: unique (id, g) pairs and unique id; ids spread over [0, 2m) so some source keys miss.
  const ids = [...new Set(Array.from({ length: m }, () => Math.floor(rand() * 2 * m)))];
  const target: Tgt[] = ids.map((id) => ({
    id, g: pick(["a", "b"]), name: `n${id}`, price: rand() < 0.1 ? null : Math.floor(rand() * 1000) / 4, cat: rand() < 0.1 ? null : Math.floor(rand() * 5),
  }));
  const source: Src[] = Array.from({ length: n }, (_, i) => ({
    i, k: rand() < 0.08 ? null : Math.floor(rand() * 2 * m), g: rand() < 0.05 ? null : pick(["a", "b"]), w: Math.floor(rand() * 100),
  }));
  return { source, target };
}

const SRC = { schema: { i: "int64", k: "int64", g: "utf8", w: "int64" } } as const;
const TGT = { schema: { id: "int64", g: "utf8", name: "utf8", price: "float64", cat: "int64" } } as const;
const CASES: [seed: number, n: number, m: number][] = [[1, 0, 5], [2, 1, 1], [3, 50, 10], [4, 3000, 400], [5, 20000, 3000]];
const byI = <T extends { i: number }>(rows: T[]): T[] => [...rows].sort((a, b) => a.i - b.i);

describe("link equals a left join followed by the same projection", () => {
  it.each(CASES)("seed %i: %i rows → %i targets", async (seed, n, m) => {
    const { source, target } = generate(seed, n, m);
    const s = LTSeq.fromRows<Src>(source, SRC);
    const t = LTSeq.fromRows<Tgt>(target, TGT);
    const linked = await s.link(t, (a, b) => a.k === b.id, { as: "p" }).select((r) => [r.i, r.w, r.p.name, r.p.price]).collect();
    const joined = await s.join(t, (a, b) => a.k === b.id, { how: "left" })
      .select((r) => ({ i: r.i, w: r.w, p_name: r.name, p_price: r.price })).collect();
    expect(linked.map((r) => r.i)).toEqual(source.map((r) => r.i)); // every source row once, in order
    expect(linked).toEqual(byI(joined));
    // A plain TypeScript lookup agrees too.
    const byId = new Map(target.map((x) => [x.id, x]));
    expect(linked).toEqual(source.map((r) => {
      const hit = r.k === null ? undefined : byId.get(r.k);
      return { i: r.i, w: r.w, p_name: hit?.name ?? null, p_price: hit?.price ?? null };
    }));
  });

  it.each(CASES)("seed %i: composite keys and a chained link", async (seed, n, m) => {
    const { source, target } = generate(seed + 100, n, m);
    const s = LTSeq.fromRows<Src>(source, SRC);
    const t = LTSeq.fromRows<Tgt>(target, TGT);
    const cats = LTSeq.fromRows([0, 1, 2, 3].map((c) => ({ c, label: `cat${c}` })));
    const linked = await s.link(t, (a, b) => a.k === b.id && a.g === b.g, { as: "p" })
      .link(cats, (r, c) => r.p.cat === c.c, { as: "c" })
      .select((r) => [r.i, r.p.name, r.c.label]).collect();
    const joined = await s.join(t, (a, b) => a.k === b.id && a.g === b.g, { how: "left" })
      .join(cats, (r, c) => r.cat === c.c, { how: "left" })
      .select((r) => ({ i: r.i, p_name: r.name, c_label: r.label })).collect();
    expect(linked).toEqual(byI(joined));
  });

  it.each(CASES)("seed %i: semiJoin/antiJoin keep order and equal a filter", async (seed, n, m) => {
    const { source, target } = generate(seed + 200, n, m);
    const s = LTSeq.fromRows<Src>(source, SRC);
    const t = LTSeq.fromRows<Tgt>(target, TGT);
    const ids = new Set(target.map((x) => x.id));
    const semi = await s.semiJoin(t, (a, b) => a.k === b.id).select((r) => [r.i]).collect();
    const anti = await s.antiJoin(t, (a, b) => a.k === b.id).select((r) => [r.i]).collect();
    expect(semi.map((r) => r.i)).toEqual(source.filter((r) => r.k !== null && ids.has(r.k)).map((r) => r.i));
    expect(anti.map((r) => r.i)).toEqual(source.filter((r) => r.k === null || !ids.has(r.k)).map((r) => r.i));
  });
});
