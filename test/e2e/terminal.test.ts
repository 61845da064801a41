/** API.md §2: terminal methods, metadata and how a table prints. */
import fs from "node:fs";
import path from "node:path";
import { inspect } from "node:util";
import { afterEach, describe, expect, it, vi } from "vitest";
import { LTSeq } from "ltseq";
import { iota, tmpDir, tmpFile } from "./helpers.js";

type Person = { name: string; age: number | null; score: number };
const people = () =>
  LTSeq.fromRows<Person>([
    { name: "Ann", age: 31, score: 9.5 },
    { name: "Bob", age: null, score: 10 },
    { name: "Cy", age: 17, score: 3.25 },
  ]);

afterEach(() => {
  vi.restoreAllMocks();
});

describe("collect / toArrow / count", () => {
  it("collect returns plain row objects in order", async () => {
    expect(await people().collect()).toEqual([
      { name: "Ann", age: 31, score: 9.5 },
      { name: "Bob", age: null, score: 10 },
      { name: "Cy", age: 17, score: 3.25 },
    ]);
  });

  it("toArrow returns an apache-arrow Table with the same columns and values", async () => {
    const a = await people().toArrow();
    expect(a.numRows).toBe(3);
    expect(a.schema.fields.map((f) => f.name)).toEqual(["name", "age", "score"]);
    expect(a.getChild("name")!.toArray()).toEqual(["Ann", "Bob", "Cy"]);
    expect([...a.getChild("age")!]).toEqual([31n, null, 17n]);
    expect([...a.getChild("score")!]).toEqual([9.5, 10, 3.25]);
  });

  it("count counts rows after transforms", async () => {
    expect(await people().count()).toBe(3);
    expect(await people().filter((r) => r.score > 5).count()).toBe(2);
    expect(await LTSeq.range(0, 20000).count()).toBe(20000);
  });
});

describe("show", () => {
  it("prints and returns an aligned text table (numbers right-aligned, NULL as null)", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const text = await people().head(2).show();
    expect(text).toBe(
      [
        "name (utf8) | age (int64) | score (float64)",
        "------------+-------------+----------------",
        "Ann         |          31 |             9.5",
        "Bob         |        null |              10",
      ].join("\n"),
    );
    expect(log).toHaveBeenCalledWith(text);
  });

  it("shows only n rows and says there are more", async () => {
    vi.spyOn(console, "log").mockImplementation(() => {});
    const text = await people().select("name").show(2);
    expect(text).toBe(["name (utf8)", "-----------", "Ann", "Bob", "… (showing the first 2 rows)"].join("\n"));
  });

  it("shows dates as ISO text", async () => {
    vi.spyOn(console, "log").mockImplementation(() => {});
    const text = await LTSeq.fromRows([{ at: new Date("2024-01-15T10:30:00Z"), ok: true }]).show();
    expect(text).toBe(
      ["at (timestamp)      | ok (bool)", "--------------------+----------", "2024-01-15 10:30:00 | true"].join("\n"),
    );
  });

  it("says when there are no rows", async () => {
    vi.spyOn(console, "log").mockImplementation(() => {});
    const text = await people().filter((r) => r.score > 100).select("name").show();
    expect(text).toBe(["name (utf8)", "-----------", "(no rows)"].join("\n"));
  });
});

describe("stream", () => {
  it("streams every row of a table larger than one batch, in order", async () => {
    const values: number[] = [];
    let rows = 0;
    for await (const batch of LTSeq.range(0, 20000).stream()) {
      rows += batch.numRows;
      for (const v of batch.getChild("value")!) values.push(Number(v));
    }
    expect(rows).toBe(20000);
    expect(values).toEqual(iota(20000));
  });

  it("yields several batches for a large file, each an Arrow RecordBatch", async () => {
    const csv = "id\n" + iota(20000).join("\n") + "\n";
    const t = await LTSeq.readCsv<{ id: number }>(tmpFile("big.csv", csv));
    const sizes: number[] = [];
    const ids: number[] = [];
    for await (const batch of t.filter((r) => r.id % 2 === 0).stream()) {
      sizes.push(batch.numRows);
      expect(batch.schema.fields.map((f) => f.name)).toEqual(["id"]);
      for (const v of batch.getChild("id")!) ids.push(Number(v));
    }
    expect(sizes.length).toBeGreaterThan(1);
    expect(ids).toEqual(iota(10000).map((i) => i * 2));
  });

  it("stops early on break, and the engine keeps working", async () => {
    let seen = 0;
    for await (const batch of LTSeq.range(0, 100000).stream()) {
      seen += batch.numRows;
      break;
    }
    expect(seen).toBeGreaterThan(0);
    expect(await LTSeq.range(0, 5).collect()).toEqual(iota(5).map((value) => ({ value })));
  });
});

describe("write* round trips", () => {
  const rows = [
    { id: 1, name: "Ann", score: 9.5 },
    { id: 2, name: "Bob", score: null },
  ];

  it("writeCsv writes a header and one line per row", async () => {
    const file = path.join(tmpDir(), "out.csv");
    await LTSeq.fromRows([{ id: 1, name: "Ann" }, { id: 2, name: "Bob" }]).writeCsv(file);
    expect(fs.readFileSync(file, "utf8")).toBe("id,name\n1,Ann\n2,Bob\n");
  });

  it("writeCsv then readCsv gives the rows back", async () => {
    const file = path.join(tmpDir(), "rt.csv");
    await LTSeq.fromRows(rows).writeCsv(file);
    const t = await LTSeq.readCsv(file);
    expect(t.schema).toEqual({ id: "int64", name: "utf8", score: "float64" });
    expect(await t.collect()).toEqual(rows);
  });

  it("writeCsv round-trips dates and timestamps", async () => {
    const file = path.join(tmpDir(), "dates.csv");
    const t = LTSeq.fromRows(
      [{ day: new Date("2024-01-15T00:00:00Z"), at: new Date("2024-01-15T10:30:05Z") }],
      { schema: { day: "date32", at: "timestamp" } },
    );
    await t.writeCsv(file);
    const back = await LTSeq.readCsv(file);
    expect(back.schema).toEqual({ day: "date32", at: "timestamp" });
    expect(await back.collect()).toEqual([{ day: new Date("2024-01-15T00:00:00Z"), at: new Date("2024-01-15T10:30:05Z") }]);
  });

  it("writeJson writes newline-delimited JSON that readJson reads back", async () => {
    const file = path.join(tmpDir(), "out.json");
    await LTSeq.fromRows([{ id: 1, name: "Ann" }, { id: 2, name: "Bob" }]).writeJson(file);
    expect(fs.readFileSync(file, "utf8")).toBe('{"id":1,"name":"Ann"}\n{"id":2,"name":"Bob"}\n');
    const file2 = path.join(tmpDir(), "rt.json");
    await LTSeq.fromRows(rows).writeJson(file2);
    expect(await (await LTSeq.readJson(file2)).collect()).toEqual(rows);
  });

  it("writeParquet round-trips with each compression", async () => {
    for (const compression of ["uncompressed", "snappy", "gzip", "lz4", "zstd", "brotli"] as const) {
      const file = path.join(tmpDir(), `${compression}.parquet`);
      await LTSeq.fromRows(rows).writeParquet(file, { compression });
      const t = await LTSeq.readParquet(file);
      expect(t.schema).toEqual({ id: "int64", name: "utf8", score: "float64" });
      expect(await t.collect()).toEqual(rows);
    }
  });

  it("writes the result of a query, in order", async () => {
    const file = path.join(tmpDir(), "q.parquet");
    await LTSeq.range(0, 10)
      .filter((r) => r.value % 3 === 0)
      .derive((r) => ({ sq: r.value * r.value }))
      .writeParquet(file);
    expect(await (await LTSeq.readParquet(file)).collect()).toEqual([
      { value: 0, sq: 0 }, { value: 3, sq: 9 }, { value: 6, sq: 36 }, { value: 9, sq: 81 },
    ]);
  });
});

describe("metadata", () => {
  it("schema, columns and sortKeys are synchronous", () => {
    const t = people();
    expect(t.schema).toEqual({ name: "utf8", age: "int64", score: "float64" });
    expect(t.columns).toEqual(["name", "age", "score"]);
    expect(t.sortKeys).toEqual([]);
    const s = t.sort((r) => [r.age.desc(), r.name]);
    expect(s.sortKeys).toEqual([{ column: "age", desc: true }, { column: "name", desc: false }]);
    expect(s.select((r) => ({ n: r.name, half: r.score / 2 })).schema).toEqual({ n: "utf8", half: "float64" });
  });

  it("explain shows the logical and physical plans", async () => {
    const text = await people().filter((r) => r.score > 5).explain();
    expect(text).toContain("Filter");
    expect(text).toContain("score");
    expect(text).toMatch(/logical plan/i);
    expect(text).toMatch(/physical plan/i);
  });

  it("toSql renders the query as SQL text", () => {
    const sql = people().filter((r) => r.score > 5).select("name").toSql();
    expect(sql).toMatch(/^SELECT /i);
    expect(sql).toMatch(/\bWHERE\b/i);
    expect(sql).toContain("score");
    expect(sql).toContain("5");
    expect(sql).toContain("name");
  });
});

describe("inspect / console.log", () => {
  it("shows the schema and the declared order", () => {
    const text = inspect(people().sort((r) => r.age.desc()));
    expect(text).toContain("name: utf8");
    expect(text).toContain("age: int64");
    expect(text).toContain("score: float64");
    expect(text).toContain("order: age desc");
    expect(text).toMatch(/show\(\)|collect\(\)/);
    expect(inspect(people())).toMatch(/order: none/);
  });

  it("does not run the query", async () => {
    // Collecting this table fails (a cast that cannot succeed), printing it must not.
    const bad = LTSeq.fromRows([{ s: "abc" }]).derive((r) => ({ n: r.s.cast("int64") }));
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    console.log(bad);
    expect(log).toHaveBeenCalledTimes(1);
    const text = inspect(bad);
    expect(text).toContain("s: utf8");
    expect(text).toContain("n: int64");
    await expect(bad.collect()).rejects.toThrow();
  });
});
