/** What a download reports while it runs. totalBytes/percent/secondsLeft are null while unknown. */
export interface DownloadProgress {
  bytes: number;
  totalBytes: number | null;
  percent: number | null;
  bytesPerSecond: number;
  secondsLeft: number | null;
}

/**
 * Turns (bytes so far, total, elapsed time) into a progress report. Speed is the average since the
 * start: steadier on screen than an instantaneous rate, and good enough for "time left".
 */
export function progressReport(bytes: number, totalBytes: number | null, elapsedMs: number): DownloadProgress {
  const bytesPerSecond = elapsedMs > 0 ? (bytes * 1000) / elapsedMs : 0;
  // A gzip-encoded response's Content-Length counts the encoded bytes: clamp, never show 103 %.
  const percent = totalBytes && totalBytes > 0 ? Math.min(100, (bytes / totalBytes) * 100) : null;
  const remaining = totalBytes === null ? null : Math.max(0, totalBytes - bytes);
  const secondsLeft = remaining === null || bytesPerSecond <= 0 ? null : remaining / bytesPerSecond;
  return { bytes, totalBytes, percent, bytesPerSecond, secondsLeft };
}

/** The final report: whatever the headers said, a finished download is 100 %. */
export function doneReport(bytes: number, elapsedMs: number): DownloadProgress {
  return { ...progressReport(bytes, bytes, elapsedMs), percent: 100, secondsLeft: 0 };
}
