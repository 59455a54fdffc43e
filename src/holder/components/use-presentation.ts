/**
 * Keeps a fresh presentation of an issued code: signs one at once, then every
 * PRESENTATION_REFRESH_SECONDS, and again whenever the page becomes visible (a phone taken
 * out of a pocket never shows a stale proof). User Timing: `holder:sign-start` before each
 * signature, `holder:drawn` when the QR is redrawn (qr-code.tsx).
 */
import { useEffect, useState } from 'preact/hooks';
import type { Ed25519Signer } from '../../core/crypto/ed25519.ts';
import { PRESENTATION_REFRESH_SECONDS, presentation } from '../logic/presentation.ts';

export function usePresentation(issuedB64u: string | null, signer: Ed25519Signer): string | null {
  const [text, setText] = useState<string | null>(null);
  useEffect(() => {
    if (!issuedB64u) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const next = async () => {
      clearTimeout(timer);
      performance.mark('holder:sign-start');
      const result = await presentation(issuedB64u, signer, Date.now());
      if (!live) return;
      if (result.ok) setText(result.text);
      timer = setTimeout(() => void next(), PRESENTATION_REFRESH_SECONDS * 1000);
    };
    const onVisible = () => {
      if (document.visibilityState === 'visible') void next();
    };
    void next();
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      live = false;
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [issuedB64u, signer]);
  return text;
}

/** Asks the browser to keep the screen on while a code is shown (where it can). */
export function useWakeLock(): void {
  useEffect(() => {
    const wake = (navigator as Navigator & { wakeLock?: { request(type: 'screen'): Promise<{ release(): Promise<void> }> } }).wakeLock;
    let lock: { release(): Promise<void> } | null = null;
    let live = true;
    wake
      ?.request('screen')
      .then((l) => {
        // Unmounted before the lock arrived: give it straight back.
        if (live) lock = l;
        else void l.release();
      })
      .catch(() => undefined);
    return () => {
      live = false;
      void lock?.release().catch(() => undefined);
    };
  }, []);
}
