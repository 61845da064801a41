// One cargo environment for `napi build`, `cargo test` and CI, so they share one set of compiled
// dependencies: the target directory lives outside the clone (a fresh clone on the same machine
// rebuilds only our crates) and the target triple is explicit (napi build always passes it; without
// it in `cargo test`, every dependency would compile twice).
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, utimesSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export const TARGET = "x86_64-unknown-linux-gnu";

export function cargoEnv() {
  return {
    ...process.env,
    CARGO_TARGET_DIR: process.env.CARGO_TARGET_DIR || path.join(os.homedir(), ".cache", "ltseq", "target"),
    CARGO_BUILD_TARGET: TARGET,
  };
}

/**
 * Cargo names our path crates' artifacts independently of where the checkout lives, so two clones
 * sharing the target directory overwrite each other's `ltseq-core`, and the older sources of this
 * checkout then look up to date. When another checkout built last, mark our sources as changed.
 */
export function claimArtifacts(root) {
  const dir = cargoEnv().CARGO_TARGET_DIR;
  const marker = path.join(dir, ".ltseq-last-checkout");
  const last = existsSync(marker) ? readFileSync(marker, "utf8") : "";
  if (last !== root) {
    const now = new Date();
    const touch = (d) => {
      for (const e of readdirSync(d)) {
        const p = path.join(d, e);
        if (statSync(p).isDirectory()) touch(p);
        else if (p.endsWith(".rs") || e === "Cargo.toml") utimesSync(p, now, now);
      }
    };
    touch(path.join(root, "native"));
    mkdirSync(dir, { recursive: true });
    writeFileSync(marker, root);
  }
}
