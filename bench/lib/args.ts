/** Command-line flags of `npm run bench` (see bench/README.md). */

export interface BenchArgs {
  rows: number;
  only: string[] | null;
  repeat: number;
  json: string | null;
  strict: boolean;
  list: boolean;
  help: boolean;
}

export const USAGE = `usage: node dist/bench/run.js [flags]
  --rows N           rows per generated dataset (default 1_000_000; 10_000_000 on request)
  --only a,b         run only these cases (default: all)
  --repeat K         timed repetitions after one warm-up; the median is reported (default 3)
  --json FILE        also write the results as JSON
  --strict           exit non-zero on a missed target or an engine error too
  --list             list the cases and exit
  --help             this text`;

export class UsageError extends Error {}

function positiveInt(flag: string, raw: string | undefined): number {
  if (raw === undefined) throw new UsageError(`${flag} needs a value`);
  const n = Number(raw.replaceAll("_", ""));
  if (!Number.isSafeInteger(n) || n <= 0) throw new UsageError(`${flag} expects a positive integer, got "${raw}"`);
  return n;
}

export function parseArgs(argv: string[]): BenchArgs {
  const args: BenchArgs = { rows: 1_000_000, only: null, repeat: 3, json: null, strict: false, list: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i]!;
    // accept both "--rows 5" and "--rows=5"
    const eq = raw.indexOf("=");
    const flag = raw.startsWith("--") && eq > 0 ? raw.slice(0, eq) : raw;
    const value = (): string | undefined => (raw.startsWith("--") && eq > 0 ? raw.slice(eq + 1) : argv[++i]);
    switch (flag) {
      case "--rows": args.rows = positiveInt(flag, value()); break;
      case "--repeat": args.repeat = positiveInt(flag, value()); break;
      case "--only": {
        const v = value();
        if (!v) throw new UsageError("--only needs a comma-separated list of case names");
        args.only = v.split(",").map((s) => s.trim()).filter(Boolean);
        break;
      }
      case "--json": {
        const v = value();
        if (!v) throw new UsageError("--json needs a file name");
        args.json = v;
        break;
      }
      case "--strict": args.strict = true; break;
      case "--list": args.list = true; break;
      case "--help": case "-h": args.help = true; break;
      default: throw new UsageError(`unknown flag "${raw}"`);
    }
  }
  return args;
}
