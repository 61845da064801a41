/**
 * Where things live. Paths are resolved from the package root (the nearest
 * package.json named "ltseq" above this file), so the same code works from
 * `bench/` sources and from the compiled `dist/bench/` output.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

let cachedRoot: string | undefined;

/** The directory holding the "ltseq" package.json. */
export function packageRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, "package.json");
    if (existsSync(candidate)) {
      try {
        const pkg = JSON.parse(readFileSync(candidate, "utf8")) as { name?: string };
        if (pkg.name === "ltseq") return (cachedRoot = dir);
      } catch {
        // unreadable package.json: keep walking up
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`bench: no package.json named "ltseq" above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

/** Generated datasets (gitignored): `<root>/bench/data`. */
export function dataDir(): string {
  return path.join(packageRoot(), "bench", "data");
}

/** The napi loader the native build writes: `<root>/native/binding.cjs`. */
export function nativeBindingPath(): string {
  return path.join(packageRoot(), "native", "binding.cjs");
}
