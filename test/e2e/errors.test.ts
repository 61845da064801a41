/** API.md §10 and §12 "Errors and codes": every failure is an LTSeqError subclass with a stable code. */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  ColumnNotFoundError, ExecutionError, IoError, InvalidArgumentError, LTSeq, LTSeqError, SchemaMismatchError,
  TypeMismatchError,
} from "ltseq";
import { native } from "../../runtime/native.js";
import { fromNative } from "../../runtime/errors.js";
import { expectError, iota, tmpDir, tmpFile } from "./helpers.js";

type Person = { id: number; name: string; age: number };
const people = () =>
  LTSeq.fromRows<Person>([
    { id: 1, name: "Ann", age: 34 },
    { id: 2, name: "Bob", age: 17 },
  ]);
const AVAILABLE = "available columns: id, name, age";

/** Reads and collects, so an error may come from either step. */
const readAll = async (open: () => Promise<LTSeq<Record<string, unknown>>>) => (await open()).collect();

describe("IoError: files", () => {
  it("a missing file names the path, for every reader", async () => {
    const missing = path.join(tmpDir(), "nope.csv");
    await expectError(() => LTSeq.readCsv(missing), IoError, "IO", missing);
    await expectError(() => LTSeq.readParquet(missing.replace(".csv", ".parquet")), IoError, "IO", "nope.parquet");
    await expectError(() => LTSeq.readJson(missing.replace(".csv", ".json")), IoError, "IO", "nope.json");
  });

  it("a directory given to readCsv", async () => {
    const dir = tmpDir();
    await expectError(() => readAll(() => LTSeq.readCsv(dir)), IoError, "IO", dir);
  });

  it("ragged CSV rows fail naming the file, never an empty table", async () => {
    const p = tmpFile("ragged.csv", "a,b\n1,2\n3\n4,5,6\n");
    await expectError(() => readAll(() => LTSeq.readCsv(p)), IoError, "IO", p);
  });

  /** A ragged row after the 1,000 rows schema inference reads: only execution can find it. */
  const lateRagged = () => tmpFile("late.csv", ["a,b", ...iota(1500).map((i) => `${i},${i}`), "1500", "1501,1501"].join("\n") + "\n");

  it("a ragged row past the inference sample fails at collect, naming the file", async () => {
    const p = lateRagged();
    await expectError(() => readAll(() => LTSeq.readCsv(p)), IoError, "IO", p);
  });

  it("a ragged row past the inference sample fails at count, naming the file", async () => {
    const p = lateRagged();
    await expectError(async () => (await LTSeq.readCsv(p)).count(), IoError, "IO", p);
  });

  it("an unterminated quote fails naming the file", async () => {
    const p = tmpFile("quote.csv", 'a,b\n"unterminated,1\n2,3\n');
    await expectError(() => readAll(() => LTSeq.readCsv(p)), IoError, "IO", p);
  });

  it("a value that does not parse as the declared type fails naming the file", async () => {
    const p = tmpFile("typed.csv", "a,b\n1,x\nnot-a-number,y\n");
    await expectError(() => readAll(() => LTSeq.readCsv(p, { schema: { a: "int64", b: "utf8" } })), IoError, "IO", p);
  });

  it("garbage bytes as Parquet", async () => {
    const p = tmpFile("garbage.parquet", Uint8Array.from(iota(4096).map((i) => (i * 37 + 11) % 256)));
    await expectError(() => readAll(() => LTSeq.readParquet(p)), IoError, "IO", p);
  });

  it("malformed JSON", async () => {
    const p = tmpFile("bad.json", '{"a":1}\n{"a":\n');
    await expectError(() => readAll(() => LTSeq.readJson(p)), IoError, "IO", p);
  });
});

describe("SchemaMismatchError", () => {
  it("a declared schema disagreeing with a Parquet file lists both", async () => {
    const file = path.join(tmpDir(), "s.parquet");
    await people().writeParquet(file);
    await expectError(
      () => LTSeq.readParquet(file, { schema: { id: "utf8", name: "utf8", age: "int64" } }),
      SchemaMismatchError, "SCHEMA_MISMATCH", "id", "utf8", "int64",
    );
    const e = await expectError(
      () => LTSeq.readParquet(file, { schema: { id: "int64", nom: "utf8", age: "int64" } }),
      SchemaMismatchError, "SCHEMA_MISMATCH", "nom", "name",
    );
    expect(e.message).toContain(file);
  });

  it("declared CSV column names that differ from the header", async () => {
    const p = tmpFile("h.csv", "a,b\n1,2\n");
    await expectError(() => LTSeq.readCsv(p, { schema: { a: "int64", c: "int64" } }), SchemaMismatchError, "SCHEMA_MISMATCH", "c", "b");
  });

  it("union of tables with different columns", async () => {
    const other = LTSeq.fromRows([{ id: 3, title: "x", age: 1 }]);
    await expectError(
      () => people().union(other as unknown as LTSeq<Person>),
      SchemaMismatchError, "SCHEMA_MISMATCH", "name", "title",
    );
  });
});

describe("ColumnNotFoundError lists the available columns", () => {
  const cases: [string, () => unknown][] = [
    ["filter", () => people().filter((r: any) => r.nope > 1)],
    ["select by name", () => people().select("nope" as "id")],
    ["select by lambda", () => people().select((r: any) => [r.nope])],
    ["select object", () => people().select((r: any) => ({ x: r.nope }))],
    ["derive", () => people().derive((r: any) => ({ x: r.nope + 1 }))],
    ["drop", () => people().drop("nope" as "id")],
    ["rename", () => people().rename({ nope: "x" } as unknown as { id: string })],
    ["sort by name", () => people().sort("nope")],
    ["sort by lambda", () => people().sort((r: any) => r.nope)],
    ["assumeSorted", () => people().assumeSorted("nope")],
    ["distinct", () => people().distinct("nope")],
  ];
  for (const [name, action] of cases) {
    it(name, async () => {
      await expectError(action, ColumnNotFoundError, "COLUMN_NOT_FOUND", "nope", AVAILABLE);
    });
  }

  it("intersect on a column the other table lacks", async () => {
    const other = LTSeq.fromRows([{ id: 1 }]);
    await expectError(() => people().intersect(other, "name"), ColumnNotFoundError, "COLUMN_NOT_FOUND", "name", "id");
  });
});

describe("TypeMismatchError", () => {
  it("comparing a string column with a number", async () => {
    await expectError(() => people().filter((r: any) => r.name > 5), TypeMismatchError, "TYPE_MISMATCH", "name");
  });

  it("arithmetic on a string column", async () => {
    await expectError(() => people().derive((r: any) => ({ x: r.name * 2 })), TypeMismatchError, "TYPE_MISMATCH", "name");
  });

  it("a string method on a number column", async () => {
    await expectError(() => people().filter((r: any) => r.age.startsWith("1")), TypeMismatchError, "TYPE_MISMATCH", "age");
  });

  it("a non-boolean filter predicate", async () => {
    await expectError(() => people().filter((r: any) => r.age), TypeMismatchError, "TYPE_MISMATCH", "filter");
  });

  it("a cast that fails at run time", async () => {
    const t = LTSeq.fromRows([{ s: "abc" }]).select((r) => ({ n: r.s.cast("int64") }));
    await expectError(() => t.collect(), TypeMismatchError, "TYPE_MISMATCH", "abc");
  });
});

describe("InvalidArgumentError", () => {
  it("negative or fractional slice/head/tail arguments", async () => {
    await expectError(() => people().slice(-1), InvalidArgumentError, "INVALID_ARGUMENT", "slice", "-1");
    await expectError(() => people().slice(0, -2), InvalidArgumentError, "INVALID_ARGUMENT", "slice", "-2");
    await expectError(() => people().head(-1), InvalidArgumentError, "INVALID_ARGUMENT", "head", "-1");
    await expectError(() => people().head(1.5), InvalidArgumentError, "INVALID_ARGUMENT", "head", "1.5");
    await expectError(() => people().tail(-3), InvalidArgumentError, "INVALID_ARGUMENT", "tail", "-3");
  });

  it("fromRows([]) without a schema", async () => {
    await expectError(() => LTSeq.fromRows([]), InvalidArgumentError, "INVALID_ARGUMENT", "schema");
  });

  it("fromColumns with unequal lengths lists them", async () => {
    await expectError(() => LTSeq.fromColumns({ a: [1, 2, 3], b: ["x"] }), InvalidArgumentError, "INVALID_ARGUMENT", "a: 3", "b: 1");
  });

  it("a mixed-type column names the column", async () => {
    await expectError(() => LTSeq.fromRows<{ a: unknown }>([{ a: 1 }, { a: "x" }]), InvalidArgumentError, "INVALID_ARGUMENT", '"a"');
  });

  it("range with step 0 and a multi-character delimiter", async () => {
    await expectError(() => LTSeq.range(0, 5, 0), InvalidArgumentError, "INVALID_ARGUMENT", "step");
    const p = tmpFile("d.csv", "a\n1\n");
    await expectError(() => LTSeq.readCsv(p, { delimiter: "::" }), InvalidArgumentError, "INVALID_ARGUMENT", "delimiter");
  });

  it("computed values in the list form of select, and non-column distinct keys", async () => {
    await expectError(() => people().select((r) => [r.age + 1]), InvalidArgumentError, "INVALID_ARGUMENT", "select");
    await expectError(() => people().distinct((r) => r.age + 1), InvalidArgumentError, "INVALID_ARGUMENT", "distinct");
  });

  it("a { desc } array whose length does not match the keys", async () => {
    await expectError(() => people().sort("id", "age", { desc: [true] }), InvalidArgumentError, "INVALID_ARGUMENT", "desc");
  });

  it("an unknown Parquet compression", async () => {
    const file = path.join(tmpDir(), "c.parquet");
    await expectError(
      () => people().writeParquet(file, { compression: "rar" as "zstd" }),
      InvalidArgumentError, "INVALID_ARGUMENT", "rar",
    );
    expect(fs.existsSync(file)).toBe(false);
  });
});

describe("native panics are contained", () => {
  it("sync and async panics become errors mentioning the panic, and queries still work", async () => {
    for (const mode of ["sync", "async"]) {
      let caught: unknown;
      try {
        await native().panicForTest(mode);
      } catch (e) {
        caught = e;
      }
      expect(caught, `panicForTest("${mode}") should fail`).toBeInstanceOf(Error);
      expect((caught as Error).message).toContain("panic");
      const converted = fromNative(caught);
      expect(converted).toBeInstanceOf(ExecutionError);
      expect(converted.code).toBe("EXECUTION");
      expect(converted.message).toContain("panic");
    }
    expect(await people().filter((r) => r.age > 18).collect()).toEqual([{ id: 1, name: "Ann", age: 34 }]);
    expect(await LTSeq.range(0, 3).count()).toBe(3);
  });
});
