/**
 * State of one lambda's lowering: its parameters (row parameters and destructured columns), the
 * scope questions every step asks (does this node read the row? does it read anything from
 * outside?), and snippets for messages.
 */
import type TS from "typescript";
import { fail, type CodeName } from "../errors.js";
import { helperName, isLibGlobal, skipParens, type Env } from "../identify.js";

export type FnNode = TS.ArrowFunction | TS.FunctionExpression;

export class Lower {
  /** Identifier parameters → position (0 = `r`, 1 = `b` of a two-table lambda `(a, b) => …`). */
  readonly rowParams = new Map<TS.Symbol, number>();
  /** Destructured parameters: binding symbol → column name and parameter position. */
  readonly locals = new Map<TS.Symbol, { column: string; input: number }>();
  /** In a group lambda (`g => g.count() > 3`), the group parameter; only aggregates may read it. */
  groupParam?: TS.Symbol;
  readonly #rowMemo = new Map<TS.Node, boolean>();
  readonly #freeMemo = new Map<TS.Node, boolean>();

  constructor(readonly env: Env, readonly fn: FnNode) {}

  get ts(): typeof TS { return this.env.ts; }

  fail(node: TS.Node, code: CodeName, message: string): never {
    return fail(node, code, message);
  }

  /** The source text of a node, whitespace collapsed and shortened, in backticks. */
  q(node: TS.Node): string {
    return "`" + this.snippet(node) + "`";
  }

  snippet(node: TS.Node): string {
    const s = node.getText(this.env.sf).replace(/\s+/g, " ").trim();
    return s.length > 100 ? s.slice(0, 99) + "…" : s;
  }

  skip(node: TS.Expression): TS.Expression {
    return skipParens(this.env, node);
  }

  /** The symbol an identifier reads (for `{ age }` in an object literal: the variable, not the property). */
  symbolOf(id: TS.Identifier): TS.Symbol | undefined {
    const p = id.parent;
    if (p && this.ts.isShorthandPropertyAssignment(p) && p.name === id) return this.env.checker.getShorthandAssignmentValueSymbol(p);
    return this.env.checker.getSymbolAtLocation(id);
  }

  /** The column a destructured binding names, if `id` refers to one. */
  localColumn(id: TS.Identifier): { column: string; input: number } | undefined {
    const s = this.symbolOf(id);
    return s ? this.locals.get(s) : undefined;
  }

  isRowParam(id: TS.Identifier): boolean {
    return this.rowInput(id) !== undefined;
  }

  /** The position of the row parameter `id` reads (0 or 1), undefined when it is not one. */
  rowInput(id: TS.Identifier): number | undefined {
    const s = this.symbolOf(id);
    return s === undefined ? undefined : this.rowParams.get(s);
  }

  isGroupParam(node: TS.Node): boolean {
    if (!this.groupParam || !this.ts.isIdentifier(node)) return false;
    return this.symbolOf(node) === this.groupParam;
  }

  /** Whether a declaration lies inside the lambda being lowered. */
  #inside(decl: TS.Node): boolean {
    return decl.getSourceFile() === this.env.sf && decl.pos >= this.fn.pos && decl.end <= this.fn.end;
  }

  /**
   * True when `node` reads the row: a parameter, destructured column or the group, or an ltseq helper call
   * (which only has a meaning as a tree). Everything else is row-independent and can be
   * evaluated at call time in the caller's scope.
   */
  readsRow(node: TS.Node): boolean {
    const hit = this.#rowMemo.get(node);
    if (hit !== undefined) return hit;
    const { ts } = this;
    let r = false;
    if (ts.isIdentifier(node)) {
      const s = this.symbolOf(node);
      r = s !== undefined && (this.rowParams.has(s) || this.locals.has(s) || s === this.groupParam);
    } else if (ts.isShorthandPropertyAssignment(node)) {
      const s = this.env.checker.getShorthandAssignmentValueSymbol(node);
      r = s !== undefined && (this.rowParams.has(s) || this.locals.has(s) || s === this.groupParam);
    } else if (ts.isPropertyAccessExpression(node)) {
      r = this.readsRow(node.expression);
    } else if (ts.isCallExpression(node) && helperName(this.env, node.expression) !== undefined) {
      r = true;
    } else {
      r = ts.forEachChild(node, (c) => (this.readsRow(c) ? true : undefined)) === true;
    }
    this.#rowMemo.set(node, r);
    return r;
  }

  /**
   * True when `node` reads anything declared outside the lambda (closures, imports, `this`,
   * globals other than `Math` and `undefined`). A row-independent node without outside reads is a
   * constant the fallback translates too, and is translated the same way.
   */
  readsOutside(node: TS.Node): boolean {
    const hit = this.#freeMemo.get(node);
    if (hit !== undefined) return hit;
    const { ts } = this;
    let r: boolean;
    if (ts.isIdentifier(node)) {
      r = this.#outsideIdentifier(node);
    } else if (node.kind === ts.SyntaxKind.ThisKeyword || node.kind === ts.SyntaxKind.SuperKeyword || ts.isMetaProperty(node)) {
      r = true;
    } else if (ts.isPropertyAccessExpression(node)) {
      r = this.readsOutside(node.expression);
    } else if (ts.isShorthandPropertyAssignment(node)) {
      const s = this.env.checker.getShorthandAssignmentValueSymbol(node);
      r = s === undefined || !(s.declarations ?? []).every((d) => this.#inside(d));
    } else if (ts.isPropertyAssignment(node)) {
      r = (ts.isComputedPropertyName(node.name) && this.readsOutside(node.name)) || this.readsOutside(node.initializer);
    } else if (ts.isTypeNode(node)) {
      r = false;
    } else {
      r = ts.forEachChild(node, (c) => (this.readsOutside(c) ? true : undefined)) === true;
    }
    this.#freeMemo.set(node, r);
    return r;
  }

  #outsideIdentifier(id: TS.Identifier): boolean {
    if (id.text === "arguments") return true;
    if (isLibGlobal(this.env, id, "Math") || isLibGlobal(this.env, id, "undefined")) return false;
    const s = this.symbolOf(id);
    if (!s) return true;
    const decls = s.declarations ?? [];
    return decls.length === 0 || !decls.every((d) => this.#inside(d));
  }
}
