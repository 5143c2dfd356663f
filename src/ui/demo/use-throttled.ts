import { useEffect, useRef, useState } from 'react';

/**
 * The value, updated at most once per `ms` (and always to the latest value in the end): charts
 * need not redraw for every target pass when passes come faster than anyone can read them.
 */
export function useThrottled<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  const lastShownAt = useRef(Number.NEGATIVE_INFINITY);
  useEffect(() => {
    if (Object.is(value, shown)) return;
    const show = () => {
      lastShownAt.current = performance.now();
      setShown(value);
    };
    const wait = lastShownAt.current + ms - performance.now();
    if (wait <= 0) {
      show();
      return;
    }
    const timer = setTimeout(show, wait);
    return () => clearTimeout(timer);
  }, [value, shown, ms]);
  return shown;
}
