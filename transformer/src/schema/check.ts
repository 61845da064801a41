/**
 * Build-time check of `LTSeq.readCsv<Users>("literal/path.csv")` (and readParquet/readJson): when
 * the file exists, its columns are compared with `Users`, and a missing column or a type that
 * cannot hold the file's values is a compile error naming the column and both types. A matching
 * file's schema is passed to the call (`{ schema }`), so the run-time check guards against the
 * file changing after the build.
 */
import fs from "node:fs";
import path from "node:path";
import type TS from "typescript";
import { fail } from "../errors.js";
import type { Env } from "../identify.js";
import { acceptedKinds, DECLARABLE, tsTypeOf, type FileColumn } from "./types.js";

export interface SchemaCheck {
  /** A file's columns, or undefined when it cannot be read. */
  read(file: string, reader: "csv" | "parquet" | "json", options: { hasHeader?: boolean; delimiter?: string }): FileColumn[] | undefined;
}

/** Returns the schema to pass to the call, or undefined when nothing was checked. */
export function checkReader(env: Env, call: TS.CallExpression, reader: "csv" | "parquet" | "json", check: SchemaCheck | undefined): Record<string, string> | undefined {
  const { ts, checker, sf } = env;
  if (!check || !call.typeArguments || call.typeArguments.length !== 1) return undefined;
  const [pathArg, opts] = call.arguments;
  if (!pathArg || !(ts.isStringLiteral(pathArg) || ts.isNoSubstitutionTemplateLiteral(pathArg))) return undefined;
  const options = literalOptions(ts, opts);
  if (!options) return undefined;
  const file = locate(env, pathArg.text);
  if (!file) return undefined;
  const columns = check.read(file, reader, options);
  if (!columns) return undefined;

  const typeNode = call.typeArguments[0];
  const declared = checker.getTypeFromTypeNode(typeNode);
  const shown = pathArg.text;
  const typeName = typeNode.getText(sf);
  const byName = new Map(columns.map((c) => [c.name, c]));
  for (const prop of checker.getPropertiesOfType(declared)) {
    const col = byName.get(prop.name);
    if (!col) {
      fail(typeNode, "SCHEMA_MISMATCH",
        `column "${prop.name}" of ${typeName} is not in ${shown} (its columns: ${columns.map((c) => c.name).join(", ")})`);
    }
    const accepted = acceptedKinds(col.type);
    if (!accepted) continue;
    const propType = checker.getNonNullableType(checker.getTypeOfSymbolAtLocation(prop, typeNode));
    const kind = kindOf(ts, checker, propType);
    if (kind !== undefined && !accepted.includes(kind)) {
      fail(typeNode, "SCHEMA_MISMATCH",
        `column "${prop.name}": ${typeName} declares ${checker.typeToString(propType)}, but ${shown} has ${col.type} (${tsTypeOf(col.type)} in TypeScript)`);
    }
  }
  if (options.schema) return undefined;
  return columns.every((c) => DECLARABLE.has(c.type)) ? Object.fromEntries(columns.map((c) => [c.name, c.type])) : undefined;
}

/** hasHeader/delimiter written as literals (or no options); undefined when they cannot be known. */
function literalOptions(ts: typeof TS, opts: TS.Expression | undefined): { hasHeader?: boolean; delimiter?: string; schema?: boolean } | undefined {
  if (!opts) return {};
  if (!ts.isObjectLiteralExpression(opts)) return undefined;
  const out: { hasHeader?: boolean; delimiter?: string; schema?: boolean } = {};
  for (const p of opts.properties) {
    if (!ts.isPropertyAssignment(p) || !ts.isIdentifier(p.name)) return undefined;
    const v = p.initializer;
    if (p.name.text === "hasHeader" && (v.kind === ts.SyntaxKind.TrueKeyword || v.kind === ts.SyntaxKind.FalseKeyword)) {
      out.hasHeader = v.kind === ts.SyntaxKind.TrueKeyword;
    } else if (p.name.text === "delimiter" && ts.isStringLiteral(v)) {
      out.delimiter = v.text;
    } else if (p.name.text === "schema") {
      out.schema = true;
    } else {
      return undefined;
    }
  }
  return out;
}

/** The file a relative path names: from the working directory, the tsconfig's directory, or the source file's. */
function locate(env: Env, p: string): string | undefined {
  const bases = [process.cwd(), path.dirname(env.sf.fileName)];
  for (const b of bases) {
    const f = path.resolve(b, p);
    try { if (fs.statSync(f).isFile()) return f; } catch { /* next */ }
  }
  return undefined;
}

function kindOf(ts: typeof TS, checker: TS.TypeChecker, t: TS.Type): string | undefined {
  const F = ts.TypeFlags;
  if (t.flags & (F.Any | F.Unknown)) return undefined;
  const parts = t.isUnion() ? t.types : [t];
  const kinds = new Set(parts.map((u) => {
    if (u.flags & F.NumberLike) return "number";
    if (u.flags & F.BigIntLike) return "bigint";
    if (u.flags & F.StringLike) return "string";
    if (u.flags & F.BooleanLike) return "boolean";
    if (u.getSymbol()?.name === "Date") return "Date";
    return checker.typeToString(u);
  }));
  return kinds.size === 1 ? [...kinds][0] : [...kinds].join(" | ");
}
