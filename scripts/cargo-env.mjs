// One cargo environment for `napi build`, `cargo test` and CI, so they share one set of compiled
// dependencies: the target directory lives outside the clone (a fresh clone on the same machine
// rebuilds only our crates) and the target triple is explicit (napi build always passes it; without
// it in `cargo test`, every dependency would compile twice).
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
