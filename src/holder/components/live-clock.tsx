/**
 * The live parts of the code screen: a clock with seconds and a bar that keeps moving, so a
 * guard tells the real screen from a photo or a screen recording of it at a glance.
 */
import { useEffect, useState } from 'preact/hooks';
import type { I18n } from '../i18n/i18n.ts';

export function useNow(everyMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

export function LiveClock(props: { i18n: I18n }) {
  const now = useNow();
  return (
    <div class="live">
      <time class="live-clock" dateTime={new Date(now).toISOString()} data-live-clock>
        {props.i18n.clock(now)}
      </time>
      <div class="live-track" aria-hidden="true">
        <div class="live-bar" />
      </div>
    </div>
  );
}
