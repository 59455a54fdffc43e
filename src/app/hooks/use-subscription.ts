/** Subscribes a component to any `get()/subscribe()` source (stores, data service, flow). */
import { useEffect, useState } from 'preact/hooks';

/** The source's current value, re-rendering on each change. */
export function useSubscription<T>(get: () => T, subscribe: (listener: (value: T) => void) => () => void): T {
  const [value, setValue] = useState(get);
  useEffect(() => {
    setValue(get());
    return subscribe((next) => setValue(() => next));
    // The source objects live as long as the app; subscribing once is enough.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return value;
}
