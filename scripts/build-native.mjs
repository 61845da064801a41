// Builds the native addon from source: native/ltseq.linux-x64-gnu.node plus the generated
// binding.cjs loader and binding.d.ts types (the typed boundary the runtime imports).
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { cargoEnv, claimArtifacts, TARGET } from "./cargo-env.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const napi = path.join(root, "node_modules", ".bin", "napi");
const args = [
  "build", "--platform",
  "--manifest-path", "native/node/Cargo.toml",
  "--package-json-path", "package.json",
  "--output-dir", "native",
  "--js", "binding.cjs",
  "--dts", "binding.d.cts",
  "--target", TARGET,
];
console.log(`building native addon (cargo target dir: ${cargoEnv().CARGO_TARGET_DIR}); a cold build takes 10-25 minutes`);
claimArtifacts(root);
const r = spawnSync(napi, args, { cwd: root, env: cargoEnv(), stdio: "inherit" });
process.exit(r.status ?? 1);
