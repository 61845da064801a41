/**
 * API.md §8: `t.pivot({ index, columns, values, agg })`, literal inputs and literal expected rows.
 * Decided in docs/grouping.md: one row per distinct index of the input (NULL is a key, sorted
 * last), one column per distinct non-NULL value of `columns` in ascending order (or `columnValues`
 * in their order), named `String(value)`; cells skip NULL values; missing combinations are NULL,
 * except `count` (non-NULL values), which gives 0. Without `columnValues` the call itself reads the
 * distinct values.
 */
import { describe, expect, it } from "vitest";
import {
  ColumnNotFoundError, InvalidArgumentError, IoError, LTSeq, SchemaMismatchError, TypeMismatchError,
} from "ltseq";
import { expectError, iota, tmpFile } from "./helpers.js";

type Sale = { region: string | null; city: string; year: number | null; amount: number | null; ok: boolean; day: Date };
const day = (n: number) => new Date(Date.UTC(2024, 0, n));
const schema = { region: "utf8", city: "utf8", year: "int64", amount: "int64", ok: "bool", day: "date32" } as const;
const sales = () =>
  LTSeq.fromRows<Sale>(
    [
      { region: "east", city: "A", year: 2023, amount: 10, ok: true, day: day(2) },
      { region: "west", city: "B", year: 2023, amount: 5, ok: false, day: day(1) },
      { region: "east", city: "A", year: 2024, amount: 7, ok: true, day: day(1) },
      { region: "east", city: "C", year: 2023, amount: 1, ok: false, day: day(2) },
      { region: "west", city: "B", year: 2024, amount: 20, ok: true, day: day(2) },
      { region: null, city: "D", year: 2024, amount: 3, ok: true, day: day(1) },
      { region: "west", city: "B", year: null, amount: 8, ok: false, day: day(1) },
      { region: "east", city: "A", year: 2024, amount: null, ok: true, day: day(2) },
      { region: "north", city: "E", year: null, amount: 4, ok: true, day: day(3) },
    ],
    { schema },
  );
const byYear = (agg: "sum" | "mean" | "count" | "min" | "max") => sales().pivot({ index: "region", columns: "year", values: "amount", agg });

describe("pivot: each aggregate", () => {
  it("sum: NULL amounts are skipped, missing combinations are NULL, NULL years are no column", async () => {
    const p = byYear("sum");
    expect(p.schema).toEqual({ region: "utf8", 2023: "int64", 2024: "int64" });
    expect(p.columns).toEqual(["region", "2023", "2024"]);
    expect(await p.collect()).toEqual([
      { region: "east", 2023: 11, 2024: 7 },
      { region: "north", 2023: null, 2024: null },
      { region: "west", 2023: 5, 2024: 20 },
      { region: null, 2023: null, 2024: 3 },
    ]);
  });

  it("mean is float64", async () => {
    const p = byYear("mean");
    expect(p.schema).toEqual({ region: "utf8", 2023: "float64", 2024: "float64" });
    expect(await p.collect()).toEqual([
      { region: "east", 2023: 5.5, 2024: 7 },
      { region: "north", 2023: null, 2024: null },
      { region: "west", 2023: 5, 2024: 20 },
      { region: null, 2023: null, 2024: 3 },
    ]);
  });

  it("count counts non-NULL values, 0 where there are none", async () => {
    const p = byYear("count");
    expect(p.schema).toEqual({ region: "utf8", 2023: "int64", 2024: "int64" });
    expect(await p.collect()).toEqual([
      { region: "east", 2023: 2, 2024: 1 },
      { region: "north", 2023: 0, 2024: 0 },
      { region: "west", 2023: 1, 2024: 1 },
      { region: null, 2023: 0, 2024: 1 },
    ]);
  });

  it("min and max keep the values' type", async () => {
    expect(await byYear("min").collect()).toEqual([
      { region: "east", 2023: 1, 2024: 7 },
      { region: "north", 2023: null, 2024: null },
      { region: "west", 2023: 5, 2024: 20 },
      { region: null, 2023: null, 2024: 3 },
    ]);
    expect(await byYear("max").collect()).toEqual([
      { region: "east", 2023: 10, 2024: 7 },
      { region: "north", 2023: null, 2024: null },
      { region: "west", 2023: 5, 2024: 20 },
      { region: null, 2023: null, 2024: 3 },
    ]);
    const latest = sales().pivot({ index: "region", columns: "ok", values: "day", agg: "max" });
    expect(latest.schema).toEqual({ region: "utf8", false: "date32", true: "date32" });
    expect(await latest.collect()).toEqual([
      { region: "east", false: day(2), true: day(2) },
      { region: "north", false: null, true: day(3) },
      { region: "west", false: day(1), true: day(2) },
      { region: null, false: null, true: day(1) },
    ]);
  });
});

describe("pivot: shape", () => {
  it("several index columns, sorted ascending column by column", async () => {
    const p = sales().pivot({ index: ["region", "city"], columns: "year", values: "amount", agg: "sum" });
    expect(p.columns).toEqual(["region", "city", "2023", "2024"]);
    expect(await p.collect()).toEqual([
      { region: "east", city: "A", 2023: 10, 2024: 7 },
      { region: "east", city: "C", 2023: 1, 2024: null },
      { region: "north", city: "E", 2023: null, 2024: null },
      { region: "west", city: "B", 2023: 5, 2024: 20 },
      { region: null, city: "D", 2023: null, 2024: 3 },
    ]);
  });

  it("columnValues fix the columns and their order; absent values give NULL (0 for count)", async () => {
    const p = sales().pivot({ index: "region", columns: "year", values: "amount", agg: "sum", columnValues: [2024, 2022, 2023] });
    expect(p.columns).toEqual(["region", "2024", "2022", "2023"]);
    expect(await p.collect()).toEqual([
      { region: "east", 2024: 7, 2022: null, 2023: 11 },
      { region: "north", 2024: null, 2022: null, 2023: null },
      { region: "west", 2024: 20, 2022: null, 2023: 5 },
      { region: null, 2024: 3, 2022: null, 2023: null },
    ]);
    const c = sales().pivot({ index: "city", columns: "region", values: "amount", agg: "count", columnValues: ["west", "south"] });
    expect(await c.collect()).toEqual([
      { city: "A", west: 0, south: 0 },
      { city: "B", west: 3, south: 0 },
      { city: "C", west: 0, south: 0 },
      { city: "D", west: 0, south: 0 },
      { city: "E", west: 0, south: 0 },
    ]);
  });

  it("column names: strings, numbers, booleans, dates (yyyy-mm-dd), timestamps (ISO)", async () => {
    expect(sales().pivot({ index: "city", columns: "region", values: "amount", agg: "sum" }).columns).toEqual(["city", "east", "north", "west"]);
    expect(sales().pivot({ index: "city", columns: "ok", values: "amount", agg: "sum" }).columns).toEqual(["city", "false", "true"]);
    const byDay = sales().pivot({ index: "region", columns: "day", values: "amount", agg: "sum" });
    expect(byDay.columns).toEqual(["region", "2024-01-01", "2024-01-02", "2024-01-03"]);
    expect((await byDay.collect())[0]).toEqual({ region: "east", "2024-01-01": 7, "2024-01-02": 11, "2024-01-03": null });
    const f = LTSeq.fromRows([{ k: 1, x: 2.5, v: 1 }, { k: 1, x: 2, v: 2 }, { k: 2, x: -0.5, v: 3 }], { schema: { k: "int64", x: "float64", v: "int64" } });
    expect(await f.pivot({ index: "k", columns: "x", values: "v", agg: "sum" }).collect()).toEqual([
      { k: 1, "-0.5": null, 2: 2, 2.5: 1 },
      { k: 2, "-0.5": 3, 2: null, 2.5: null },
    ]);
    const ts = LTSeq.fromRows([{ k: 1, at: new Date(Date.UTC(2024, 0, 1, 10, 5, 6, 789)), v: 1 }], { schema: { k: "int64", at: "timestamp", v: "int64" } });
    expect(ts.pivot({ index: "k", columns: "at", values: "v", agg: "sum" }).columns).toEqual(["k", "2024-01-01T10:05:06.789Z"]);
    const odd = LTSeq.fromRows([{ k: 1, c: "a.b", v: 1 }, { k: 1, c: "x y", v: 2 }, { k: 1, c: "", v: 3 }]);
    expect(await odd.pivot({ index: "k", columns: "c", values: "v", agg: "sum" }).collect()).toEqual([{ k: 1, "": 3, "a.b": 1, "x y": 2 }]);
  });

  it("columnValues of every kind: Dates or yyyy-mm-dd for dates, booleans, bigints", async () => {
    const d = sales().pivot({ index: "region", columns: "day", values: "amount", agg: "count", columnValues: [day(3), "2024-01-01"] });
    expect(await d.collect()).toEqual([
      { region: "east", "2024-01-03": 0, "2024-01-01": 1 },
      { region: "north", "2024-01-03": 1, "2024-01-01": 0 },
      { region: "west", "2024-01-03": 0, "2024-01-01": 2 },
      { region: null, "2024-01-03": 0, "2024-01-01": 1 },
    ]);
    expect(sales().pivot({ index: "city", columns: "ok", values: "amount", agg: "sum", columnValues: [true] }).columns).toEqual(["city", "true"]);
    expect(sales().pivot({ index: "city", columns: "year", values: "amount", agg: "sum", columnValues: [2023n] }).columns).toEqual(["city", "2023"]);
  });

  it("a NULL in columns is skipped; a NULL index is a row of its own; empty input gives no rows", async () => {
    const t = LTSeq.fromRows([{ k: null, c: null, v: 1 }, { k: null, c: "x", v: 2 }], { schema: { k: "utf8", c: "utf8", v: "int64" } });
    expect(await t.pivot({ index: "k", columns: "c", values: "v", agg: "sum" }).collect()).toEqual([{ k: null, x: 2 }]);
    const empty = LTSeq.fromRows<Sale>([], { schema });
    const p = empty.pivot({ index: "region", columns: "year", values: "amount", agg: "sum" });
    expect(p.columns).toEqual(["region"]);
    expect(await p.collect()).toEqual([]);
    const listed = empty.pivot({ index: "region", columns: "year", values: "amount", agg: "count", columnValues: [2024] });
    expect(listed.schema).toEqual({ region: "utf8", 2024: "int64" });
    expect(await listed.count()).toBe(0);
  });

  it("clears the declared order; the result is an ordinary table", async () => {
    const p = sales().sort("year").pivot({ index: "region", columns: "year", values: "amount", agg: "sum" });
    expect(p.sortKeys).toEqual([]);
    expect(String(p)).toContain("  region: utf8\n  2023: int64\n  2024: int64\n  order: none declared");
    expect(p.toSql()).toMatch(/^SELECT "data"\."region", sum\(CASE WHEN .* AS "2023", sum\(.* AS "2024" FROM/);
    expect(await p.explain()).toContain("CASE WHEN");
    expect(await p.filter((r) => r.region !== null).sort("region", { desc: true }).select("region").collect()).toEqual([
      { region: "west" }, { region: "north" }, { region: "east" },
    ]);
  });
});

describe("pivot: the plan-time scan", () => {
  /** A ragged row past the 1,000 rows schema inference reads: only a query finds it. */
  const ragged = () => tmpFile("ragged.csv", ["k,c,v", ...iota(1500).map((i) => `${i % 3},${i % 2},${i}`), "1,2"].join("\n") + "\n");

  it("runs at the call (a bad file fails there), and columnValues skip it", async () => {
    const t = await LTSeq.readCsv(ragged());
    await expectError(() => t.pivot({ index: "k", columns: "c", values: "v", agg: "sum" }), IoError, "IO", "ragged.csv");
    const listed = t.pivot({ index: "k", columns: "c", values: "v", agg: "sum", columnValues: [0, 1] });
    expect(listed.columns).toEqual(["k", "0", "1"]);
    await expectError(() => listed.collect(), IoError, "IO", "ragged.csv");
  });

  it("does not block or deadlock the engine while other queries run", async () => {
    const big = LTSeq.fromColumns({ k: iota(20000).map((i) => i % 7), c: iota(20000).map((i) => i % 5), v: iota(20000) });
    const running = [big.collect(), big.count(), big.sort("v").collect()];
    const pivots = iota(20).map((i) => big.filter((r) => r.v >= i).pivot({ index: "k", columns: "c", values: "v", agg: "count" }));
    await Promise.all(running);
    const inCallbacks = await Promise.all(iota(5).map(() => Promise.resolve().then(() => big.pivot({ index: "c", columns: "k", values: "v", agg: "min" }).count())));
    expect(inCallbacks).toEqual([5, 5, 5, 5, 5]);
    expect(pivots.every((p) => p.columns.length === 6)).toBe(true);
    expect((await pivots[0].collect())[0]).toEqual({ k: 0, 0: 572, 1: 571, 2: 572, 3: 571, 4: 572 });
  });
});

describe("pivot: errors", () => {
  it("unknown columns name the option and list the available columns", async () => {
    await expectError(() => sales().pivot({ index: "region", columns: "yr" as "year", values: "amount", agg: "sum" }),
      ColumnNotFoundError, "COLUMN_NOT_FOUND", 'pivot: columns "yr" not found; available: region, city, year, amount, ok, day');
    await expectError(() => sales().pivot({ index: "regoin" as "region", columns: "year", values: "amount", agg: "sum" }),
      ColumnNotFoundError, "COLUMN_NOT_FOUND", 'pivot: index "regoin" not found; available: region,');
    await expectError(() => sales().pivot({ index: "region", columns: "year", values: "amt" as "amount", agg: "sum" }),
      ColumnNotFoundError, "COLUMN_NOT_FOUND", 'pivot: values "amt" not found');
  });

  it("an unknown agg lists the valid ones", async () => {
    await expectError(() => sales().pivot({ index: "region", columns: "year", values: "amount", agg: "median" as "sum" }),
      InvalidArgumentError, "INVALID_ARGUMENT", 'unknown agg "median"; use one of "sum", "mean", "count", "min", "max"');
  });

  it("more than 1000 distinct values suggests columnValues or a filter", async () => {
    const wide = LTSeq.fromColumns({ g: iota(1001).map(() => 1), id: iota(1001) });
    await expectError(() => wide.pivot({ index: "g", columns: "id", values: "id", agg: "count" }),
      InvalidArgumentError, "INVALID_ARGUMENT", 'column "id" has more than 1000 distinct values', "columnValues", "filter");
    expect(await wide.pivot({ index: "g", columns: "id", values: "id", agg: "count", columnValues: [7, 1000] }).collect()).toEqual([{ g: 1, 7: 1, 1000: 1 }]);
    expect(wide.filter((r) => r.id < 1000).pivot({ index: "g", columns: "id", values: "id", agg: "count" }).columns.length).toBe(1001);
  });

  it("sum and mean need number values", async () => {
    await expectError(() => sales().pivot({ index: "region", columns: "year", values: "city", agg: "sum" }),
      TypeMismatchError, "TYPE_MISMATCH", 'pivot: agg "sum" needs number values, but values "city" is utf8');
    await expectError(() => sales().pivot({ index: "region", columns: "year", values: "day", agg: "mean" }),
      TypeMismatchError, "TYPE_MISMATCH", 'agg "mean"');
  });

  it("a value named like an index column asks for a rename", async () => {
    const t = LTSeq.fromRows([{ region: "east", kind: "region", v: 1 }]);
    await expectError(() => t.pivot({ index: "region", columns: "kind", values: "v", agg: "sum" }),
      SchemaMismatchError, "SCHEMA_MISMATCH", 'the value "region" of column "kind"', "rename");
  });

  it("bad options: columns as index, columnValues of the wrong kind, unknown options", async () => {
    await expectError(() => sales().pivot({ index: "year", columns: "year", values: "amount", agg: "sum" }),
      InvalidArgumentError, "INVALID_ARGUMENT", "both an index column and the columns option");
    await expectError(() => sales().pivot({ index: "region", columns: "year", values: "amount", agg: "sum", columnValues: ["2023"] }),
      TypeMismatchError, "TYPE_MISMATCH", 'columnValues entry "2023" does not match column "year", which is int64');
    await expectError(() => sales().pivot({ index: "region", columns: "year", values: "amount", agg: "sum", columnValues: [2023, 2023] }),
      InvalidArgumentError, "INVALID_ARGUMENT", 'give the same column name "2023"');
    await expectError(() => sales().pivot({ index: "region", columns: "year", values: "amount", agg: "sum", columnValues: [null as never] }),
      InvalidArgumentError, "INVALID_ARGUMENT", "cannot contain null");
    await expectError(() => sales().pivot({ index: [], columns: "year", values: "amount", agg: "sum" }),
      InvalidArgumentError, "INVALID_ARGUMENT", "index must name at least one column");
    await expectError(() => sales().pivot({ index: "region", columns: "year", values: "amount", agg: "sum", value: "x" } as never),
      InvalidArgumentError, "INVALID_ARGUMENT", 'unknown option "value"');
  });
});
