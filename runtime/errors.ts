/**
 * Every error LTSeq raises is an {@link LTSeqError} with a stable `code`. The native side raises
 * the same codes (Rust error enum → napi error `code`), and {@link fromNative} maps them back here.
 */
export type ErrorCode =
  | "COLUMN_NOT_FOUND" | "SORT_REQUIRED" | "SCHEMA_MISMATCH" | "TYPE_MISMATCH"
  | "INVALID_ARGUMENT" | "IO" | "EXECUTION" | "UNTRANSLATABLE_LAMBDA";

export class LTSeqError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

export class ColumnNotFoundError extends LTSeqError {
  constructor(message: string) { super("COLUMN_NOT_FOUND", message); }
  /** `column "x" not found in filter; available columns: a, b`. */
  static of(column: string, available: readonly string[], where?: string): ColumnNotFoundError {
    return new ColumnNotFoundError(
      `column "${column}" not found${where ? ` in ${where}` : ""}; available columns: ${available.join(", ") || "(none)"}`,
    );
  }
}

export class SortRequiredError extends LTSeqError {
  constructor(message: string) { super("SORT_REQUIRED", message); }
  /** Says which call needed the order and how to declare one. */
  static of(call: string): SortRequiredError {
    return new SortRequiredError(
      `${call} needs a declared order, but this table has none; call .sort(...) first, or .assumeSorted(...) if the rows are already in order`,
    );
  }
}

export class SchemaMismatchError extends LTSeqError {
  constructor(message: string) { super("SCHEMA_MISMATCH", message); }
}
export class TypeMismatchError extends LTSeqError {
  constructor(message: string) { super("TYPE_MISMATCH", message); }
}
export class InvalidArgumentError extends LTSeqError {
  constructor(message: string) { super("INVALID_ARGUMENT", message); }
}
export class IoError extends LTSeqError {
  constructor(message: string) { super("IO", message); }
}
export class ExecutionError extends LTSeqError {
  constructor(message: string) { super("EXECUTION", message); }
}

/**
 * A lambda the fallback parser (or the transformer) cannot turn into a tree. `construct` names the
 * offending piece of source; the message says what to write instead.
 */
export class UntranslatableLambdaError extends LTSeqError {
  readonly construct: string;
  constructor(construct: string, message: string) {
    super("UNTRANSLATABLE_LAMBDA", message);
    this.construct = construct;
  }
}

const byCode: Record<Exclude<ErrorCode, "UNTRANSLATABLE_LAMBDA">, new (m: string) => LTSeqError> = {
  COLUMN_NOT_FOUND: ColumnNotFoundError,
  SORT_REQUIRED: SortRequiredError,
  SCHEMA_MISMATCH: SchemaMismatchError,
  TYPE_MISMATCH: TypeMismatchError,
  INVALID_ARGUMENT: InvalidArgumentError,
  IO: IoError,
  EXECUTION: ExecutionError,
};

/**
 * Converts an error thrown by the native addon to an LTSeqError. napi-rs only carries its own
 * status as the JS `code`, so the engine prefixes messages with `[LTSEQ:<CODE>] `.
 */
export function fromNative(err: unknown): LTSeqError {
  if (err instanceof LTSeqError) return err;
  const raw = (err as { message?: string } | undefined)?.message ?? String(err);
  const m = /^\[LTSEQ:([A-Z_]+)\] ([\s\S]*)$/.exec(raw);
  const code = m?.[1] as keyof typeof byCode | undefined;
  const Cls = (code && byCode[code]) || ExecutionError;
  return new Cls(m ? m[2] : raw);
}
