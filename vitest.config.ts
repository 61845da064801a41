import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // Tests import "ltseq" like users do; point it at the sources so no build step is needed.
    alias: { ltseq: fileURLToPath(new URL("./runtime/index.ts", import.meta.url)) },
  },
  test: {
    include: ["test/**/*.test.ts"],
    // The engine uses both cores itself; parallel test files would just contend.
    fileParallelism: false,
    testTimeout: 60_000,
    reporters: ["default", "json"],
    outputFile: { json: ".vitest-cache/results.json" },
  },
});
