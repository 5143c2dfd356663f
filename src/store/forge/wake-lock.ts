/**
 * Keeps the screen on while a forge step runs (a sleeping laptop stops the GPU). Where the Screen
 * Wake Lock API is missing or refused, the step runs anyway.
 */
export async function holdWakeLock(): Promise<() => void> {
  const wakeLock = (globalThis.navigator as Navigator | undefined)?.wakeLock;
  if (!wakeLock) return () => {};
  try {
    const sentinel = await wakeLock.request('screen');
    return () => void sentinel.release().catch(() => {});
  } catch {
    return () => {};
  }
}
