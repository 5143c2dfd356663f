/** Bytes as the storage line shows them: decimal megabytes (what disk and quota figures use). */
export function formatMB(bytes: number): string {
  const mb = bytes / 1e6;
  return `${mb >= 100 ? Math.round(mb).toLocaleString('en') : mb.toFixed(1)} MB`;
}

/** A size that may be gigabytes (the target is ~4 GB). */
export function formatSize(bytes: number): string {
  return bytes >= 1e9 ? `${(bytes / 1e9).toFixed(2)} GB` : formatMB(bytes);
}

export function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60
    ? `${minutes} min ${Math.ceil(seconds % 60)} s`
    : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
