/**
 * The last step from a lambda's tree to what the engine reads: pointer paths become the linked
 * table's flat columns (`r.prod.name` → `prod_name`, API.md §9), and a column of a second
 * parameter is refused where the method takes a one-table lambda (`filter((r, i) => …)`).
 * Trees from the parse cache are frozen and shared, so this copies only when something changes.
 */
import { InvalidArgumentError } from "../errors.js";
import type { Body, ColNode, Expr } from "./tree.js";

/** The engine's name for a column node: `prod_name` for `r.prod.name`, else the name itself. */
export function flatName(c: ColNode): string {
  return c.link === undefined ? c.name : `${c.link}_${c.name}`;
}

/**
 * Rewrites pointer paths to flat columns. `pair`: a two-table lambda (joins, links), whose
 * columns keep their `input`; otherwise a column of a second parameter is an error naming `argName`.
 */
export function resolveColumns(body: Body, argName: string, pair: boolean): Body {
  const expr = (e: Expr): Expr => visit(e, argName, pair) as Expr;
  switch (body.kind) {
    case "list": {
      const items = body.items.map(expr);
      return items.every((x, i) => x === body.items[i]) ? body : { kind: "list", items };
    }
    case "record": {
      const fields = body.fields.map((f) => ({ name: f.name, expr: expr(f.expr) }));
      return fields.every((f, i) => f.expr === body.fields[i].expr) ? body : { kind: "record", fields };
    }
    default:
      return expr(body);
  }
}

function visit(node: unknown, argName: string, pair: boolean): unknown {
  if (Array.isArray(node)) {
    const out = node.map((x) => visit(x, argName, pair));
    return out.every((x, i) => x === node[i]) ? node : out;
  }
  if (typeof node !== "object" || node === null) return node;
  const n = node as Record<string, unknown>;
  if (n.kind === "col") {
    const c = n as unknown as ColNode;
    if (!pair && c.input !== undefined && c.input !== 0) {
      throw new InvalidArgumentError(
        `${argName}: the lambda reads column "${c.name}" from its parameter ${c.input + 1}, but ${argName} passes only the row; ` +
          "write a one-parameter lambda such as `r => r.age > 18` (two-parameter lambdas are for join and link conditions)",
      );
    }
    if (c.link === undefined) return node;
    const flat: ColNode = { kind: "col", name: flatName(c) };
    if (c.input !== undefined && c.input !== 0) flat.input = c.input;
    return flat;
  }
  let copy: Record<string, unknown> | undefined;
  for (const k in n) {
    const v = n[k];
    if (typeof v !== "object" || v === null) continue;
    const w = visit(v, argName, pair);
    if (w !== v) (copy ??= { ...n })[k] = w;
  }
  return copy ?? node;
}
