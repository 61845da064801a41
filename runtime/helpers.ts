/**
 * Free functions used inside lambdas: `when`, `coalesce`, `desc`. They are markers the transformer
 * and the fallback parser recognise in lambda source; calling them outside a lambda is a mistake.
 */
import { InvalidArgumentError } from "./errors.js";
import type { SortDirection } from "./types.js";

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
