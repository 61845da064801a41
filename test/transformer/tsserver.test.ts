/**
 * The editor plugin `ltseq/tsserver` (the shipped CommonJS build, loaded as tsserver loads it):
 * a language service's semantic diagnostics gain the transformer's TS910xx errors, with the
 * build's rules — nothing extra on valid lambdas, `@ts-expect-error` suppresses.
 */
import { createRequire } from "node:module";
import path from "node:path";
import ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";
import { compilerOptions, PRELUDE, ROOT, VIRTUAL_DIR } from "./harness.js";
import { ensureBuilt } from "./tooling.js";

type Plugin = (m: { typescript: typeof ts }) => { create(info: { languageService: ts.LanguageService; config?: object }): ts.LanguageService };

function service(text: string): { ls: ts.LanguageService; file: string } {
  const file = path.join(VIRTUAL_DIR, "editor.ts");
  const host: ts.LanguageServiceHost = {
    getCompilationSettings: () => compilerOptions(),
    getScriptFileNames: () => [file],
    getScriptVersion: () => "1",
    getScriptSnapshot: (f) => {
      const t = f === file ? text : ts.sys.readFile(f);
      return t === undefined ? undefined : ts.ScriptSnapshot.fromString(t);
    },
    getCurrentDirectory: () => ROOT,
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists: (f) => f === file || ts.sys.fileExists(f),
    readFile: (f) => (f === file ? text : ts.sys.readFile(f)),
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  };
  return { ls: ts.createLanguageService(host), file };
}

let plugin: Plugin;
beforeAll(() => {
  ensureBuilt();
  plugin = createRequire(import.meta.url)(path.join(ROOT, "transformer", "tsserver.cjs")) as Plugin;
}, 300_000);

const codes = (ds: readonly ts.Diagnostic[]) => ds.map((d) => d.code);

describe("ltseq/tsserver", () => {
  it("adds the transformer's error at the offending lambda", () => {
    const text = PRELUDE + "u.filter(r => r.name.split(\",\").length > 1);\n";
    const { ls, file } = service(text);
    expect(codes(ls.getSemanticDiagnostics(file)).filter((c) => c >= 91000)).toEqual([]);
    const wrapped = plugin({ typescript: ts }).create({ languageService: ls });
    const ds = wrapped.getSemanticDiagnostics(file).filter((d) => d.code >= 91000);
    expect(ds.length).toBe(1);
    expect(ds[0].code).toBe(91003); // UNKNOWN_METHOD
    expect(ds[0].start).toBe(text.indexOf("r.name.split"));
    expect(String(ds[0].messageText)).toContain("split");
    // Everything else still goes to the wrapped service.
    expect(wrapped.getProgram()).toBe(ls.getProgram());
  });

  it("reports nothing on valid lambdas, and honours @ts-expect-error", () => {
    const text = PRELUDE + "u.filter(r => r.age > 1);\n// @ts-expect-error -- deliberate\nu.filter(r => r.name.split(\",\").length > 1);\n";
    const { ls, file } = service(text);
    const ds = plugin({ typescript: ts }).create({ languageService: ls }).getSemanticDiagnostics(file);
    expect(codes(ds)).toEqual([]);
  });
});
