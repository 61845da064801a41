/**
 * The one error type the analysis throws ({@link LoweringError}) and the table of stable codes.
 * `diagnostics.ts` is the one place that turns it into a positioned TypeScript diagnostic.
 */
import type TS from "typescript";

/**
 * Stable diagnostic codes, printed by tsc as `error TS<code>`. Never renumber; add new codes at
 * the end. docs/setup.md lists them.
 */
export const CODES = {
  /** An operator with no SQL meaning here (`**` on columns, bitwise, `in`, `typeof`, assignment, ...). */
  UNSUPPORTED_OPERATOR: 91001,
  /** A function call on row values that is not a column method, Math function or ltseq helper. */
  UNSUPPORTED_CALL: 91002,
  /** A column method that is not in the registry. */
  UNKNOWN_METHOD: 91003,
  /** Wrong number of arguments. */
  ARITY: 91004,
  /** An argument that must be written as a literal (cast type, regex flags, window sizes). */
  LITERAL_REQUIRED: 91005,
  /** The row parameter used as a value (`r`, `f(r)`). */
  ROW_ESCAPES: 91006,
  /** A block body with statements besides a single `return`. */
  STATEMENT_BODY: 91007,
  /** A parameter shape other than `r` or `({ a, b })`. */
  PARAMETER: 91008,
  /** A function, class, `new`, `await` or other construct inside a row expression. */
  UNSUPPORTED_SYNTAX: 91009,
  /** An array/object literal, spread or regex where only an expression is allowed. */
  BODY_SHAPE: 91010,
  /** A value from outside the lambda whose type cannot be a literal (an object, array, function). */
  NOT_A_VALUE: 91011,
  /** NaN or Infinity. */
  NON_FINITE: 91012,
  /** `this`/`arguments` inside a `function` lambda (use an arrow function). */
  THIS_IN_FUNCTION: 91013,
  /** Optional chaining `?.`. */
  OPTIONAL_CHAIN: 91014,
  /** Reserved: was raised for linked-table paths before links existed; kept so codes stay stable. */
  NOT_SUPPORTED_YET: 91015,
  /** `readCsv<S>("file")`: the file's columns disagree with `S`. */
  SCHEMA_MISMATCH: 91016,
  /** Malformed options of a sequence operator (`shift`, `rolling`, `.over(...)`). */
  WINDOW_OPTIONS: 91017,
  /** A property that is neither a column nor a supported property (`length`). */
  UNKNOWN_PROPERTY: 91018,
  /** A group lambda reading the group other than through an aggregate (`g.price` alone, `g.first()`). */
  GROUP_EXPRESSION: 91019,
} as const;

export type CodeName = keyof typeof CODES;

/** Thrown anywhere in the analysis; `node` is where the diagnostic points. */
export class LoweringError extends Error {
  constructor(readonly node: TS.Node, readonly code: CodeName, message: string) {
    super(message);
    this.name = "LoweringError";
  }
}

/** Throws a {@link LoweringError}. */
export function fail(node: TS.Node, code: CodeName, message: string): never {
  throw new LoweringError(node, code, message);
}
