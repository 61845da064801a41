/**
 * API.md §7: `searchPattern([step1, step2, ...], { partitionBy })` keeps the rows `i` where step `k`
 * holds at row `i + k` for every step, all in one partition (a match never crosses a partition
 * boundary); matches may overlap; a NULL step result is no match. It runs as the `PatternSearch`
 * plan node: lazy, shown by explain(), composable with later transforms, and `count()` counts
 * without building the matched rows. Literal inputs, literal expected rows; one larger input checks
 * matches that straddle the engine's record batches against a plain JavaScript search.
 */
import { describe, expect, it } from "vitest";
import { ColumnNotFoundError, InvalidArgumentError, LTSeq, SortRequiredError, TypeMismatchError } from "ltseq";
import { expectError } from "./helpers.js";

type C = { user: number; t: number; url: string | null };
/** Given shuffled, so `sort` does the work. By (user, t): user 1 = /a /b /c /a · user 2 = /b /c /a · user 3 = /a /a /b NULL /b /c. */
const clicks = () =>
  LTSeq.fromRows<C>(
    [
      { user: 3, t: 8, url: "/a" },
      { user: 1, t: 0, url: "/a" },
      { user: 2, t: 5, url: "/c" },
      { user: 1, t: 2, url: "/c" },
      { user: 3, t: 11, url: "/b" },
      { user: 1, t: 1, url: "/b" },
      { user: 3, t: 9, url: "/b" },
      { user: 2, t: 4, url: "/b" },
      { user: 1, t: 3, url: "/a" },
      { user: 3, t: 10, url: null },
      { user: 2, t: 6, url: "/a" },
      { user: 3, t: 7, url: "/a" },
      { user: 3, t: 12, url: "/c" },
    ],
    { schema: { user: "int64", t: "int64", url: "utf8" } },
  );
const byUser = () => clicks().sort("user", "t");

describe("searchPattern", () => {
  it("finds the start row of each match, in the declared order", async () => {
    // User 3's /a /b is followed by NULL, not /c.
    const m = byUser().searchPattern([(r) => r.url === "/a", (r) => r.url === "/b", (r) => r.url === "/c"], { partitionBy: "user" });
    expect(await m.collect()).toEqual([{ user: 1, t: 0, url: "/a" }]);
    expect(await m.count()).toBe(1);
    expect(m.sortKeys).toEqual([{ column: "user", desc: false }, { column: "t", desc: false }]);
  });

  it("matches never cross a partition boundary; without partitionBy they may", async () => {
    // User 1 ends with /a, user 2 starts with /b /c.
    const within = byUser().searchPattern([(r) => r.url === "/a", (r) => r.url === "/b"], { partitionBy: "user" });
    expect(await within.select("user", "t").collect()).toEqual([{ user: 1, t: 0 }, { user: 3, t: 8 }]);
    const across = byUser().searchPattern([(r) => r.url === "/a", (r) => r.url === "/b", (r) => r.url === "/c"]);
    expect(await across.select("user", "t").collect()).toEqual([{ user: 1, t: 0 }, { user: 1, t: 3 }]);
    expect(await across.count()).toBe(2);
  });

  it("overlapping matches are all reported", async () => {
    const t = LTSeq.fromRows([1, 1, 1, 0, 1, 1].map((v, i) => ({ i, v }))).sort("i");
    expect(await t.searchPattern([(r) => r.v === 1, (r) => r.v === 1]).select("i").collect()).toEqual([{ i: 0 }, { i: 1 }, { i: 4 }]);
    expect(await t.searchPattern([(r) => r.v === 1, (r) => r.v === 1, (r) => r.v === 1]).count()).toBe(1);
    // One step is a filter; more steps than rows is no match.
    expect(await t.searchPattern([(r) => r.v === 0]).select("i").collect()).toEqual([{ i: 3 }]);
    const any = t.searchPattern([(r) => r.v >= 0, (r) => r.v >= 0, (r) => r.v >= 0, (r) => r.v >= 0, (r) => r.v >= 0, (r) => r.v >= 0, (r) => r.v >= 0]);
    expect(await any.count()).toBe(0);
    expect(await any.collect()).toEqual([]);
  });

  it("a NULL step result is no match", async () => {
    // User 3's /a /b NULL: NULL !== "/a" is NULL, so only user 1's /a /b /c matches.
    const m = byUser().searchPattern([(r) => r.url === "/a", (r) => r.url === "/b", (r) => r.url !== "/a"], { partitionBy: "user" });
    expect(await m.select("user", "t").collect()).toEqual([{ user: 1, t: 0 }]);
    const n = byUser().searchPattern([(r) => r.url === "/b", (r) => r.url === null], { partitionBy: "user" });
    expect(await n.select("user", "t").collect()).toEqual([{ user: 3, t: 9 }]);
  });

  it("steps may use sequence operators", async () => {
    // /a, then /b at most 1 s after the previous click, then /c.
    const m = byUser().searchPattern(
      [(r) => r.url === "/a", (r) => r.url === "/b" && r.t - r.t.shift(1) <= 1, (r) => r.url === "/c"],
      { partitionBy: "user" },
    );
    expect(await m.select("user", "t").collect()).toEqual([{ user: 1, t: 0 }]);
    expect(await m.count()).toBe(1);
    // A step reading the next row itself: /b followed by /c, then that /c.
    const ahead = byUser().searchPattern([(r) => r.url === "/b" && r.url.shift(-1) === "/c", (r) => r.url === "/c"], { partitionBy: "user" });
    expect(await ahead.select("user", "t").collect()).toEqual([{ user: 1, t: 1 }, { user: 2, t: 4 }, { user: 3, t: 11 }]);
  });

  it("composes with later transforms: filter, derive, count", async () => {
    const m = byUser().searchPattern([(r) => r.url === "/a", (r) => r.url === "/b"], { partitionBy: "user" });
    const later = m.filter((r) => r.user > 1).derive((r) => ({ t2: r.t * 2 }));
    expect(await later.collect()).toEqual([{ user: 3, t: 8, url: "/a", t2: 16 }]);
    expect(await later.count()).toBe(1);
    // A search over the matches: user 1's match directly followed by user 3's.
    expect(await m.searchPattern([(r) => r.user === 1, (r) => r.user === 3]).count()).toBe(1);
  });

  it("partitions outside the declared order: each partition in that order, result in the table's order", async () => {
    const byTime = clicks().sort("t");
    const m = byTime.searchPattern([(r) => r.url === "/b", (r) => r.url === "/c"], { partitionBy: "user" });
    expect(await m.select("user", "t").collect()).toEqual([{ user: 1, t: 1 }, { user: 2, t: 4 }, { user: 3, t: 11 }]);
    expect(m.sortKeys).toEqual([{ column: "t", desc: false }]);
    // Interleaved partitions: even t = /a /c /b /a /a NULL /c, odd t = /b /a /c /a /b /b.
    const parity = byTime.derive((r) => ({ even: r.t % 2 === 0 }));
    const p = parity.searchPattern([(r) => r.url === "/a", (r) => r.url === "/c"], { partitionBy: "even" });
    expect(await p.select("t").collect()).toEqual([{ t: 0 }, { t: 3 }]);
    expect(await p.count()).toBe(2);
    const both = parity.searchPattern([(r) => r.url === "/a", (r) => r.url === "/c"], { partitionBy: ["user", "even"] });
    expect(await both.select("t").collect()).toEqual([{ t: 0 }]);
  });

  it("is a plan node: lazy and visible in explain()", async () => {
    const m = byUser().searchPattern([(r) => r.url === "/a", (r) => r.url === "/b"], { partitionBy: "user" });
    const text = await m.explain();
    expect(text).toContain("PatternSearch: partition_by=[");
    expect(text).toContain("PatternSearchExec");
  });

  it("matches that straddle record batches agree with a plain search", async () => {
    // 50,000 rows come out of the sort in 8192-row batches; users of 7 clicks.
    const urls = ["/a", "/b", "/c", "/d"];
    const pick = (i: number) => {
      let h = Math.imul(i + 1, 0x9e3779b1);
      h ^= h >>> 15;
      h = Math.imul(h, 0x85ebca6b);
      h ^= h >>> 13;
      return urls[(h >>> 0) % 4];
    };
    const rows = Array.from({ length: 50_000 }, (_, i) => ({ i, user: Math.floor(i / 7), url: pick(i) }));
    const want: number[] = [];
    for (let i = 0; i + 2 < rows.length; i++) {
      if (rows[i].user === rows[i + 2].user && rows[i].url === "/a" && rows[i + 1].url === "/b" && rows[i + 2].url === "/c") want.push(i);
    }
    expect(want.length).toBeGreaterThan(100);
    const t = LTSeq.fromRows(rows.slice().reverse()).sort("i");
    const m = t.searchPattern([(r) => r.url === "/a", (r) => r.url === "/b", (r) => r.url === "/c"], { partitionBy: "user" });
    expect((await m.select("i").collect()).map((r) => r.i)).toEqual(want);
    expect(await m.count()).toBe(want.length);
  });

  it("errors name the problem", async () => {
    await expectError(() => byUser().searchPattern([]), InvalidArgumentError, "INVALID_ARGUMENT", "non-empty");
    // @ts-expect-error — no column "nope"
    await expectError(() => byUser().searchPattern([(r) => r.url === "/a"], { partitionBy: "nope" }), ColumnNotFoundError, "COLUMN_NOT_FOUND", "nope");
    // @ts-expect-error — searchPattern needs an ordered table
    await expectError(() => clicks().searchPattern([(r) => r.url === "/a", (r) => r.url === "/b"]), SortRequiredError, "SORT_REQUIRED", "searchPattern");
    // @ts-expect-error — a step must be a condition
    await expectError(() => byUser().searchPattern([(r) => r.url === "/a", (r) => r.t]), TypeMismatchError, "TYPE_MISMATCH", "step 2");
  });
});
