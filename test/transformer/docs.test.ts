/** docs/expressions.md is generated from the registry: it must be up to date (`npm run docs:expressions` rewrites it). */
import fs from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { FUNCTIONS } from "../../runtime/expr/registry.js";
import { expressionsDoc } from "../../transformer/src/docs/expressions.js";
import { CODES } from "../../transformer/src/errors.js";
import { ROOT } from "./harness.js";

const file = path.join(ROOT, "docs", "expressions.md");

it("docs/expressions.md is generated from the registry and up to date", () => {
  const text = expressionsDoc();
  if (process.env.UPDATE_DOCS === "1") fs.writeFileSync(file, text);
  expect(fs.readFileSync(file, "utf8"), "run `npm run docs:expressions`").toBe(text);
});

it("lists every registry function and every diagnostic code", () => {
  const text = expressionsDoc();
  for (const f of FUNCTIONS) expect(text, f.name).toContain(f.sql.replace(/\|/g, "\\|"));
  for (const code of Object.values(CODES)) expect(text).toContain(`| ${code} `);
});
