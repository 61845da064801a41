/** Shared helpers for the end-to-end tests: temp files, fixtures and error assertions. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import { LTSeqError, type ErrorCode } from "ltseq";

/** A fresh temporary directory (`/tmp/ltseq-XXXXXX`). */
export function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "ltseq-"));
}

/** Writes `text` to `name` inside a fresh temp directory and returns the file's path. */
export function tmpFile(name: string, text: string | Uint8Array): string {
  const file = path.join(tmpDir(), name);
  fs.writeFileSync(file, text);
  return file;
}

/** Absolute path of a committed fixture under `test/fixtures/data/`. */
export function fixture(name: string): string {
  return fileURLToPath(new URL(`../fixtures/data/${name}`, import.meta.url));
}

type ErrorClass = abstract new (...args: never[]) => LTSeqError;

/**
 * Runs `action` (sync or async) and asserts it fails with an `LTSeqError` of class `cls` and
 * `code`, whose message contains every one of `parts`. Returns the error for further checks.
 */
export async function expectError(
  action: () => unknown,
  cls: ErrorClass,
  code: ErrorCode,
  ...parts: string[]
): Promise<LTSeqError> {
  let caught: unknown;
  let threw = false;
  try {
    await action();
  } catch (e) {
    threw = true;
    caught = e;
  }
  expect(threw, `expected ${cls.name} (${code}) but nothing was thrown`).toBe(true);
  expect(caught).toBeInstanceOf(LTSeqError);
  expect(caught).toBeInstanceOf(cls);
  const err = caught as LTSeqError;
  expect(err.code).toBe(code);
  for (const p of parts) expect(err.message).toContain(p);
  return err;
}

/** `[0, 1, ..., n - 1]`. */
export const iota = (n: number, start = 0): number[] => Array.from({ length: n }, (_, i) => start + i);

/** Sorts plain row objects by their JSON text, for results whose order is not promised. */
export function byJson<T>(rows: readonly T[]): T[] {
  const key = (r: T) => JSON.stringify(r, (_k, v) => (typeof v === "bigint" ? `${v}n` : v));
  return [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
