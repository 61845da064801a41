/**
 * Shared state of one run-time lambda translation: the parsed text (for quoting source snippets in
 * errors), the parameter scope, and the error helpers every translation step uses.
 */
import type * as A from "acorn";
import { UntranslatableLambdaError } from "../../errors.js";

/** Free functions exported by "ltseq" that a lambda may call (possibly through a bundler alias). */
export const HELPERS: ReadonlySet<string> = new Set(["when", "coalesce", "desc", "rowNumber", "rank", "denseRank", "ntile"]);

export class Ctx {
  /** Identifier parameters (`r`, `b`) → their position (0 = the row, 1 = the other table of `(a, b) => …`). */
  readonly rowParams = new Map<string, number>();
  /** Names bound by destructured parameters: local name → column name and parameter position. */
  readonly locals = new Map<string, { column: string; input: number }>();
  /** In a group lambda (`g => g.count() > 3`), the group parameter; only aggregates may read it. */
  groupParam?: string;

  /**
   * @param text the text acorn parsed (the function source, possibly wrapped), which node offsets index
   * @param lambda the function's own source, quoted in messages
   */
  constructor(readonly text: string, readonly lambda: string) {}

  /** True when a parameter (plain or destructured) binds `name`, shadowing any global. */
  isBound(name: string): boolean {
    return this.rowParams.has(name) || this.locals.has(name) || name === this.groupParam;
  }

  /** The source text of a node, whitespace collapsed and shortened for messages. */
  snippet(node: A.Node): string {
    return short(this.text.slice(node.start, node.end));
  }

  /** The snippet in backticks. */
  q(node: A.Node): string {
    return "`" + this.snippet(node) + "`";
  }

  /**
   * Throws for an unsupported construct. `construct` defaults to the node's source text; `detail`
   * says what is wrong and what to write instead.
   */
  fail(node: A.Node, detail: string, construct?: string): never {
    throw new UntranslatableLambdaError(
      construct ?? this.snippet(node),
      `unsupported construct in lambda \`${short(this.lambda)}\`: ${detail}`,
    );
  }
}

/** Collapses whitespace and truncates long source for messages. */
export function short(src: string, max = 120): string {
  const s = src.replace(/\s+/g, " ").trim();
  return s.length > max ? s.slice(0, max - 1) + "…" : s;
}

/** `a`, `a and b`, `a, b and c`. */
export function andList(names: readonly string[]): string {
  return names.length <= 1 ? names.join("") : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

/**
 * The "ltseq" helper a callee names, if any. Accepts the bare identifier (`when`), a member of an
 * unbound namespace identifier as bundlers write imports (`ltseq_1.when`,
 * `__vite_ssr_import_0__.when`), and the indirect-call form `(0, x.when)`.
 */
export function helperCallee(ctx: Ctx, callee: A.Expression | A.Super): string | undefined {
  let c: A.Expression | A.Super = callee;
  if (c.type === "SequenceExpression" && c.expressions.length === 2 && c.expressions[0].type === "Literal") {
    c = c.expressions[1];
  }
  if (c.type === "Identifier") return HELPERS.has(c.name) && !ctx.isBound(c.name) ? c.name : undefined;
  if (
    c.type === "MemberExpression" && !c.computed && !c.optional &&
    c.property.type === "Identifier" && HELPERS.has(c.property.name) &&
    c.object.type === "Identifier" && !ctx.isBound(c.object.name) && c.object.name !== "Math"
  ) {
    return c.property.name;
  }
  return undefined;
}

/** Globals a lambda may name: `undefined` (null) and `Math` (functions and constants). */
const ALLOWED_GLOBALS = new Set(["undefined", "Math"]);

/** Hints for JS globals people reach for inside lambdas. */
const GLOBAL_HINTS: Record<string, string> = {
  String: 'use `x.cast("utf8")`',
  Number: 'use `x.cast("float64")` (or "int64")',
  Boolean: 'use `x.cast("bool")`',
  parseInt: 'use `x.cast("int64")`',
  parseFloat: 'use `x.cast("float64")`',
  Date: "compare epoch milliseconds with `r.d.getTime()`, or compile the lambda so the date is evaluated once",
  isNaN: "columns hold no NaN; test `x === null` instead",
};

interface Free { name: string; called: boolean }

/**
 * Walks the body for identifiers no parameter binds (closure variables, imports, globals) and
 * throws one error naming all of them. Runs before translation so the user sees every variable at once.
 */
export function checkFreeIdentifiers(ctx: Ctx, body: A.Node): void {
  const found = new Map<string, Free>();
  const note = (name: string, called: boolean): void => {
    if (ctx.isBound(name) || ALLOWED_GLOBALS.has(name)) return;
    const f = found.get(name);
    if (f) f.called ||= called;
    else found.set(name, { name, called });
  };
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) { for (const x of n) walk(x); return; }
    if (typeof n !== "object" || n === null || typeof (n as A.Node).type !== "string") return;
    const node = n as A.AnyNode;
    switch (node.type) {
      case "Identifier": note(node.name, false); return;
      case "MemberExpression": walk(node.object); if (node.computed) walk(node.property); return;
      case "Property": if (node.computed) walk(node.key); walk(node.value); return;
      case "CallExpression":
        if (helperCallee(ctx, node.callee) === undefined) {
          if (node.callee.type === "Identifier") note(node.callee.name, true);
          else walk(node.callee);
        }
        walk(node.arguments);
        return;
      // `new X(...)` is rejected as a whole by the translator, with a better message.
      case "NewExpression": walk(node.arguments); return;
      // Nested functions and classes are rejected by the translator; their bindings are not ours.
      case "ArrowFunctionExpression": case "FunctionExpression": case "ClassExpression": case "MetaProperty":
        return;
    }
    for (const [k, v] of Object.entries(node)) {
      if (k !== "type" && k !== "start" && k !== "end" && k !== "loc" && k !== "range") walk(v);
    }
  };
  walk(body);
  if (found.size > 0) throw freeIdentifierError(ctx, [...found.values()]);
}

function freeIdentifierError(ctx: Ctx, free: Free[]): UntranslatableLambdaError {
  const lambda = `lambda \`${short(ctx.lambda)}\``;
  const special = free.filter((f) => f.name === "NaN" || f.name === "Infinity").map((f) => f.name);
  const called = free.filter((f) => f.called).map((f) => f.name);
  const values = free.filter((f) => !f.called && !special.includes(f.name)).map((f) => f.name);
  const parts: string[] = [];
  if (values.length > 0) {
    parts.push(
      `uses ${andList(values)} from its surrounding scope; an uncompiled lambda cannot see closure variables. ` +
        `Compile with the ltseq transformer (docs/setup.md), or write the ${values.length > 1 ? "values" : "value"} inline.`,
    );
  }
  if (called.length > 0) {
    parts.push(
      `calls ${andList(called)}, which ${called.length > 1 ? "are not supported functions" : "is not a supported function"}; ` +
        "a lambda can call only the column methods, Math functions and ltseq helpers (when, coalesce, desc) listed in docs/expressions.md.",
    );
  }
  if (special.length > 0) {
    parts.push(`uses ${andList(special)}, which LTSeq columns cannot hold; use null or a finite number.`);
  }
  const hints = free.filter((f) => GLOBAL_HINTS[f.name] !== undefined).map((f) => `for ${f.name}, ${GLOBAL_HINTS[f.name]}`);
  const hint = hints.length > 0 ? ` Hint: ${hints.join("; ")}.` : "";
  return new UntranslatableLambdaError(free[0].name, `${lambda} ${parts.join(" It also ")}${hint}`);
}

/** The name of a member access: `x.name`, `x["name"]`, ``x[`name`]``. */
export function memberName(ctx: Ctx, node: A.MemberExpression): string {
  const p = node.property;
  if (!node.computed) {
    return p.type === "Identifier" ? p.name : ctx.fail(p, `${ctx.q(node)}: private names are not supported`);
  }
  if (p.type === "Literal" && typeof p.value === "string") return p.value;
  if (p.type === "TemplateLiteral" && p.expressions.length === 0 && typeof p.quasis[0].value.cooked === "string") {
    return p.quasis[0].value.cooked;
  }
  return ctx.fail(p, `${ctx.q(node)}: a computed name must be a string literal, e.g. \`r["unit price"]\``);
}

/** An element of an array literal (the list body, or `isIn([...])`): no holes, no spreads. */
export function arrayItem(ctx: Ctx, array: A.ArrayExpression, e: A.Expression | A.SpreadElement | null, where: string): A.Expression {
  if (e === null) ctx.fail(array, `${ctx.q(array)}: holes are not allowed in the ${where} array`);
  if (e.type === "SpreadElement") ctx.fail(e, `${ctx.q(e)}: spread is not supported in the ${where} array; list the items`);
  return e;
}
