/**
 * A job the server runs once it is ready and then every hour while it runs (the retention
 * purges): a failure is logged and tried again the next hour, never thrown into a request.
 */
import type { FastifyInstance } from 'fastify';

const EVERY_MS = 3600_000;

/**
 * Runs `job` at start and hourly. `job` returns the fields of a log line saying what it did
 * (logged as "<name>: <doneMessage>"), or null when there was nothing to do.
 */
export function scheduleHourly(
  app: FastifyInstance,
  name: string,
  doneMessage: string,
  job: () => Promise<Record<string, unknown> | null>,
): void {
  const run = async () => {
    try {
      const done = await job();
      if (done) app.log.info(done, `${name}: ${doneMessage}`);
    } catch (error) {
      app.log.error({ err: error }, `${name}: failed`);
    }
  };
  let timer: ReturnType<typeof setInterval> | null = null;
  let running: Promise<void> | null = null;
  // Started when the server is ready, not awaited there: a purge never delays the first request
  // (the start-up target of issue 17); closing waits for a run in flight before the database goes.
  app.addHook('onReady', async () => {
    running = run();
    timer = setInterval(() => {
      running = run();
    }, EVERY_MS);
    timer.unref();
  });
  app.addHook('onClose', async () => {
    if (timer) clearInterval(timer);
    await running;
  });
}
