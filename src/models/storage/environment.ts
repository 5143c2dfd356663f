/**
 * What the model store needs from the browser, passed in so that Vitest can run it on small fakes
 * (Node has fetch, Response, ReadableStream and File, but no Cache Storage or navigator.storage).
 */
export interface StorageEnvironment {
  /** `has` lets a reader look without creating a cache (web-llm's); without it, open is used. */
  caches: Pick<CacheStorage, 'open'> & Partial<Pick<CacheStorage, 'has'>>;
  fetch: (input: string, init?: RequestInit) => Promise<Response>;
  /** The page's origin: cache keys are absolute same-origin URLs, like the service worker's. */
  origin: string;
  isOnline: () => boolean;
  now: () => number;
}

/** The real browser; called lazily so that importing this module in Node does not throw. */
export function browserEnvironment(): StorageEnvironment {
  return {
    caches: globalThis.caches,
    fetch: (input, init) => globalThis.fetch(input, init),
    origin: globalThis.location.origin,
    isOnline: () => globalThis.navigator.onLine,
    now: () => performance.now(),
  };
}
