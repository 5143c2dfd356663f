/** The checks' command line, as run.sh passes it: `--out DIR [--quick] [--deadline-s N] [--dawn OPTION]… [--kit-info FILE]`. */
export interface KitArgs {
  out: string;
  quick: boolean;
  /** Seconds from start to the global deadline (run.sh leaves the rest of its 8 minutes as margin). */
  deadlineS: number;
  dawnOptions: string[];
  kitInfo: string | null;
}

export const DEFAULT_DEADLINE_S = 450;

export class UsageError extends Error {
  override name = 'UsageError';
}

export function parseArgs(argv: readonly string[]): KitArgs {
  const args: KitArgs = { out: '', quick: false, deadlineS: DEFAULT_DEADLINE_S, dawnOptions: [], kitInfo: null };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === '--out') args.out = value();
    else if (flag === '--quick') args.quick = true;
    else if (flag === '--deadline-s') args.deadlineS = positiveNumber(flag, value());
    else if (flag === '--dawn') args.dawnOptions.push(value());
    else if (flag === '--kit-info') args.kitInfo = value();
    else
      throw new UsageError(
        `unknown option ${flag} (options: --out DIR, --quick, --deadline-s N, --dawn OPTION, --kit-info FILE)`,
      );
  }
  if (!args.out) throw new UsageError('--out DIR is required: the folder that receives report.json and report.md');
  return args;
}

function positiveNumber(flag: string, text: string): number {
  const n = Number(text);
  if (!(Number.isFinite(n) && n > 0)) throw new UsageError(`${flag} must be a positive number of seconds, got ${text}`);
  return n;
}
