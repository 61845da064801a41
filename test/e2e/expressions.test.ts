/** API.md §4 and §12 (NULL): every expression construct on literal data, with TypeScript semantics. */
import { describe, expect, it } from "vitest";
import { LTSeq, coalesce, when } from "ltseq";

type Nums = { i: number; j: number; neg: number; f: number; zero: number; k: number; e: number };
const nums = () =>
  LTSeq.fromRows<Nums>([{ i: 7, j: 2, neg: -7, f: 7.5, zero: 0, k: 1000, e: 8 }]);

type Str = { s: string; p: string; u: string; dots: string };
const strs = () => LTSeq.fromRows<Str>([{ s: "Hello, World", p: "  pad me \t", u: "héllo", dots: "a.b.c" }]);

type Nul = { x: number | null; y: number | null; s: string | null };
const nulls = () =>
  LTSeq.fromRows<Nul>([
    { x: 1, y: null, s: "a" },
    { x: null, y: null, s: null },
    { x: 3, y: 3, s: "c" },
  ]);

describe("arithmetic", () => {
  it("/ is true division, also on int64 columns", async () => {
    const t = nums().select((r) => ({ q: r.i / r.j, whole: r.k / r.j, frac: r.j / r.e }));
    expect(t.schema).toEqual({ q: "float64", whole: "float64", frac: "float64" });
    expect(await t.collect()).toEqual([{ q: 3.5, whole: 500, frac: 0.25 }]);
  });

  it("+ - * % and unary minus, with JS precedence and JS remainder sign", async () => {
    expect(
      await nums()
        .select((r) => ({
          add: r.i + r.j, sub: r.j - r.i, mul: r.i * r.j, rem: r.i % r.j, negRem: r.neg % r.j,
          fRem: r.f % r.j, minus: -r.i, prec: r.i + r.j * 3, paren: (r.i + r.j) * 3,
        }))
        .collect(),
    ).toEqual([{ add: 9, sub: -5, mul: 14, rem: 1, negRem: -1, fRem: 1.5, minus: -7, prec: 13, paren: 27 }]);
  });
});

describe("comparisons and logic", () => {
  it("=== !== == != < <= > >= && || !", async () => {
    expect(
      await nums()
        .select((r) => ({
          eq: r.i === 7, ne: r.i !== 7, leq: r.i == 7, lne: r.i != 7, lt: r.j < r.i, le: r.i <= 7,
          gt: r.j > r.i, ge: r.j >= 2, and: r.i > 1 && r.j > 5, or: r.i > 1 || r.j > 5, not: !(r.i > 1),
        }))
        .collect(),
    ).toEqual([{ eq: true, ne: false, leq: true, lne: false, lt: true, le: true, gt: false, ge: true, and: false, or: true, not: false }]);
  });

  it("compares strings and dates", async () => {
    const t = LTSeq.fromRows([{ a: "apple", b: "banana", d: new Date("2024-01-02T00:00:00Z") }]);
    expect(await t.select((r) => ({ lt: r.a < r.b, eq: r.a === "apple" })).collect()).toEqual([{ lt: true, eq: true }]);
    expect(await t.filter((r) => r.d.getTime() > 1704067200000).count()).toBe(1);
  });
});

describe("NULL (three-valued logic)", () => {
  it("=== null, == null and === undefined test IS NULL; !== null tests IS NOT NULL", async () => {
    expect(
      await nulls()
        .select((r) => ({ a: r.x === null, b: r.x == null, c: r.x === undefined, d: r.x !== null, e: r.x != null }))
        .collect(),
    ).toEqual([
      { a: false, b: false, c: false, d: true, e: true },
      { a: true, b: true, c: true, d: false, e: false },
      { a: false, b: false, c: false, d: true, e: true },
    ]);
    expect(await nulls().filter((r) => r.x === null).collect()).toEqual([{ x: null, y: null, s: null }]);
  });

  it("an operator with a NULL operand gives NULL (5 - null is null)", async () => {
    expect(
      await nulls()
        .select((r) => ({ d: 5 - r.y, sum: r.x + r.y, cmp: r.x > r.y, cat: r.s + "!", both: r.x === r.y }))
        .collect(),
    ).toEqual([
      { d: null, sum: null, cmp: null, cat: "a!", both: null },
      { d: null, sum: null, cmp: null, cat: null, both: null },
      { d: 2, sum: 6, cmp: false, cat: "c!", both: true },
    ]);
  });

  it("filter drops rows whose predicate is NULL, whichever way it is negated", async () => {
    expect(await nulls().filter((r) => r.x > 1).collect()).toEqual([{ x: 3, y: 3, s: "c" }]);
    expect(await nulls().filter((r) => !(r.x > 1)).collect()).toEqual([{ x: 1, y: null, s: "a" }]);
    expect(await nulls().filter((r) => r.x === r.y).collect()).toEqual([{ x: 3, y: 3, s: "c" }]);
    expect(await nulls().filter((r) => r.x > 1 || r.s === "a").collect()).toEqual([
      { x: 1, y: null, s: "a" },
      { x: 3, y: 3, s: "c" },
    ]);
  });

  it("an all-NULL column (type null) is NULL for ===, ?? and isNull()", async () => {
    const t = LTSeq.fromRows<{ i: number; n: number | null }>([{ i: 1, n: null }, { i: 2, n: null }]);
    expect(t.schema).toEqual({ i: "int64", n: "null" });
    expect(await t.collect()).toEqual([{ i: 1, n: null }, { i: 2, n: null }]);
    expect(await t.filter((r) => r.n === null).count()).toBe(2);
    expect(await t.select((r) => ({ a: r.n === null, b: r.n.isNull(), c: r.n ?? r.i })).collect()).toEqual([
      { a: true, b: true, c: 1 },
      { a: true, b: true, c: 2 },
    ]);
  });

  it("?? , coalesce(), fillNull(), isNull() and isNotNull()", async () => {
    expect(
      await nulls()
        .select((r) => ({
          a: r.x ?? 0, b: r.y ?? r.x ?? -1, c: coalesce(r.y, r.x, 100), d: r.s.fillNull("?"),
          e: r.x.isNull(), f: r.x.isNotNull(),
        }))
        .collect(),
    ).toEqual([
      { a: 1, b: 1, c: 1, d: "a", e: false, f: true },
      { a: 0, b: -1, c: 100, d: "?", e: true, f: false },
      { a: 3, b: 3, c: 3, d: "c", e: false, f: true },
    ]);
  });
});

describe("conditionals", () => {
  it("ternary, nested ternary, and a NULL test taking the else branch", async () => {
    expect(
      await nulls()
        .select((r) => ({ t: r.x > 2 ? "big" : "small", n: r.x === null ? 0 : r.x > 2 ? 2 : 1 }))
        .collect(),
    ).toEqual([{ t: "small", n: 1 }, { t: "small", n: 0 }, { t: "big", n: 2 }]);
  });

  it("when(...).when(...).otherwise(...), and NULL without otherwise", async () => {
    const t = LTSeq.range(0, 12, 4);
    expect(
      await t
        .select((r) => ({
          v: r.value,
          size: when(r.value > 6, "big").when(r.value > 2, "mid").otherwise("small"),
          big: when(r.value > 6, true),
        }))
        .collect(),
    ).toEqual([
      { v: 0, size: "small", big: null },
      { v: 4, size: "mid", big: null },
      { v: 8, size: "big", big: true },
    ]);
  });
});

describe("strings", () => {
  it("template literals and + concatenate; numbers and booleans become text", async () => {
    const t = LTSeq.fromRows([{ first: "Ada", last: "Lovelace", n: 7, ok: true }]);
    expect(
      await t
        .select((r) => ({ full: `${r.first} ${r.last}`, tag: `#${r.n}:${r.ok}`, plus: r.first + "-" + r.n, lit: `x` }))
        .collect(),
    ).toEqual([{ full: "Ada Lovelace", tag: "#7:true", plus: "Ada-7", lit: "x" }]);
  });

  it("tests: startsWith, endsWith, includes, like, matches", async () => {
    expect(
      await strs()
        .select((r) => ({
          sw: r.s.startsWith("Hell"), ew: r.s.endsWith("World"), inc: r.s.includes(", "), no: r.s.includes("xyz"),
          like1: r.s.like("Hello%"), like2: r.s.like("_ello%"), like3: r.s.like("hello%"),
          m1: r.s.matches(/^hello/i), m2: r.s.matches(/world$/), m3: r.s.matches(/W.rld/),
        }))
        .collect(),
    ).toEqual([{ sw: true, ew: true, inc: true, no: false, like1: true, like2: true, like3: false, m1: true, m2: false, m3: true }]);
  });

  it("case and trimming", async () => {
    expect(
      await strs()
        .select((r) => ({ lo: r.s.toLowerCase(), up: r.s.toUpperCase(), t: r.p.trim(), ts: r.p.trimStart(), te: r.p.trimEnd() }))
        .collect(),
    ).toEqual([{ lo: "hello, world", up: "HELLO, WORLD", t: "pad me", ts: "pad me \t", te: "  pad me" }]);
  });

  it("slice with JS 0-based and negative indexes", async () => {
    expect(
      await strs()
        .select((r) => ({
          a: r.s.slice(7), b: r.s.slice(0, 5), c: r.s.slice(-5), d: r.s.slice(-5, -1), e: r.s.slice(3, 1),
          f: r.s.slice(-100, 2), g: r.s.slice(2, 100), h: r.u.slice(1, 3),
        }))
        .collect(),
    ).toEqual([{ a: "World", b: "Hello", c: "World", d: "Worl", e: "", f: "He", g: "llo, World", h: "él" }]);
  });

  it("substring swaps reversed bounds and treats negatives as 0", async () => {
    expect(
      await strs().select((r) => ({ a: r.s.substring(5, 0), b: r.s.substring(-3, 2), c: r.s.substring(7) })).collect(),
    ).toEqual([{ a: "Hello", b: "He", c: "World" }]);
  });

  it("replace replaces the first occurrence only, literally; replaceAll every one", async () => {
    expect(
      await strs()
        .select((r) => ({
          one: r.s.replace("o", "0"), all: r.s.replaceAll("o", "0"), none: r.s.replace("xyz", "!"),
          dot: r.dots.replace(".", "!"), dotAll: r.dots.replaceAll(".", "!"),
        }))
        .collect(),
    ).toEqual([{ one: "Hell0, World", all: "Hell0, W0rld", none: "Hello, World", dot: "a!b.c", dotAll: "a!b!c" }]);
  });

  it("padStart/padEnd pad but never truncate", async () => {
    expect(
      await strs()
        .select((r) => ({ a: r.s.padStart(15, "*"), b: r.s.padStart(5, "*"), c: r.s.padEnd(14, "."), d: r.s.padStart(14), e: r.s.padEnd(3) }))
        .collect(),
    ).toEqual([{ a: "***Hello, World", b: "Hello, World", c: "Hello, World..", d: "  Hello, World", e: "Hello, World" }]);
  });

  it("indexOf is 0-based and -1 when absent; length counts characters", async () => {
    expect(
      await strs()
        .select((r) => ({ a: r.s.indexOf("o"), b: r.s.indexOf("World"), c: r.s.indexOf("z"), len: r.s.length, ulen: r.u.length }))
        .collect(),
    ).toEqual([{ a: 4, b: 7, c: -1, len: 12, ulen: 5 }]);
  });

  it("methods chain", async () => {
    expect(await strs().select((r) => ({ c: r.p.trim().toUpperCase().padEnd(8, "!") })).collect()).toEqual([{ c: "PAD ME!!" }]);
  });
});

describe("Math", () => {
  it("Math.round rounds halves toward +∞ as JS does (Math.round(-2.5) === -2)", async () => {
    const t = LTSeq.fromColumns({ x: [-2.5, 2.5, -2.6, 0.49, 1.5] });
    expect((await t.select((r) => ({ r: Math.round(r.x) })).collect()).map((o) => o.r)).toEqual([-2, 3, -3, 0, 2]);
    expect(await nums().select((r) => ({ r: Math.round(r.i) })).collect()).toEqual([{ r: 7 }]);
  });

  it("abs, floor, ceil, trunc, sign", async () => {
    const t = LTSeq.fromColumns({ x: [-2.5, 3.7] });
    expect(
      await t
        .select((r) => ({ abs: Math.abs(r.x), floor: Math.floor(r.x), ceil: Math.ceil(r.x), trunc: Math.trunc(r.x), sign: Math.sign(r.x) }))
        .collect(),
    ).toEqual([
      { abs: 2.5, floor: -3, ceil: -2, trunc: -2, sign: -1 },
      { abs: 3.7, floor: 3, ceil: 4, trunc: 3, sign: 1 },
    ]);
  });

  it("sqrt, pow, exp, log, log10, log2, sin, cos, tan, atan2, constants", async () => {
    expect(
      await nums()
        .select((r) => ({
          sqrt: Math.sqrt(r.i + 9), pow: Math.pow(r.j, 10), exp: Math.exp(r.zero), log: Math.log(r.i - 6),
          log10: Math.log10(r.k), log2: Math.log2(r.e), sin: Math.sin(r.zero), cos: Math.cos(r.zero),
          tan: Math.tan(r.zero), atan2: Math.atan2(r.j, r.j), pi: Math.PI * r.j,
        }))
        .collect(),
    ).toEqual([{ sqrt: 4, pow: 1024, exp: 1, log: 0, log10: 3, log2: 3, sin: 0, cos: 1, tan: 0, atan2: Math.PI / 4, pi: 2 * Math.PI }]);
  });

  it("Math.min / Math.max over several values", async () => {
    expect(
      await nums().select((r) => ({ max: Math.max(r.i, r.j, 5), min: Math.min(r.i, r.j), one: Math.max(r.i) })).collect(),
    ).toEqual([{ max: 7, min: 2, one: 7 }]);
  });

  it("Math.min / Math.max are NULL if any argument is NULL (as JS gives NaN)", async () => {
    expect(await nulls().select((r) => ({ max: Math.max(r.x, 2), min: Math.min(r.x, r.y) })).collect()).toEqual([
      { max: 2, min: null },
      { max: null, min: null },
      { max: 3, min: 3 },
    ]);
  });
});

describe("dates (UTC, JS semantics)", () => {
  const dates = () =>
    LTSeq.fromRows([{ d: new Date("2024-03-05T14:07:09.123Z") }, { d: new Date("2023-12-31T23:59:59.000Z") }]);

  it("getFullYear/getMonth (0-based)/getDate/getDay (Sunday = 0)/getHours/getMinutes/getSeconds/getTime", async () => {
    expect(
      await dates()
        .select((r) => ({
          y: r.d.getFullYear(), mo: r.d.getMonth(), day: r.d.getDate(), dow: r.d.getDay(),
          h: r.d.getHours(), mi: r.d.getMinutes(), s: r.d.getSeconds(), t: r.d.getTime(),
        }))
        .collect(),
    ).toEqual([
      { y: 2024, mo: 2, day: 5, dow: 2, h: 14, mi: 7, s: 9, t: 1709647629123 },
      { y: 2023, mo: 11, day: 31, dow: 0, h: 23, mi: 59, s: 59, t: 1704067199000 },
    ]);
  });

  it("works on date32 columns and supports arithmetic on getTime()", async () => {
    const t = LTSeq.fromRows([{ a: new Date("2024-01-15T00:00:00Z"), b: new Date("2024-01-16T12:00:00Z") }], {
      schema: { a: "date32", b: "timestamp" },
    });
    expect(t.schema).toEqual({ a: "date32", b: "timestamp" });
    expect(
      await t
        .select((r) => ({ t: r.a.getTime(), dow: r.a.getDay(), mo: r.a.getMonth(), hours: (r.b.getTime() - r.a.getTime()) / 3600000 }))
        .collect(),
    ).toEqual([{ t: 1705276800000, dow: 1, mo: 0, hours: 36 }]);
  });
});

describe("helpers", () => {
  it("isIn and between (inclusive)", async () => {
    expect(
      await nums()
        .select((r) => ({ a: r.i.isIn([1, 7]), b: r.i.isIn([1, 2]), c: r.i.between(5, 7), d: r.i.between(8, 9), e: r.f.between(7, 8) }))
        .collect(),
    ).toEqual([{ a: true, b: false, c: true, d: false, e: true }]);
    expect(await strs().filter((r) => r.u.isIn(["x", "héllo"])).count()).toBe(1);
  });

  it("cast converts between types", async () => {
    const t = LTSeq.fromRows([{ i: 7, s: "42", f: 2.0 }]).select((r) => ({
      toF: r.i.cast("float64"), toS: r.i.cast("utf8"), toI: r.s.cast("int64"), half: r.i.cast("float64") / 2,
    }));
    expect(t.schema).toEqual({ toF: "float64", toS: "utf8", toI: "int64", half: "float64" });
    expect(await t.collect()).toEqual([{ toF: 7, toS: "7", toI: 42, half: 3.5 }]);
  });
});

describe("lambda forms", () => {
  it("bracket access, destructured parameters and block bodies", async () => {
    const t = LTSeq.fromRows([{ "unit price": 2.5, qty: 4 }]);
    expect(await t.select((r) => ({ total: r["unit price"] * r.qty })).collect()).toEqual([{ total: 10 }]);
    expect(await t.select(({ qty }) => ({ twice: qty * 2 })).collect()).toEqual([{ twice: 8 }]);
    expect(
      await t
        .select((r) => {
          return { q: r.qty + 1 };
        })
        .collect(),
    ).toEqual([{ q: 5 }]);
  });
});
