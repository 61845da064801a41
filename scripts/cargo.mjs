// `node scripts/cargo.mjs <args>`: cargo with the project's shared environment (see cargo-env.mjs).
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { cargoEnv, claimArtifacts } from "./cargo-env.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
claimArtifacts(root);
const r = spawnSync("cargo", process.argv.slice(2), { cwd: root, env: cargoEnv(), stdio: "inherit" });
process.exit(r.status ?? 1);
