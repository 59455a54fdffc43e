/** Entry point: builds the services, then renders the app into #app. */
import { render } from 'preact';
import { App } from './app.tsx';
import { createServices } from './services/services.ts';
import './styles.css';

const root = document.getElementById('app')!;

createServices()
  .then((services) => render(<App services={services} />, root))
  .catch((error: unknown) => {
    // Without storage (private mode in old Safari, a blocked IndexedDB) nothing can be logged;
    // say so instead of showing a blank page.
    console.error(error);
    root.textContent = `gatecheck could not start / 无法启动: ${error instanceof Error ? error.message : String(error)}`;
    root.setAttribute('role', 'alert');
  });
