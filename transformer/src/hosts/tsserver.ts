/**
 * `ltseq/tsserver`: a TypeScript language-service plugin, so editors show the transformer's errors
 * (TS910xx: an untranslatable construct in a lambda, a `readCsv<S>` schema mismatch) as you type.
 * Editors never run compiler transformers; this plugin runs the same analysis the build runs and
 * adds its diagnostics to the file's semantic diagnostics, with the build's rules (nothing on a
 * lambda TypeScript already reports; `@ts-expect-error` suppresses and is then used).
 *
 * tsconfig.json: `"plugins": [{ "name": "ltseq/tsserver" }]` (next to the ts-patch entry), and in
 * VS Code "TypeScript: Select TypeScript Version" → "Use Workspace Version".
 */
import type TS from "typescript";
import { decorate, type PluginConfig } from "./language-service.js";

interface CreateInfo { languageService: TS.LanguageService; config?: PluginConfig }

function init(modules: { typescript: typeof TS }): { create(info: CreateInfo): TS.LanguageService } {
  return { create: (info) => decorate(modules.typescript, info.languageService, info.config) };
}

export = init;
