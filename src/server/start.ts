/** Listening, the start-up banner, and graceful shutdown on SIGINT/SIGTERM. */
import { openServer, StartupError, type OpenServerOptions } from './open-server.ts';

export interface StartOptions extends OpenServerOptions {
  host: string;
  port: number;
  /** Where the banner goes (the CLI passes its stdout). */
  print?: (line: string) => void;
  /** Install SIGINT/SIGTERM handlers (default true). */
  handleSignals?: boolean;
}

/** A listening server. */
export interface RunningServer {
  url: string;
  /** Stops accepting, finishes in-flight requests, closes the database. */
  close(): Promise<void>;
  /** Resolves once the server has closed, whatever closed it. */
  closed: Promise<void>;
}

/** Opens, listens and prints where everything is. */
export async function startServer(options: StartOptions): Promise<RunningServer> {
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const opened = await openServer(options);
  const { app } = opened;
  try {
    await app.listen({ host: options.host, port: options.port });
  } catch (error) {
    await app.close();
    throw new StartupError(`cannot listen on ${options.host}:${options.port}: ${(error as Error).message}`);
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;

  print(`gatecheck serve: listening on ${url} (database: ${opened.context.db.kind})`);
  print(`  scanner app:   ${url}/`);
  print(`  admin console: ${url}/admin`);
  if (opened.context.settings.demoDir) print(`  demo codes:    ${url}/demo   (DEMO keys in ${options.dataDir}/keys — not for real use)`);
  for (const notice of opened.notices) print(`  note: ${notice}`);
  if (opened.firstRun.adminPassword) print(`  admin password (shown only this once): ${opened.firstRun.adminPassword}`);

  let closing: Promise<void> | null = null;
  let resolveClosed!: () => void;
  const closed = new Promise<void>((r) => (resolveClosed = r));
  const onSignal = (signal: NodeJS.Signals) => {
    app.log.info({ signal }, 'shutting down: finishing requests in flight');
    void close();
  };
  const close = () => {
    closing ??= app.close().finally(() => {
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
      resolveClosed();
    });
    return closing;
  };
  if (options.handleSignals !== false) {
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }
  return { url, close, closed };
}
