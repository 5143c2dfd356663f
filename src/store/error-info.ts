import type { ErrorInfo } from './types.ts';

/** Whatever was thrown, as plain data the store can keep (the name survives the worker boundary). */
export function errorInfo(error: unknown): ErrorInfo {
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}
