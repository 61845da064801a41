/**
 * API.md §12 "Row order without a declared order": file order and array order survive filter,
 * select, derive, slice, head, tail, collect and stream, on inputs larger than one batch and one
 * Parquet row group.
 */
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { DuckDBInstance } from "@duckdb/node-api";
import { LTSeq } from "ltseq";
import { iota, tmpDir } from "./helpers.js";

const N = 300_000;
/** A value that jumps around, so any reordering shows: k = (id * 7919) % 1000. */
const k = (id: number) => (id * 7919) % 1000;
type Row = { id: number; k: number; s: string };

let dir: string;
let csvFile: string;
let duckParquet: string;
let ownParquet: string;

beforeAll(async () => {
  dir = tmpDir();
  csvFile = path.join(dir, "big.csv");
  const lines = ["id,k,s"];
  for (let i = 0; i < N; i++) lines.push(`${i},${k(i)},s${i}`);
  fs.writeFileSync(csvFile, lines.join("\n") + "\n");

  // Small row groups (10,000 rows → 30 groups), written by DuckDB so the file is not our own output.
  duckParquet = path.join(dir, "duck.parquet");
  const db = await DuckDBInstance.create(":memory:");
  const con = await db.connect();
  await con.run(
    `COPY (SELECT range AS id, (range * 7919) % 1000 AS k, 's' || range::VARCHAR AS s FROM range(${N}) ORDER BY range)
     TO '${duckParquet}' (FORMAT parquet, ROW_GROUP_SIZE 10000)`,
  );
  const groups = await con.runAndReadAll(`SELECT count(DISTINCT row_group_id) AS n FROM parquet_metadata('${duckParquet}')`);
  expect(Number(groups.getRowObjectsJS()[0].n)).toBe(30);
  con.closeSync();
  db.closeSync();

  ownParquet = path.join(dir, "own.parquet");
  await (await LTSeq.readCsv<Row>(csvFile)).writeParquet(ownParquet);
}, 120_000);

const expectedRows = (pred: (id: number) => boolean): Row[] =>
  iota(N).filter(pred).map((id) => ({ id, k: k(id), s: `s${id}` }));

const sources: [string, () => Promise<LTSeq<Row>>][] = [
  ["CSV", () => LTSeq.readCsv<Row>(csvFile)],
  ["Parquet with 30 row groups (DuckDB)", () => LTSeq.readParquet<Row>(duckParquet)],
  ["Parquet written by writeParquet", () => LTSeq.readParquet<Row>(ownParquet)],
];

describe.each(sources)("%s, 300,000 rows", (_name, open) => {
  it("collect returns every row in file order", async () => {
    const rows = await (await open()).collect();
    expect(rows.length).toBe(N);
    expect(rows.map((r) => r.id)).toEqual(iota(N));
  });

  it("filter keeps file order", async () => {
    const t = (await open()).filter((r) => r.k < 10);
    expect(await t.collect()).toEqual(expectedRows((id) => k(id) < 10));
  });

  it("derive and select keep file order", async () => {
    const t = (await open())
      .derive((r) => ({ twice: r.id * 2 }))
      .filter((r) => r.k === 999)
      .select("twice", "s");
    const expected = iota(N).filter((id) => k(id) === 999).map((id) => ({ twice: id * 2, s: `s${id}` }));
    expect(await t.collect()).toEqual(expected);
  });

  it("head, tail and slice take rows by file position", async () => {
    const t = await open();
    const pick = (ids: number[]) => ids.map((id) => ({ id, k: k(id), s: `s${id}` }));
    expect(await t.head(3).collect()).toEqual(pick([0, 1, 2]));
    expect(await t.tail(3).collect()).toEqual(pick([N - 3, N - 2, N - 1]));
    expect(await t.slice(150_000, 3).collect()).toEqual(pick([150_000, 150_001, 150_002]));
    expect(await t.slice(N - 2).collect()).toEqual(pick([N - 2, N - 1]));

    const odd = expectedRows((id) => id % 2 === 1);
    const f = t.filter((r) => r.id % 2 === 1);
    expect(await f.head(4).collect()).toEqual(odd.slice(0, 4));
    expect(await f.tail(4).collect()).toEqual(odd.slice(-4));
    expect(await f.slice(70_000, 5).collect()).toEqual(odd.slice(70_000, 70_005));
  });

  it("stream yields the rows in file order", async () => {
    const ids: number[] = [];
    for await (const batch of (await open()).filter((r) => r.id % 3 === 0).stream()) {
      for (const v of batch.getChild("id")!) ids.push(Number(v));
    }
    expect(ids).toEqual(iota(N).filter((id) => id % 3 === 0));
  });

  it("a declared sort over the whole file, then head and slice", async () => {
    const t = (await open()).sort("k", { desc: true }).sort((r) => [r.k, r.id.desc()]);
    const expected = iota(N)
      .sort((a, b) => k(a) - k(b) || b - a)
      .map((id) => ({ id, k: k(id), s: `s${id}` }));
    expect(await t.collect()).toEqual(expected);
    expect(await t.head(3).collect()).toEqual(expected.slice(0, 3));
    expect(await t.slice(123_456, 4).collect()).toEqual(expected.slice(123_456, 123_460));
  });

  it("writeCsv of a filtered table writes file order", async () => {
    const out = path.join(tmpDir(), "out.csv");
    await (await open()).filter((r) => r.k === 0).select("id").writeCsv(out);
    const expected = iota(N).filter((id) => k(id) === 0);
    expect(fs.readFileSync(out, "utf8")).toBe("id\n" + expected.join("\n") + "\n");
  });
});

describe("in-memory tables keep array order", () => {
  it("fromColumns with 300,000 rows → filter → head/tail/collect", async () => {
    const t = LTSeq.fromColumns({ id: iota(N), k: iota(N).map(k) });
    const f = t.filter((r) => r.k >= 995);
    const expected = iota(N).filter((id) => k(id) >= 995).map((id) => ({ id, k: k(id) }));
    expect(await f.collect()).toEqual(expected);
    expect(await f.head(2).collect()).toEqual(expected.slice(0, 2));
    expect(await f.tail(2).collect()).toEqual(expected.slice(-2));
  });

  it("range(0, 300000) → derive → filter keeps order", async () => {
    const t = LTSeq.range(0, N).derive((r) => ({ m: r.value % 7 })).filter((r) => r.m === 6);
    expect((await t.collect()).map((r) => r.value)).toEqual(iota(N).filter((v) => v % 7 === 6));
  });
});
