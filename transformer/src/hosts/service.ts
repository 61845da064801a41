/**
 * One `ts.LanguageService` over a project (its tsconfig's files plus whatever the bundler hands
 * us), for hosts that transform file by file: the Vite plugin and `ltseq generate`. Updating one
 * file's text and asking for the program again re-checks only what changed.
 */
import fs from "node:fs";
import path from "node:path";
import type TS from "typescript";

export interface ServiceOptions {
  /** tsconfig.json to read compiler options and files from (default: nearest to `root`). */
  tsconfig?: string;
  root: string;
}

export class ProjectService {
  readonly ls: TS.LanguageService;
  readonly options: TS.CompilerOptions;
  readonly configFile?: string;
  readonly #files = new Map<string, { version: number; text?: string }>();
  readonly #diskCache = new Map<string, TS.IScriptSnapshot | undefined>();

  constructor(readonly ts: typeof TS, opts: ServiceOptions) {
    const configFile = opts.tsconfig ? path.resolve(opts.root, opts.tsconfig) : ts.findConfigFile(opts.root, ts.sys.fileExists);
    let fileNames: string[] = [];
    let options: TS.CompilerOptions = { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, strict: true, skipLibCheck: true };
    if (configFile) {
      const cfg = ts.readConfigFile(configFile, ts.sys.readFile);
      const parsed = ts.parseJsonConfigFileContent(cfg.config, ts.sys, path.dirname(configFile), undefined, configFile);
      options = parsed.options;
      fileNames = parsed.fileNames;
    }
    this.options = { ...options, noEmit: true, incremental: false, composite: false, tsBuildInfoFile: undefined };
    this.configFile = configFile;
    for (const f of fileNames) this.#files.set(path.normalize(f), { version: 0 });
    const host: TS.LanguageServiceHost = {
      getScriptFileNames: () => [...this.#files.keys()],
      getScriptVersion: (f) => String(this.#files.get(path.normalize(f))?.version ?? 0),
      getScriptSnapshot: (f) => {
        const entry = this.#files.get(path.normalize(f));
        if (entry?.text !== undefined) return ts.ScriptSnapshot.fromString(entry.text);
        if (!this.#diskCache.has(f)) {
          const text = ts.sys.readFile(f);
          this.#diskCache.set(f, text === undefined ? undefined : ts.ScriptSnapshot.fromString(text));
        }
        return this.#diskCache.get(f);
      },
      getCurrentDirectory: () => (configFile ? path.dirname(configFile) : opts.root),
      getCompilationSettings: () => this.options,
      getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
      fileExists: (f) => this.#files.has(path.normalize(f)) || ts.sys.fileExists(f),
      readFile: (f) => this.#files.get(path.normalize(f))?.text ?? ts.sys.readFile(f),
      readDirectory: ts.sys.readDirectory,
      directoryExists: ts.sys.directoryExists,
      getDirectories: ts.sys.getDirectories,
      realpath: ts.sys.realpath,
      useCaseSensitiveFileNames: () => ts.sys.useCaseSensitiveFileNames,
    };
    this.ls = ts.createLanguageService(host, ts.createDocumentRegistry());
  }

  /** Sets a file's current text (as the bundler sees it) and returns the up-to-date program. */
  update(file: string, text: string): TS.Program {
    const f = path.normalize(file);
    const entry = this.#files.get(f);
    if (!entry) this.#files.set(f, { version: 1, text });
    else if (entry.text !== text) {
      entry.text = text;
      entry.version++;
    }
    return this.ls.getProgram()!;
  }

  /** A file changed on disk (e.g. a .d.ts or a file the bundler did not transform). */
  invalidate(file: string): void {
    const f = path.normalize(file);
    this.#diskCache.delete(f);
    const entry = this.#files.get(f);
    if (entry) {
      entry.version++;
      if (entry.text !== undefined && fs.existsSync(f)) entry.text = fs.readFileSync(f, "utf8");
    }
  }

  program(): TS.Program {
    return this.ls.getProgram()!;
  }

  /** TypeScript's own diagnostics for a file (only asked for when the transformer has an error to report). */
  tsDiagnostics(file: string): readonly TS.Diagnostic[] {
    return [...this.ls.getSyntacticDiagnostics(file), ...this.ls.getSemanticDiagnostics(file)];
  }
}
