/**
 * Entry point: builds the services, then renders the app into #app.
 *
 * Start-up renders as soon as settings and the local data are open: it never waits for the
 * network or for the decoder worker's .wasm (services.ts).
 */
import { render } from 'preact';
import { App } from './app.tsx';
import { formatterWarmUps, i18nFor, pickLanguage } from './i18n/i18n.ts';
import { createServices } from './services/services.ts';
import './styles.css';

const root = document.getElementById('app')!;

/**
 * The longest the first paint waits for the two things that are still loading when the
 * services are up, before it shows the app anyway (it never waits for the network longer):
 * - a new device's first trust data: without it the first paint said "no trust data" and showed
 *   the status snapshot's progress above the camera, removed a moment later, so the camera view
 *   jumped by 100-150 px (Lighthouse: cumulative layout shift 0.24);
 * - the decoder worker: compiling its .wasm keeps a small device's cores busy for a moment, and
 *   the first keys typed meanwhile were handled late (on 2 busy cores, 130-360 ms apart: a
 *   wedge scan read as typing).
 * A device that holds trust data starts as soon as its decoder is ready, and on a slow link the
 * app shows after 1.5 s even though the .wasm (320 KB) is still on its way.
 */
const FIRST_PAINT_WAIT_MS = 1500;

createServices()
  .then(async (services) => {
    // The translator's Intl formatters, each in a task of its own, while the app waits below,
    // not all in the first render's task (i18n.ts formatterWarmUps).
    const warmUps = formatterWarmUps(i18nFor(pickLanguage(services.settings.get().language)));
    const warmNext = () => {
      warmUps.shift()?.();
      if (warmUps.length > 0) setTimeout(warmNext, 0);
    };
    setTimeout(warmNext, 0);
    const settled = Promise.all([services.data.whenReady(), services.decoderSettled]);
    await Promise.race([settled, new Promise((resolve) => setTimeout(resolve, FIRST_PAINT_WAIT_MS))]);
    render(<App services={services} />, root);
    // A decoder that could not start is shown on the scan screen (its camera panel reads
    // services.decoderError): render again once that is known.
    void services.decoderSettled.then((ready) => {
      if (!ready) render(<App services={services} />, root);
    });
  })
  .catch((error: unknown) => {
    // Without storage (private mode in old Safari, a blocked IndexedDB) nothing can be logged;
    // say so instead of showing a blank page.
    console.error(error);
    root.textContent = `gatecheck could not start / 无法启动: ${error instanceof Error ? error.message : String(error)}`;
    root.setAttribute('role', 'alert');
  });
