/**
 * Free functions used inside lambdas: `when`, `coalesce`, `desc`. They are markers the transformer
 * and the fallback parser recognise in lambda source; calling them outside a lambda is a mistake.
 */
import { InvalidArgumentError } from "./errors.js";
import type { RankingCol, SortDirection } from "./types.js";

function outside(name: string): never {
  throw new InvalidArgumentError(`${name}(...) only has a meaning inside a lambda passed to an LTSeq method`);
}

/** A chain of conditions: `when(r.x > 10, "big").when(r.x > 5, "mid").otherwise("small")`. */
export interface When<T> {
  when<U>(condition: boolean, value: U): When<T | U>;
  otherwise<U>(value: U): T | U;
}

export function when<T>(_condition: boolean, _value: T): When<T> { return outside("when"); }
/** First non-NULL argument: `coalesce(r.nick, r.name, "anonymous")`. */
export function coalesce<T extends readonly unknown[]>(..._values: T): T[number] { return outside("coalesce"); }
/** Descending sort key: `t.sort(r => [r.sym, desc(r.date)])`. */
export function desc(_value: unknown): SortDirection { return outside("desc"); }

/** 1, 2, 3, … in order: `rowNumber().over({ partitionBy: r.sym, orderBy: r.date })`. */
export function rowNumber(): RankingCol { return outside("rowNumber"); }
/** Rank with gaps for ties (1, 1, 3). */
export function rank(): RankingCol { return outside("rank"); }
/** Rank without gaps (1, 1, 2). */
export function denseRank(): RankingCol { return outside("denseRank"); }
/** Bucket number 1..n of equal-sized buckets in order. */
export function ntile(_n: number): RankingCol { return outside("ntile"); }
