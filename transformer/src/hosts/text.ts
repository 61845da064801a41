/**
 * Applies an analysis to source text (the Vite plugin and `ltseq generate`): each rewritten lambda's
 * span is replaced by its tree literal, every other character stays where it was (so types,
 * comments and formatting survive, later lines keep their numbers, and a source map only moves
 * inside the replaced spans).
 */
import type TS from "typescript";
import MagicString from "magic-string";
import type { Analysis } from "../analyze.js";
import { toText } from "../emit/text.js";
import type { Hole } from "../model.js";

interface Edit { start: number; end: number; render: () => string }

export interface Spliced { code: string; changed: boolean; magic: MagicString }

export function splice(ts: typeof TS, sf: TS.SourceFile, analysis: Analysis): Spliced {
  const text = sf.text;
  const edits: Edit[] = [];
  // Text of [start, end) with the edits inside it applied (holes may contain rewritten lambdas).
  const slice = (start: number, end: number): string => {
    let out = "";
    let at = start;
    for (const e of outermost(edits.filter((x) => x.start >= start && x.end <= end && !(x.start === start && x.end === end)))) {
      out += text.slice(at, e.start) + e.render();
      at = e.end;
    }
    return out + text.slice(at, end);
  };
  const holeText = (h: Hole): string => slice(h.hole.getStart(sf), h.hole.getEnd());
  for (const r of analysis.rewrites) {
    const start = r.fn.getStart(sf);
    const end = r.fn.getEnd();
    edits.push({ start, end, render: () => keepLines(toText(r.lambda, holeText), text.slice(start, end)) });
  }
  for (const r of analysis.readers) {
    const edit = readerEdit(ts, sf, r.call, toText(r.schema, holeText));
    if (edit) edits.push(edit);
  }
  const magic = new MagicString(text);
  for (const e of outermost(edits)) {
    if (e.start === e.end) magic.appendLeft(e.start, e.render());
    else magic.overwrite(e.start, e.end, e.render());
  }
  return { code: magic.toString(), changed: edits.length > 0, magic };
}

/** Pads a replacement with the newlines of the text it replaces, so later lines keep their numbers. */
function keepLines(replacement: string, original: string): string {
  const count = (x: string) => (x.match(/\n/g) ?? []).length;
  const missing = count(original) - count(replacement);
  return missing > 0 ? replacement + "\n".repeat(missing) : replacement;
}

/** Edits not inside another edit, in source order. */
function outermost(edits: Edit[]): Edit[] {
  const sorted = [...edits].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Edit[] = [];
  for (const e of sorted) {
    const last = out[out.length - 1];
    if (last && e.start >= last.start && e.end <= last.end && e.start < last.end) continue;
    out.push(e);
  }
  return out;
}

/** Inserts `{ schema }` into a reader call: a new options argument, or a property of a literal one. */
function readerEdit(ts: typeof TS, sf: TS.SourceFile, call: TS.CallExpression, schema: string): Edit | undefined {
  const [pathArg, opts] = call.arguments;
  if (!opts) return { start: pathArg.getEnd(), end: pathArg.getEnd(), render: () => `, { schema: ${schema} }` };
  if (!ts.isObjectLiteralExpression(opts)) return undefined;
  const close = opts.getEnd() - 1;
  const sep = opts.properties.length === 0 ? " " : opts.properties.hasTrailingComma ? " " : ", ";
  return { start: close, end: close, render: () => `${sep}schema: ${schema} ` };
}
