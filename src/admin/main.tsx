/** Entry of the admin console (admin.html, served by `gatecheck serve` at /admin). */
import { render } from 'preact';
import { AdminApp } from './app.tsx';
import './admin.css';

render(<AdminApp />, document.getElementById('admin')!);
