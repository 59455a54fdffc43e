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

createServices()
  .then((services) => {
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
