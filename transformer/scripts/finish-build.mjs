// After `tsc -p transformer/tsconfig.json`: mark dist/cjs as CommonJS (the package is "type":
// "module") and make the CLI executable.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const out = path.join(root, "dist", "cjs");
fs.writeFileSync(path.join(out, "package.json"), JSON.stringify({ type: "commonjs" }, null, 2) + "\n");
const cli = path.join(out, "transformer", "src", "cli.js");
if (fs.existsSync(cli)) fs.chmodSync(cli, 0o755);
