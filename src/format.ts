/** Bytes in megabytes, always (progress lines keep one unit as they count up). */
export function formatMB(bytes: number): string {
  const mb = bytes / 1e6;
  return `${mb >= 100 ? Math.round(mb).toLocaleString('en') : mb.toFixed(1)} MB`;
}

/**
 * Any size, in decimal units (as disks, quotas and the Hub count): "512 B", "12.3 kB", "36.4 MB",
 * "3.79 GB". The one byte formatter: every message and label uses it or formatMB.
 */
export function formatSize(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(2)} GB`;
  if (bytes >= 1e6) return formatMB(bytes);
  if (bytes >= 1e3) return `${(bytes / 1e3).toFixed(1)} kB`;
  return `${bytes} B`;
}

export function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60
    ? `${minutes} min ${Math.ceil(seconds % 60)} s`
    : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
