import { formatMB, formatSeconds } from '../format.ts';
import type { DownloadProgress } from '../models/storage/progress.ts';

/** "Downloading: 12.0 MB of 36.4 MB (33%), 4.1 MB/s, 6 s left": what is known so far. */
export function progressText(p: DownloadProgress): string {
  const of = p.totalBytes === null ? '' : ` of ${formatMB(p.totalBytes)}`;
  const percent = p.percent === null ? '' : ` (${Math.floor(p.percent)}%)`;
  const speed = p.bytesPerSecond > 0 ? `, ${formatMB(p.bytesPerSecond)}/s` : '';
  const left = p.secondsLeft === null ? '' : `, ${formatSeconds(p.secondsLeft)} left`;
  return `Downloading: ${formatMB(p.bytes)}${of}${percent}${speed}${left}`;
}
