/**
 * The kit's report: one section per check, each with a status a reader can trust, a one-line
 * summary, notes, and the measured data. Written to report.json (everything) and report.md
 * (tables) after every section, so a run cut short still leaves what it measured.
 */

export type SectionStatus =
  | 'passed' //             a check with a pass/fail rule, and it held
  | 'failed' //             … and it did not
  | 'measured' //           figures taken (no pass/fail rule)
  | 'partial' //            stopped at its time budget or the global deadline; data so far kept
  | 'error' //              threw; the message is in `error`
  | 'not-run' //            never started (no adapter, or an earlier failure made it pointless)
  | 'not-in-this-build'; // the check does not exist yet in this build

export const SECTION_KEYS = ['adapter', 'parity', 'drafting', 'target', 'speedup', 'training'] as const;
export type SectionKey = (typeof SECTION_KEYS)[number];

export interface Section<T = unknown> {
  key: SectionKey;
  /** "2. llama-webgpu parity against llama-cpu", as the report shows it. */
  title: string;
  status: SectionStatus;
  /** One line: what was found. */
  summary: string;
  notes: string[];
  /** Seconds the section ran. */
  elapsedS?: number;
  error?: string;
  data: T;
}

export interface KitInfo {
  /** kit.json as the build wrote it (versions, commit, build time), when run from a kit. */
  build: Record<string, unknown> | null;
  quick: boolean;
  deadlineS: number;
  startedAt: string;
  elapsedS: number;
  /** True when any section was cut short by time. */
  partial: boolean;
  node: string;
  platform: string;
  /** What run.sh chose: the Vulkan loader and driver files (from its environment). */
  vulkan: { loader: string | null; driverFiles: string | null };
}

export interface KitReport {
  kit: KitInfo;
  sections: Record<SectionKey, Section>;
}

export function newSection<T>(key: SectionKey, title: string, data: T): Section<T> {
  return { key, title, status: 'not-run', summary: 'not run', notes: [], data };
}

/** Overall outcome: the process exit code run.sh passes on (0 all good, 1 a check failed or threw, 2 cut short). */
export function exitCodeOf(report: KitReport): number {
  const statuses = Object.values(report.sections).map((s) => s.status);
  if (statuses.includes('failed') || statuses.includes('error')) return 1;
  if (statuses.includes('partial') || report.kit.partial) return 2;
  return 0;
}
