/**
 * Which declarations belong to ltseq. A call is ours when its resolved declaration lives in a file
 * of the `ltseq` package's runtime (`runtime/*.ts` in the repository, `dist/runtime/*.d.ts` when
 * installed) and is owned by one of its classes or interfaces — never by matching identifier text,
 * so `Array#filter` or a user's own `filter`/`when` are left alone.
 */
import fs from "node:fs";
import path from "node:path";
import type TS from "typescript";

export interface Env {
  readonly ts: typeof TS;
  readonly checker: TS.TypeChecker;
  readonly sf: TS.SourceFile;
}

/** Runtime module name (`ltseq`, `helpers`, `types`, ...) of an ltseq runtime file, else undefined. */
export function runtimeModule(sf: TS.SourceFile): string | undefined {
  const cached = moduleOf.get(sf.fileName);
  if (cached !== undefined) return cached || undefined;
  let result = "";
  const m = /[\\/]runtime[\\/]([A-Za-z0-9_-]+)\.(?:d\.)?[mc]?[tj]s$/.exec(sf.fileName);
  if (m) {
    const root = packageRoot(path.dirname(sf.fileName));
    if (root !== undefined) {
      const rel = path.relative(root, sf.fileName).split(path.sep).join("/");
      if (/^(?:dist\/)?runtime\/[A-Za-z0-9_-]+\.(?:d\.)?[mc]?[tj]s$/.test(rel)) result = m[1];
    }
  }
  moduleOf.set(sf.fileName, result);
  return result || undefined;
}

const moduleOf = new Map<string, string>();
const rootOf = new Map<string, string | null>();

/** The directory of the nearest package.json above `dir` when that package is `ltseq`. */
function packageRoot(dir: string): string | undefined {
  const hit = rootOf.get(dir);
  if (hit !== undefined) return hit ?? undefined;
  let result: string | null = null;
  const pj = path.join(dir, "package.json");
  let text: string | undefined;
  try { text = fs.readFileSync(pj, "utf8"); } catch { /* none here */ }
  if (text !== undefined) {
    try { if ((JSON.parse(text) as { name?: unknown }).name === "ltseq") result = dir; } catch { /* not JSON */ }
  } else {
    const up = path.dirname(dir);
    if (up !== dir) result = packageRoot(up) ?? null;
  }
  rootOf.set(dir, result);
  return result ?? undefined;
}

/** The symbol a node refers to, through import/export aliases. */
export function resolvedSymbol(env: Env, node: TS.Node): TS.Symbol | undefined {
  let s = env.checker.getSymbolAtLocation(node);
  if (s && s.flags & env.ts.SymbolFlags.Alias) {
    try { s = env.checker.getAliasedSymbol(s); } catch { /* unresolvable alias */ }
  }
  return s;
}

export interface LibraryMember {
  /** Runtime module declaring it (`ltseq`, `helpers`, `types`, ...). */
  readonly module: string;
  /** Owning class or interface (`LTSeq`, `When`, ...), or undefined for a free function. */
  readonly owner?: string;
  /** The owner is a class (a table type), not an interface or type of lambda values (`Group`, `When`). */
  readonly ownerIsClass: boolean;
  readonly name: string;
  readonly isStatic: boolean;
}

/** The ltseq declaration `node` (an identifier, or the name of a property access) resolves to. */
export function libraryMember(env: Env, node: TS.Node): LibraryMember | undefined {
  const s = resolvedSymbol(env, node);
  const decl = s?.declarations?.[0];
  if (!decl) return undefined;
  const module = runtimeModule(decl.getSourceFile());
  if (!module) return undefined;
  const { ts } = env;
  const parent = decl.parent;
  const name = s!.name;
  if (ts.isFunctionDeclaration(decl)) return { module, name, isStatic: false, ownerIsClass: false };
  if (parent && (ts.isClassDeclaration(parent) || ts.isInterfaceDeclaration(parent) || ts.isTypeLiteralNode(parent))) {
    const owner = ts.isTypeLiteralNode(parent) ? ownerOfTypeLiteral(env, parent) : parent.name?.text;
    const isStatic = ts.canHaveModifiers(decl) && (ts.getModifiers(decl) ?? []).some((m) => m.kind === ts.SyntaxKind.StaticKeyword);
    return { module, owner, name, isStatic, ownerIsClass: ts.isClassDeclaration(parent) };
  }
  return undefined;
}

function ownerOfTypeLiteral(env: Env, lit: TS.TypeLiteralNode): string | undefined {
  let p: TS.Node | undefined = lit.parent;
  while (p && !env.ts.isTypeAliasDeclaration(p)) p = p.parent;
  return p?.name.text;
}

/** The ltseq method an ordinary call `recv.name(...)` resolves to. */
export function libraryMethod(env: Env, call: TS.CallExpression): LibraryMember | undefined {
  const callee = skipParens(env, call.expression);
  if (env.ts.isPropertyAccessExpression(callee)) return libraryMember(env, callee.name);
  if (env.ts.isElementAccessExpression(callee)) return libraryMember(env, callee.argumentExpression);
  return undefined;
}

/** Free functions exported by "ltseq" that lambdas may call. */
export const HELPERS: ReadonlySet<string> = new Set(["when", "coalesce", "desc", "rowNumber", "rank", "denseRank", "ntile"]);

/**
 * The ltseq helper a callee names (`when`, `ltseq.when`, `(0, ltseq_1.when)` as compilers write
 * it), by its declaration in `runtime/helpers`.
 */
export function helperName(env: Env, callee: TS.Expression): string | undefined {
  const { ts } = env;
  let c = skipParens(env, callee);
  if (ts.isBinaryExpression(c) && c.operatorToken.kind === ts.SyntaxKind.CommaToken && ts.isLiteralExpression(skipParens(env, c.left))) {
    c = skipParens(env, c.right);
  }
  const at = ts.isIdentifier(c) ? c : ts.isPropertyAccessExpression(c) ? c.name : undefined;
  // Only then ask the checker (resolving `r.name.trim` would type-check the receiver for nothing).
  if (!at || !HELPERS.has(at.text)) return undefined;
  if (ts.isPropertyAccessExpression(c)) {
    // `ns.when`: a helper through a namespace import (`import * as ltseq`, `ltseq_1.when`), never
    // a method (`r.date.desc()` is a sort key, and resolving it would type-check `r.date`).
    if (!ts.isIdentifier(c.expression)) return undefined;
    const ns = env.checker.getSymbolAtLocation(c.expression);
    if (!ns || !(ns.flags & (ts.SymbolFlags.Alias | ts.SymbolFlags.ValueModule))) return undefined;
  }
  const m = libraryMember(env, at);
  return m && m.module === "helpers" && m.owner === undefined && HELPERS.has(m.name) ? m.name : undefined;
}

/** Whether an identifier is the global of the default library (`Math`, `undefined`, `NaN`). */
export function isLibGlobal(env: Env, id: TS.Identifier, name: string): boolean {
  if (id.text !== name) return false;
  const s = env.checker.getSymbolAtLocation(id);
  if (!s) return false;
  const decls = s.declarations ?? [];
  // The global `undefined` has no declaration at all.
  if (name === "undefined") return decls.every((d) => d.getSourceFile().hasNoDefaultLib);
  return decls.length > 0 && decls.every((d) => d.getSourceFile().hasNoDefaultLib);
}

/** Parentheses, type assertions, `satisfies` and non-null assertions carry no run-time meaning. */
export function skipParens(env: Env, node: TS.Expression): TS.Expression {
  const { ts } = env;
  for (;;) {
    if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isNonNullExpression(node) ||
      ts.isTypeAssertionExpression(node) || ts.isSatisfiesExpression(node)) {
      node = node.expression;
    } else if (ts.isPartiallyEmittedExpression(node)) {
      node = node.expression;
    } else {
      return node;
    }
  }
}
