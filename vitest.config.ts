import { fileURLToPath } from "node:url";
import { configDefaults, defineConfig } from "vitest/config";
// The plugin from its sources, so the suite always runs the transformer as it is in the tree.
import { ltseq } from "./transformer/src/hosts/vite.ts";

// Tests import "ltseq" like users do; point it at the sources so no build step is needed.
const alias = { ltseq: fileURLToPath(new URL("./runtime/index.ts", import.meta.url)) };

export default defineConfig({
  resolve: { alias },
  test: {
    // The engine uses both cores itself; parallel test files would just contend.
    fileParallelism: false,
    testTimeout: 60_000,
    reporters: ["default", "json"],
    outputFile: { json: ".vitest-cache/results.json" },
    projects: [
      {
        // Every end-to-end test in natural lambda syntax, compiled by the transformer. The flag
        // makes any lambda that reaches the runtime uncompiled an error, so a transformer gap
        // cannot hide behind the fallback.
        extends: true,
        plugins: [ltseq()],
        test: { name: "compiled", include: ["test/e2e/**/*.test.ts", "test/transformer/run/**/*.test.ts"], env: { LTSEQ_REQUIRE_COMPILED: "1" } },
      },
      {
        // The same suite through the run-time fallback: only lambdas that read outside values
        // (which the fallback cannot see) are compiled; every other one is parsed from
        // fn.toString(). Both runs assert the same literal results. test/fallback/ holds the
        // fallback's own tests and is never transformed.
        extends: true,
        plugins: [ltseq({ mode: "closures", exclude: /[\\/]test[\\/]fallback[\\/]/ })],
        test: { name: "fallback", include: ["test/e2e/**/*.test.ts", "test/fallback/**/*.test.ts"], env: { LTSEQ_REQUIRE_COMPILED: "0" } },
      },
      {
        // Type tests: expectTypeOf and @ts-expect-error, checked by tsc and reported per test.
        extends: true,
        test: { name: "types", typecheck: { enabled: true, only: true, include: ["test/types/**/*.test-d.ts"], tsconfig: "./tsconfig.json" } },
      },
      {
        // Everything else (unit tests of the runtime and the transformer, ...), as plain code.
        extends: true,
        test: {
          name: "unit",
          include: ["test/**/*.test.ts"],
          exclude: [...configDefaults.exclude, "test/e2e/**", "test/fallback/**", "test/transformer/run/**", "test/transformer/projects/**"],
          env: { LTSEQ_REQUIRE_COMPILED: "0" },
        },
      },
    ],
  },
});
