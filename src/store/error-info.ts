/** An error as the store keeps it: plain data, whatever was thrown. */
export interface ErrorInfo {
  name: string;
  message: string;
  /** What it wrapped (Error.cause), as far as it was kept: lets the UI match a class inside a wrapper. */
  cause?: ErrorInfo;
}

/** How many wrapped causes are kept (as src/protocol/error-transfer.ts carries across the boundary). */
const MAX_CAUSE_DEPTH = 4;

/**
 * Whatever was thrown, as plain data the store can keep (the name survives the worker boundary),
 * with its chain of causes: a loader that wraps a ModelFileMissingError in its own error still
 * lets the UI see the missing file by its class name.
 */
export function errorInfo(error: unknown, depth = 0): ErrorInfo {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const info: ErrorInfo = { name: error.name, message: error.message };
  if (error.cause !== undefined && error.cause !== null && depth < MAX_CAUSE_DEPTH)
    info.cause = errorInfo(error.cause, depth + 1);
  return info;
}

/** The error and each of its causes, outermost first. */
export function errorChain(error: ErrorInfo): ErrorInfo[] {
  const chain: ErrorInfo[] = [];
  for (let e: ErrorInfo | undefined = error; e && chain.length <= MAX_CAUSE_DEPTH; e = e.cause) chain.push(e);
  return chain;
}
