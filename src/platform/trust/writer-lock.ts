/**
 * One writer at a time for the trust data, across every tab of the app: two tabs building
 * the same bucket slot would corrupt each other's list. Web Locks where the browser has
 * them (Chromium, Safari 15.4+, Firefox 96+); an in-page queue otherwise (and in Node).
 */

interface LockManagerLike {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}

const queues = new Map<string, Promise<unknown>>();

/** Runs `work` while holding the named lock; releases it however `work` ends. */
export function withWriterLock<T>(name: string, work: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as { locks?: LockManagerLike } | undefined)?.locks;
  // Web Locks also order the calls within this page, so no in-page queue is needed then.
  if (locks && typeof locks.request === 'function') return locks.request(name, work);
  const previous = queues.get(name) ?? Promise.resolve();
  const run = previous.then(work, work);
  const tail = run.catch(() => undefined);
  queues.set(name, tail);
  void tail.then(() => {
    if (queues.get(name) === tail) queues.delete(name);
  });
  return run;
}

/** Gives the event loop a turn so long work does not freeze the UI. */
export function yieldToEventLoop(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (scheduler?.yield) return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}
