/** The project's own `typescript` (so its version and the user's tsconfig agree), else ours. */
import { createRequire } from "node:module";
import path from "node:path";
import type TS from "typescript";

export function loadTypeScript(root: string): typeof TS {
  try {
    return createRequire(path.join(root, "package.json"))("typescript") as typeof TS;
  } catch {
    return createRequire(path.join(process.cwd(), "package.json"))("typescript") as typeof TS;
  }
}
