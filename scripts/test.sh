#!/usr/bin/env bash
# The whole test suite: Rust unit tests, TypeScript type check, vitest end-to-end.
# Prints a final `tests: N passed, M failed` line summing all three.
set -uo pipefail
cd "$(dirname "$0")/.."

rust_pass=0; rust_fail=0; ts_fail=0
echo "== Rust tests (ltseq-core)"
rust_out=$(node scripts/cargo.mjs test -p ltseq-core 2>&1); rust_rc=$?
echo "$rust_out" | grep -E "^test |test result|error(\[|:)|panicked" | tail -200
while read -r p f; do rust_pass=$((rust_pass + p)); rust_fail=$((rust_fail + f)); done < <(
  echo "$rust_out" | sed -nE 's/^test result: .* ([0-9]+) passed; ([0-9]+) failed.*/\1 \2/p')
if [ $rust_rc -ne 0 ] && [ $rust_fail -eq 0 ]; then rust_fail=1; echo "$rust_out" | tail -40; fi

echo "== TypeScript type check"
if npx tsc -p tsconfig.json --noEmit; then echo "type check ok"; else ts_fail=1; fi

echo "== vitest"
npx vitest run; vitest_rc=$?
read -r js_pass js_fail < <(node -e '
  try { const r = require("./.vitest-cache/results.json"); console.log(r.numPassedTests, r.numFailedTests + (r.numFailedTestSuites || 0)); }
  catch { console.log(0, 1); }')
if [ $vitest_rc -ne 0 ] && [ "$js_fail" -eq 0 ]; then js_fail=1; fi

pass=$((rust_pass + js_pass + (1 - ts_fail)))
fail=$((rust_fail + js_fail + ts_fail))
echo "rust: $rust_pass passed, $rust_fail failed; typecheck: $((1 - ts_fail)) passed, $ts_fail failed; vitest: $js_pass passed, $js_fail failed"
echo "tests: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
