/** A clock that re-renders every `intervalMs`, for "updated 3 h ago" texts. */
import { useEffect, useState } from 'preact/hooks';

/** Current unix ms, refreshed on an interval. */
export function useNow(intervalMs = 30_000): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs]);
  return now;
}
