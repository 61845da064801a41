/**
 * API.md §0, §5, §10, §12: failures of sequence operators. Without a declared order every sequence
 * operator is a SortRequiredError, raised synchronously by the transform that uses it (the types
 * reject most of these too: the lines are marked `@ts-expect-error`). Ranking with its own
 * `.over({ orderBy })` needs no declared order. Bad sizes are InvalidArgumentError, operators on
 * the wrong column type TypeMismatchError naming the column.
 */
import { describe, expect, it } from "vitest";
import {
  InvalidArgumentError, LTSeq, LTSeqError, SortRequiredError, TypeMismatchError, denseRank, desc, ntile, rank, rowNumber,
  type ErrorCode,
} from "ltseq";

type T = { d: number; sym: string; p: number };
/** No declared order: rows in source order d = 2, 1, 3. */
const unsorted = () =>
  LTSeq.fromRows<T>([
    { d: 2, sym: "A", p: 20 },
    { d: 1, sym: "B", p: 10 },
    { d: 3, sym: "A", p: 30 },
  ]);
const sorted = () => unsorted().sort("d");

type ErrorClass = abstract new (...args: never[]) => LTSeqError;

/**
 * Asserts `action` throws synchronously (at the transform call, not at a later `collect`) an
 * LTSeqError of `cls` with `code`, whose message contains every one of `parts`.
 */
function syncError(action: () => unknown, cls: ErrorClass, code: ErrorCode, ...parts: string[]): LTSeqError {
  let caught: unknown;
  let threw = false;
  let result: unknown;
  try {
    result = action();
  } catch (e) {
    threw = true;
    caught = e;
  }
  if (result instanceof Promise) result.catch(() => undefined);
  expect(threw, `expected ${cls.name} (${code}) to be thrown synchronously, but the call returned`).toBe(true);
  expect(caught).toBeInstanceOf(LTSeqError);
  expect(caught, `got ${String(caught)}`).toBeInstanceOf(cls);
  const err = caught as LTSeqError;
  expect(err.code).toBe(code);
  for (const p of parts) expect(err.message).toContain(p);
  return err;
}

/** A SortRequiredError naming `operator` and saying how to declare an order. */
function sortRequired(action: () => unknown, operator: string): LTSeqError {
  const e = syncError(action, SortRequiredError, "SORT_REQUIRED", operator, "sort(", "assumeSorted(");
  expect(e.name).toBe("SortRequiredError");
  return e;
}

describe("SortRequiredError on a table without a declared order", () => {
  it("is an LTSeqError subclass with code SORT_REQUIRED", () => {
    // @ts-expect-error shift needs an ordered table
    const e = sortRequired(() => unsorted().derive((r) => ({ prev: r.p.shift(1) })), "shift");
    expect(e).toBeInstanceOf(Error);
    expect(e).toBeInstanceOf(SortRequiredError);
  });

  it("shift, lead and shift with options", () => {
    // @ts-expect-error shift needs an ordered table
    sortRequired(() => unsorted().derive((r) => ({ next: r.p.shift(-1) })), "shift");
    // @ts-expect-error shift needs an ordered table
    sortRequired(() => unsorted().derive((r) => ({ prev: r.p.shift(1, { default: 0, partitionBy: r.sym }) })), "shift");
  });

  it("shift(0)", () => {
    // @ts-expect-error shift needs an ordered table
    sortRequired(() => unsorted().derive((r) => ({ same: r.p.shift(0) })), "shift");
  });

  it("diff", () => {
    // @ts-expect-error diff needs an ordered table
    sortRequired(() => unsorted().derive((r) => ({ d1: r.p.diff() })), "diff");
  });

  it("pctChange", () => {
    // @ts-expect-error pctChange needs an ordered table
    sortRequired(() => unsorted().derive((r) => ({ pct: r.p.pctChange() })), "pctChange");
  });

  it("rolling aggregates", () => {
    // @ts-expect-error rolling needs an ordered table
    sortRequired(() => unsorted().derive((r) => ({ m: r.p.rolling(3).mean() })), "rolling");
    // @ts-expect-error rolling needs an ordered table
    sortRequired(() => unsorted().derive((r) => ({ m: r.p.rolling(2).sum() })), "rolling");
    // @ts-expect-error rolling needs an ordered table
    sortRequired(() => unsorted().derive((r) => ({ m: r.p.rolling(2).min() })), "rolling");
    // @ts-expect-error rolling needs an ordered table
    sortRequired(() => unsorted().derive((r) => ({ m: r.p.rolling(2).max() })), "rolling");
    // @ts-expect-error rolling needs an ordered table
    sortRequired(() => unsorted().derive((r) => ({ m: r.p.rolling(2).count() })), "rolling");
    // @ts-expect-error rolling needs an ordered table
    sortRequired(() => unsorted().derive((r) => ({ m: r.p.rolling(2, { partitionBy: r.sym }).std() })), "rolling");
  });

  it("cumSum, cumMax, cumMin", () => {
    // @ts-expect-error cumSum needs an ordered table
    sortRequired(() => unsorted().derive((r) => ({ c: r.p.cumSum() })), "cumSum");
    // @ts-expect-error cumMax needs an ordered table
    sortRequired(() => unsorted().derive((r) => ({ c: r.p.cumMax() })), "cumMax");
    // @ts-expect-error cumMin needs an ordered table
    sortRequired(() => unsorted().derive((r) => ({ c: r.p.cumMin({ partitionBy: "sym" }) })), "cumMin");
  });

  it("ranking without its own orderBy also says orderBy is an alternative", () => {
    for (const [name, run] of [
      ["rowNumber", () => unsorted().derive((r) => ({ n: rowNumber(), d2: r.d }))],
      ["rank", () => unsorted().derive((r) => ({ n: rank(), d2: r.d }))],
      ["denseRank", () => unsorted().derive((r) => ({ n: denseRank(), d2: r.d }))],
      ["ntile", () => unsorted().derive((r) => ({ n: ntile(2), d2: r.d }))],
      ["rowNumber", () => unsorted().derive((r) => ({ n: rowNumber().over({ partitionBy: r.sym }) }))],
    ] as const) {
      const e = sortRequired(run, name);
      expect(e.message).toContain("orderBy");
    }
  });

  it("in filter and select", () => {
    // @ts-expect-error shift needs an ordered table
    sortRequired(() => unsorted().filter((r) => r.p > r.p.shift(1)), "shift");
    // @ts-expect-error rolling needs an ordered table
    sortRequired(() => unsorted().select((r) => ({ d: r.d, m: r.p.rolling(2).mean() })), "rolling");
    sortRequired(() => unsorted().filter((r) => rowNumber() === r.d), "rowNumber");
  });

  it("table-level cumSum", () => {
    // @ts-expect-error cumSum needs an ordered table
    sortRequired(() => unsorted().cumSum("p"), "cumSum");
  });

  it("after transforms that clear or trim the declared order", () => {
    // @ts-expect-error distinct clears the declared order
    sortRequired(() => sorted().distinct().derive((r) => ({ prev: r.p.shift(1) })), "shift");
    // select without the key column trims the order to nothing
    sortRequired(() => sorted().select("sym", "p").derive((r) => ({ prev: r.p.shift(1) })), "shift");
    // overwriting the only key column trims the order to nothing
    sortRequired(() => sorted().derive((r) => ({ d: r.d * 2 })).derive((r) => ({ c: r.p.cumSum() })), "cumSum");
  });

  it("the same operators work once an order is declared", async () => {
    expect(await sorted().derive((r) => ({ prev: r.p.shift(1), c: r.p.cumSum(), n: rowNumber() })).collect()).toEqual([
      { d: 1, sym: "B", p: 10, prev: null, c: 10, n: 1 },
      { d: 2, sym: "A", p: 20, prev: 10, c: 30, n: 2 },
      { d: 3, sym: "A", p: 30, prev: 20, c: 60, n: 3 },
    ]);
  });
});

describe("ranking with its own orderBy needs no declared order", () => {
  it("rank/denseRank/rowNumber/ntile over { orderBy }, rows kept in source order", async () => {
    const t = unsorted().derive((r) => ({
      rn: rowNumber().over({ orderBy: r.d }),
      rk: rank().over({ orderBy: r.p.desc() }),
      dr: denseRank().over({ orderBy: desc(r.sym) }),
      nt: ntile(2).over({ orderBy: r.d }),
    }));
    expect(t.sortKeys).toEqual([]);
    expect(await t.collect()).toEqual([
      { d: 2, sym: "A", p: 20, rn: 2, rk: 2, dr: 2, nt: 1 },
      { d: 1, sym: "B", p: 10, rn: 1, rk: 3, dr: 1, nt: 1 },
      { d: 3, sym: "A", p: 30, rn: 3, rk: 1, dr: 2, nt: 2 },
    ]);
  });

  it("with partitionBy", async () => {
    expect(await unsorted().select((r) => ({ d: r.d, rn: rowNumber().over({ partitionBy: r.sym, orderBy: r.d }) })).collect()).toEqual([
      { d: 2, rn: 1 },
      { d: 1, rn: 1 },
      { d: 3, rn: 2 },
    ]);
  });

  it("in a filter", async () => {
    expect(await unsorted().filter((r) => rowNumber().over({ partitionBy: r.sym, orderBy: r.d.desc() }) === 1).collect()).toEqual([
      { d: 1, sym: "B", p: 10 },
      { d: 3, sym: "A", p: 30 },
    ]);
  });
});

describe("InvalidArgumentError", () => {
  // A literal `rolling(0)` / `ntile(0)` is rejected when the lambda is compiled (the transformer
  // reports it at build time), so these sizes arrive as values read at call time.
  it("rolling(0)", () => {
    const w: number = 0;
    syncError(() => sorted().derive((r) => ({ m: r.p.rolling(w).mean() })), InvalidArgumentError, "INVALID_ARGUMENT", "rolling");
  });

  it("a negative rolling window", () => {
    const w: number = -2;
    syncError(() => sorted().derive((r) => ({ m: r.p.rolling(w).sum() })), InvalidArgumentError, "INVALID_ARGUMENT", "rolling");
  });

  it("ntile(0)", () => {
    const n: number = 0;
    syncError(() => sorted().derive((r) => ({ b: ntile(n), d2: r.d })), InvalidArgumentError, "INVALID_ARGUMENT", "ntile");
  });
});

describe("TypeMismatchError", () => {
  it("a rolling mean of a string column names the column", () => {
    // @ts-expect-error rolling is for number columns
    const e = syncError(() => sorted().derive((r) => ({ m: r.sym.rolling(2).mean() })), TypeMismatchError, "TYPE_MISMATCH", "sym");
    expect(e.message).toMatch(/utf8|string/);
  });

  it("cumSum and diff of a string column name the column", () => {
    // @ts-expect-error cumSum is for number columns
    syncError(() => sorted().derive((r) => ({ c: r.sym.cumSum() })), TypeMismatchError, "TYPE_MISMATCH", "sym");
    // @ts-expect-error diff is for number columns
    syncError(() => sorted().derive((r) => ({ c: r.sym.diff() })), TypeMismatchError, "TYPE_MISMATCH", "sym");
  });

  it("table-level cumSum of a string column names the column", () => {
    syncError(() => sorted().cumSum("sym"), TypeMismatchError, "TYPE_MISMATCH", "sym");
  });

  it("a string shift default on a number column", () => {
    // @ts-expect-error the default must have the column's type
    syncError(() => sorted().derive((r) => ({ prev: r.p.shift(1, { default: "none" }) })), TypeMismatchError, "TYPE_MISMATCH", "default");
  });

  it("a number shift default on a string column", () => {
    // @ts-expect-error the default must have the column's type
    syncError(() => sorted().derive((r) => ({ prev: r.sym.shift(1, { default: 0 }) })), TypeMismatchError, "TYPE_MISMATCH", "default");
  });

  it("a boolean shift default on a number column", () => {
    // @ts-expect-error the default must have the column's type
    syncError(() => sorted().derive((r) => ({ prev: r.p.shift(1, { default: true }) })), TypeMismatchError, "TYPE_MISMATCH", "default");
  });
});

describe("unknown option keys are named", () => {
  /**
   * Under the transformer (project "compiled") such a lambda is a build-time error, silenced here
   * by `@ts-expect-error`, so it reaches the runtime uncompiled and is refused quoting its source;
   * the run-time parser (project "fallback") reports the option itself.
   */
  const compiled = process.env.LTSEQ_REQUIRE_COMPILED === "1";
  const named = (action: () => unknown, key: string) => {
    let caught: unknown;
    try {
      action();
    } catch (e) {
      caught = e;
    }
    expect(caught, `expected an error naming "${key}"`).toBeInstanceOf(LTSeqError);
    const message = (caught as Error).message;
    expect(message).toContain(key);
    if (!compiled) {
      expect(message).toContain(`unknown option "${key}"`);
      expect(message).toContain("partitionBy");
    }
  };

  it("in shift, rolling, cumSum, diff and over", () => {
    // @ts-expect-error misspelt option
    named(() => sorted().derive((r) => ({ prev: r.p.shift(1, { partitonBy: r.sym }) })), "partitonBy");
    // @ts-expect-error unknown option
    named(() => sorted().derive((r) => ({ m: r.p.rolling(2, { center: true }).mean() })), "center");
    // @ts-expect-error unknown option
    named(() => sorted().derive((r) => ({ c: r.p.cumSum({ skipNulls: false }) })), "skipNulls");
    // @ts-expect-error unknown option
    named(() => sorted().derive((r) => ({ d1: r.p.diff(1, { fill: 0 }) })), "fill");
    // @ts-expect-error unknown option
    named(() => sorted().derive((r) => ({ n: rowNumber().over({ order: r.d }) })), "order");
  });
});
