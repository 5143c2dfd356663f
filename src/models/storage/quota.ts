import { StorageQuotaError } from './errors.ts';

/** True for the browser's "storage is full" DOMException (or an error named like it). */
export function isQuotaExceeded(error: unknown): boolean {
  return error instanceof Error && error.name === 'QuotaExceededError';
}

/** Maps the browser's quota error to one that says what to do; passes other errors through. */
export function plainQuotaError(error: unknown, what: string): unknown {
  if (!isQuotaExceeded(error)) return error;
  return new StorageQuotaError(
    `There is not enough storage space for ${what}: the browser's quota for this site is full. Delete a model you do not need, or free disk space, and try again.`,
    { cause: error },
  );
}
