// Builds src/main.ts with the shipped plugin (`ltseq/vite`, the ES-module entry) for test/transformer/hosts.test.ts.
import path from "node:path";
import { fileURLToPath } from "node:url";
import ltseq from "ltseq/vite";

const here = path.dirname(fileURLToPath(import.meta.url));
export default {
  root: here,
  logLevel: "silent",
  plugins: [ltseq()],
  build: {
    ssr: path.join(here, "src", "main.ts"),
    outDir: path.join(here, "..", ".out", "vite-app"),
    emptyOutDir: true,
    minify: false,
    rollupOptions: { external: ["ltseq"], output: { format: "es", entryFileNames: "main.js" } },
  },
  ssr: { external: ["ltseq"] },
};
