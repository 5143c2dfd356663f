import type { SectionClock } from './deadline.ts';
import type { GpuSetup } from './gpu-setup.ts';
import type { KitReport, Section, SectionKey } from './report.ts';

/** What every check gets: the GPU, the run's mode, its own clock, and the report so far. */
export interface KitContext {
  gpu: GpuSetup;
  quick: boolean;
  clock: SectionClock;
  report: KitReport;
  /** A progress line on stdout. */
  log(line: string): void;
}

/**
 * One section of the report. `run` fills `section.data` as it goes (so a section stopped by its
 * clock keeps what it measured) and sets the status and summary; `markdown` renders the data.
 */
export interface KitCheck<T = unknown> {
  key: SectionKey;
  title: string;
  /** Largest share of the global time budget the section may use. */
  share: number;
  /** Does no GPU work and takes no time (it reads earlier sections): runs even past the deadline. */
  instant?: boolean;
  emptyData(): T;
  run(ctx: KitContext, section: Section<T>): Promise<void>;
  markdown(section: Section<T>): string[];
}

/** A Markdown table from a header row and body rows. */
export type Cell = string | number | boolean;

export function table(header: readonly string[], rows: ReadonlyArray<readonly Cell[]>): string[] {
  const line = (cells: readonly Cell[]): string =>
    `| ${cells.map((c) => String(c).replaceAll('|', '\\|')).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line), ''];
}
