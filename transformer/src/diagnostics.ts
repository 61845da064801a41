/**
 * The one place a {@link LoweringError} becomes a positioned TypeScript diagnostic, and the rules
 * that keep the transformer quiet: no error of ours on a lambda TypeScript already reports, nor on
 * a line under `// @ts-expect-error` / `// @ts-ignore` (which then count as used).
 */
import type TS from "typescript";
import { CODES, type LoweringError } from "./errors.js";

export const SOURCE = "ltseq";

export function toDiagnostic(ts: typeof TS, sf: TS.SourceFile, e: LoweringError): TS.Diagnostic {
  const start = e.node.getStart(sf);
  return {
    file: sf,
    start,
    length: Math.max(0, e.node.getEnd() - start),
    category: ts.DiagnosticCategory.Error,
    code: CODES[e.code],
    messageText: `ltseq: ${e.message}`,
    source: SOURCE,
  };
}

/** Whether one of TypeScript's diagnostics lies inside `scope` (then TypeScript has said enough). */
export function reportedByTs(sf: TS.SourceFile, scope: TS.Node, tsDiagnostics: readonly TS.Diagnostic[]): boolean {
  const from = scope.getStart(sf);
  const to = scope.getEnd();
  return tsDiagnostics.some((d) => d.file === sf && d.start !== undefined && d.start >= from && d.start < to && d.source !== SOURCE);
}

/** The line (0-based) of the `@ts-expect-error`/`@ts-ignore` comment covering `pos`, if any. */
export function directiveLine(ts: typeof TS, sf: TS.SourceFile, pos: number): number | undefined {
  const starts = sf.getLineStarts();
  let line = ts.getLineAndCharacterOfPosition(sf, pos).line - 1;
  while (line >= 0) {
    const text = sf.text.slice(starts[line], line + 1 < starts.length ? starts[line + 1] : sf.text.length).trim();
    if (/^\/\/\s*@ts-(expect-error|ignore)\b/.test(text) || /^\/\*+\s*@ts-(expect-error|ignore)\b/.test(text)) return line;
    // TypeScript skips blank lines and plain comment lines between the directive and the error.
    if (text !== "" && !text.startsWith("//")) return undefined;
    line--;
  }
  return undefined;
}

/** TypeScript's "Unused '@ts-expect-error' directive." */
export const UNUSED_DIRECTIVE = 2578;

export interface Reported {
  /** Our diagnostics to add. */
  readonly add: TS.Diagnostic[];
  /** Lines of `@ts-expect-error` directives our suppressed errors used (their 2578 goes away). */
  readonly usedDirectiveLines: Set<number>;
}

/** Which of a file's errors to report, given TypeScript's own diagnostics for the file. */
export function report(
  ts: typeof TS, sf: TS.SourceFile, errors: readonly { error: LoweringError; scope: TS.Node }[], tsDiagnostics: () => readonly TS.Diagnostic[],
): Reported {
  const add: TS.Diagnostic[] = [];
  const usedDirectiveLines = new Set<number>();
  for (const { error, scope } of errors) {
    const d = toDiagnostic(ts, sf, error);
    const line = directiveLine(ts, sf, d.start!);
    if (line !== undefined) { usedDirectiveLines.add(line); continue; }
    if (reportedByTs(sf, scope, tsDiagnostics())) continue;
    add.push(d);
  }
  return { add, usedDirectiveLines };
}

/** Drops "unused @ts-expect-error" diagnostics for directives that suppressed an error of ours. */
export function withoutUsedDirectives(ts: typeof TS, sf: TS.SourceFile, diags: readonly TS.Diagnostic[], lines: Set<number>): TS.Diagnostic[] {
  if (lines.size === 0) return [...diags];
  return diags.filter((d) => !(d.code === UNUSED_DIRECTIVE && d.file === sf && d.start !== undefined &&
    lines.has(ts.getLineAndCharacterOfPosition(sf, d.start).line)));
}

/** `file.ts(3,7): error TS91002: ...` lines, as tsc prints them. */
export function formatDiagnostics(ts: typeof TS, diags: readonly TS.Diagnostic[], cwd = process.cwd()): string {
  return ts.formatDiagnostics(diags, {
    getCanonicalFileName: (f) => f,
    getCurrentDirectory: () => cwd,
    getNewLine: () => "\n",
  });
}
