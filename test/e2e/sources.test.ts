/** API.md §1: creating and reading tables, and the JS values `collect()` returns (§2). */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { Float64, Int32, Int64, Table, Utf8, tableFromArrays, vectorFromArray } from "apache-arrow";
import { LTSeq } from "ltseq";
import { fixture, tmpDir, tmpFile } from "./helpers.js";

describe("readCsv", () => {
  it("reads a file with a header, inferring int64, utf8, date32 and NULLs", async () => {
    const t = await LTSeq.readCsv(fixture("people.csv"));
    expect(t.columns).toEqual(["id", "name", "age", "joined"]);
    expect(t.schema).toEqual({ id: "int64", name: "utf8", age: "int64", joined: "date32" });
    expect(await t.collect()).toEqual([
      { id: 1, name: "Ann", age: 34, joined: new Date("2024-01-15T00:00:00Z") },
      { id: 2, name: "Bob", age: null, joined: new Date("2023-12-31T00:00:00Z") },
      { id: 3, name: "Cy", age: 27, joined: new Date("2024-02-29T00:00:00Z") },
    ]);
  });

  it("returns Date objects for date32 and timestamp columns", async () => {
    const p = tmpFile("ts.csv", "day,at\n2024-01-15,2024-01-15T10:30:00\n2023-06-01,2023-06-01T00:00:05\n");
    const t = await LTSeq.readCsv(p);
    expect(t.schema).toEqual({ day: "date32", at: "timestamp" });
    const rows = await t.collect();
    expect(rows).toEqual([
      { day: new Date("2024-01-15T00:00:00Z"), at: new Date("2024-01-15T10:30:00Z") },
      { day: new Date("2023-06-01T00:00:00Z"), at: new Date("2023-06-01T00:00:05Z") },
    ]);
    expect(rows[0].day).toBeInstanceOf(Date);
    expect(rows[0].at).toBeInstanceOf(Date);
  });

  it("names headerless columns column_1, column_2, …", async () => {
    const p = tmpFile("nohead.csv", "1,Ann,true\n2,Bob,false\n");
    const t = await LTSeq.readCsv(p, { hasHeader: false });
    expect(t.columns).toEqual(["column_1", "column_2", "column_3"]);
    expect(t.schema).toEqual({ column_1: "int64", column_2: "utf8", column_3: "bool" });
    expect(await t.collect()).toEqual([
      { column_1: 1, column_2: "Ann", column_3: true },
      { column_1: 2, column_2: "Bob", column_3: false },
    ]);
  });

  it("reads the first line as data only when hasHeader is false", async () => {
    const p = tmpFile("h.csv", "a,b\n1,2\n");
    expect(await (await LTSeq.readCsv(p)).collect()).toEqual([{ a: 1, b: 2 }]);
    expect(await (await LTSeq.readCsv(p, { hasHeader: false })).collect()).toEqual([
      { column_1: "a", column_2: "b" },
      { column_1: "1", column_2: "2" },
    ]);
  });

  it("honours a one-character delimiter, on a file of any extension", async () => {
    const t = await LTSeq.readCsv(fixture("pipes.txt"), { delimiter: "|" });
    expect(t.schema).toEqual({ id: "int64", city: "utf8", temp: "float64" });
    expect(await t.collect()).toEqual([
      { id: 1, city: "Oslo", temp: -3.5 },
      { id: 2, city: "Rome", temp: 14 },
    ]);
    const tabs = tmpFile("t.tsv", "x\ty\n1\ta b\n");
    expect(await (await LTSeq.readCsv(tabs, { delimiter: "\t" })).collect()).toEqual([{ x: 1, y: "a b" }]);
  });

  it("keeps quoted delimiters and quotes inside fields", async () => {
    const p = tmpFile("q.csv", 'id,name\n1,"Doe, Jane"\n2,"say ""hi"""\n');
    expect(await (await LTSeq.readCsv(p)).collect()).toEqual([
      { id: 1, name: "Doe, Jane" },
      { id: 2, name: 'say "hi"' },
    ]);
  });

  it("parses values as a declared schema says, in file column order", async () => {
    const p = tmpFile("codes.csv", "id,code\n1,007\n2,042\n");
    expect(await (await LTSeq.readCsv(p)).collect()).toEqual([{ id: 1, code: 7 }, { id: 2, code: 42 }]);
    const t = await LTSeq.readCsv(p, { schema: { code: "utf8", id: "float64" } });
    expect(t.columns).toEqual(["id", "code"]);
    expect(t.schema).toEqual({ id: "float64", code: "utf8" });
    expect(await t.collect()).toEqual([{ id: 1, code: "007" }, { id: 2, code: "042" }]);
  });

  it("reads integers beyond 2^53 as bigint and small ones as number", async () => {
    const p = tmpFile("big.csv", "n\n9007199254740993\n1\n-9223372036854775808\n");
    const t = await LTSeq.readCsv(p);
    expect(t.schema).toEqual({ n: "int64" });
    expect(await t.collect()).toEqual([{ n: 9007199254740993n }, { n: 1 }, { n: -9223372036854775808n }]);
  });
});

describe("readJson", () => {
  it("reads newline-delimited JSON with NULLs", async () => {
    const t = await LTSeq.readJson(fixture("events.ndjson"));
    expect(t.schema).toEqual({ id: "int64", kind: "utf8", score: "float64", ok: "bool" });
    expect(await t.collect()).toEqual([
      { id: 1, kind: "click", score: 0.5, ok: true },
      { id: 2, kind: null, score: 1.25, ok: false },
      { id: 3, kind: "view", score: 2, ok: null },
    ]);
  });

  it("accepts a declared schema that matches the file", async () => {
    const t = await LTSeq.readJson(fixture("events.ndjson"), {
      schema: { id: "int64", kind: "utf8", score: "float64", ok: "bool" },
    });
    expect(await t.count()).toBe(3);
  });
});

describe("readParquet", () => {
  it("round-trips every basic type and NULLs through writeParquet", async () => {
    const rows = [
      { i: 1, f: 1.5, s: "a", b: true, d: new Date("2024-01-15T10:30:00.250Z") },
      { i: null, f: null, s: null, b: null, d: null },
      { i: -7, f: -0.25, s: "ü€", b: false, d: new Date("1969-12-31T23:59:59Z") },
    ];
    const file = path.join(tmpDir(), "all.parquet");
    await LTSeq.fromRows(rows).writeParquet(file);
    const t = await LTSeq.readParquet(file);
    expect(t.schema).toEqual({ i: "int64", f: "float64", s: "utf8", b: "bool", d: "timestamp" });
    expect(await t.collect()).toEqual(rows);
  });

  it("reads a Parquet file without the .parquet extension", async () => {
    const file = path.join(tmpDir(), "data.bin");
    await LTSeq.fromRows([{ a: 1 }, { a: 2 }]).writeParquet(file);
    expect(await (await LTSeq.readParquet(file)).collect()).toEqual([{ a: 1 }, { a: 2 }]);
  });

  it("accepts a declared schema that matches the file", async () => {
    const file = path.join(tmpDir(), "ok.parquet");
    await LTSeq.fromRows([{ id: 1, name: "x" }]).writeParquet(file);
    const t = await LTSeq.readParquet(file, { schema: { name: "utf8", id: "int64" } });
    expect(await t.collect()).toEqual([{ id: 1, name: "x" }]);
  });
});

describe("fromRows", () => {
  it("keeps array order and infers types", async () => {
    const t = LTSeq.fromRows([
      { sym: "B", qty: 3, price: 9.5, live: true },
      { sym: "A", qty: 1, price: 10, live: false },
    ]);
    expect(t.schema).toEqual({ sym: "utf8", qty: "int64", price: "float64", live: "bool" });
    expect(await t.collect()).toEqual([
      { sym: "B", qty: 3, price: 9.5, live: true },
      { sym: "A", qty: 1, price: 10, live: false },
    ]);
  });

  it("makes an integer-only number column int64 and any fraction float64", async () => {
    expect(LTSeq.fromRows([{ n: 1 }, { n: 2 }]).schema).toEqual({ n: "int64" });
    expect(LTSeq.fromRows([{ n: 1 }, { n: 2.5 }]).schema).toEqual({ n: "float64" });
    expect(LTSeq.fromRows([{ n: 1.0 }, { n: -3 }]).schema).toEqual({ n: "int64" });
    expect(await LTSeq.fromRows([{ n: 1 }, { n: 2.5 }]).collect()).toEqual([{ n: 1 }, { n: 2.5 }]);
  });

  it("returns Int64 values beyond 2^53 as bigint, others as number", async () => {
    const t = LTSeq.fromRows([{ n: 1n }, { n: 9007199254740993n }, { n: -9007199254740993n }, { n: 2 ** 53 - 1 }]);
    expect(t.schema).toEqual({ n: "int64" });
    expect(await t.collect()).toEqual([
      { n: 1 }, { n: 9007199254740993n }, { n: -9007199254740993n }, { n: 9007199254740991 },
    ]);
  });

  it("stores Dates as timestamps and returns Dates", async () => {
    const d = new Date("2024-03-05T14:07:09.123Z");
    const t = LTSeq.fromRows([{ d }]);
    expect(t.schema).toEqual({ d: "timestamp" });
    expect(await t.collect()).toEqual([{ d: new Date("2024-03-05T14:07:09.123Z") }]);
  });

  it("keeps NULLs (null and undefined) in every type", async () => {
    const t = LTSeq.fromRows<{ a: number | null; b: string | null; c?: boolean }>([
      { a: 1, b: null, c: true },
      { a: null, b: "x" },
    ]);
    expect(t.schema).toEqual({ a: "int64", b: "utf8", c: "bool" });
    expect(await t.collect()).toEqual([{ a: 1, b: null, c: true }, { a: null, b: "x", c: null }]);
  });

  it("builds an empty table from a schema", async () => {
    const t = LTSeq.fromRows<{ a: number; b: string }>([], { schema: { a: "int64", b: "utf8" } });
    expect(t.columns).toEqual(["a", "b"]);
    expect(t.schema).toEqual({ a: "int64", b: "utf8" });
    expect(await t.collect()).toEqual([]);
    expect(await t.count()).toBe(0);
    expect(await t.filter((r) => r.a > 1).collect()).toEqual([]);
  });

  it("uses a declared schema for the column types", async () => {
    const t = LTSeq.fromRows([{ a: 1, b: 2 }], { schema: { a: "float64", b: "int64" } });
    expect(t.schema).toEqual({ a: "float64", b: "int64" });
    expect(await t.collect()).toEqual([{ a: 1, b: 2 }]);
  });
});

describe("fromColumns", () => {
  it("builds rows from column arrays", async () => {
    const t = LTSeq.fromColumns({ a: [1, 2, 3], b: ["x", null, "z"], c: [0.5, 1, 2] });
    expect(t.schema).toEqual({ a: "int64", b: "utf8", c: "float64" });
    expect(await t.collect()).toEqual([
      { a: 1, b: "x", c: 0.5 },
      { a: 2, b: null, c: 1 },
      { a: 3, b: "z", c: 2 },
    ]);
  });
});

describe("fromArrow", () => {
  it("reads an apache-arrow Table, keeping its types", async () => {
    const arrow = tableFromArrays({ n: Int32Array.from([3, 1, 2]), x: Float64Array.from([0.5, 1.5, 2.5]) });
    const t = LTSeq.fromArrow(arrow);
    expect(t.schema).toEqual({ n: "int32", x: "float64" });
    expect(await t.collect()).toEqual([{ n: 3, x: 0.5 }, { n: 1, x: 1.5 }, { n: 2, x: 2.5 }]);
  });

  it("reads Int64 and Utf8 vectors, and toArrow gives the same table back", async () => {
    const arrow = new Table({
      id: vectorFromArray([1n, 2n], new Int64()),
      name: vectorFromArray(["a", null], new Utf8()),
      w: vectorFromArray([1, 2], new Int32()),
      v: vectorFromArray([0.25, null], new Float64()),
    });
    const t = LTSeq.fromArrow(arrow);
    expect(t.schema).toEqual({ id: "int64", name: "utf8", w: "int32", v: "float64" });
    expect(await t.collect()).toEqual([{ id: 1, name: "a", w: 1, v: 0.25 }, { id: 2, name: null, w: 2, v: null }]);
    const back = await t.toArrow();
    expect(back.numRows).toBe(2);
    expect(back.schema.fields.map((f) => f.name)).toEqual(["id", "name", "w", "v"]);
    expect(back.getChild("name")!.toArray()).toEqual(["a", null]);
  });
});

describe("range", () => {
  it("works like Python's range", async () => {
    expect(LTSeq.range(3).schema).toEqual({ value: "int64" });
    expect(await LTSeq.range(3).collect()).toEqual([{ value: 0 }, { value: 1 }, { value: 2 }]);
    expect(await LTSeq.range(2, 10, 3).collect()).toEqual([{ value: 2 }, { value: 5 }, { value: 8 }]);
    expect(await LTSeq.range(5, 0, -2).collect()).toEqual([{ value: 5 }, { value: 3 }, { value: 1 }]);
    expect(await LTSeq.range(-2, 1).collect()).toEqual([{ value: -2 }, { value: -1 }, { value: 0 }]);
    expect(await LTSeq.range(4, 4).collect()).toEqual([]);
    expect(await LTSeq.range(4, 4).count()).toBe(0);
  });
});
