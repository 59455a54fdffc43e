/** Listening, the start-up banner, and graceful shutdown on SIGINT/SIGTERM. */
import { openServer, StartupError, type OpenedServer, type OpenServerOptions } from './open-server.ts';

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

/** A box around lines, so the one thing to copy stands out from the log. */
export function boxed(lines: readonly string[]): string[] {
  const width = Math.max(...lines.map((line) => line.length));
  return [`┌${'─'.repeat(width + 2)}┐`, ...lines.map((line) => `│ ${line.padEnd(width)} │`), `└${'─'.repeat(width + 2)}┘`];
}

/** Where everything is, the notices, and the one-time admin password last, in a box. */
function banner(opened: OpenedServer, base: string, dataDir: string): string[] {
  const lines = [
    `  scanner app:   ${base}/`,
    `  holder app:    ${base}/me/`,
    `  admin console: ${base}/admin`,
    ...(opened.context.settings.demoDir ? [`  demo codes:    ${base}/demo   (DEMO keys in ${dataDir}/keys — not for real use)`] : []),
    `  metrics:       ${base}/metrics   (Prometheus; this machine, or --metrics-token)`,
    ...opened.notices.map((notice) => `  note: ${notice}`),
    ...opened.setup.map((line) => `  ${line}`),
  ];
  const { adminPassword, passwordFile } = opened.firstRun;
  if (adminPassword) {
    lines.push(
      ...boxed([
        `sign in to ${base}/admin as admin with this one-time password:`,
        adminPassword,
        `(also kept in ${passwordFile}, mode 0600, until it is changed)`,
      ]),
    );
  }
  return lines;
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
  for (const line of banner(opened, options.publicUrl?.replace(/\/+$/, '') ?? url, options.dataDir)) print(line);

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
