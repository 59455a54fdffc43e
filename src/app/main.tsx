/**
 * Entry point: builds the services, then renders the app into #app.
 *
 * Start-up renders as soon as settings and the local data are open: it never waits for the
 * network or for the decoder worker's .wasm (services.ts).
 */
import { render } from 'preact';
import { App } from './app.tsx';
import { createServices } from './services/services.ts';
import './styles.css';

const root = document.getElementById('app')!;

/**
 * How long the first start of a new device waits for its first trust data before it shows the
 * app anyway. Without the wait, that start painted "no trust data" and the status snapshot's
 * progress above the camera, then removed them a moment later: the camera view jumped by
 * 100-150 px under the guard's eyes (Lighthouse: cumulative layout shift 0.24). A device that
 * holds trust data and a status list starts at once.
 */
const FIRST_TRUST_WAIT_MS = 1500;

createServices()
  .then(async (services) => {
    await Promise.race([services.data.whenReady(), new Promise((resolve) => setTimeout(resolve, FIRST_TRUST_WAIT_MS))]);
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
