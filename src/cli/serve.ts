/** `gatecheck serve`: the sync server, the app and the admin console (see src/server). */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT_OK, EXIT_USAGE, UsageError, type CliIO, type Command } from './command.ts';
import { parseOptions } from './options.ts';

const HELP = `Usage: gatecheck serve [--data DIR] [--demo] [--port N] [--host H] [--trust FILE] [--public-url URL]
                       [--trust-proxy] [--dist DIR] [--keep-entries-days N] [--issuer-key FILE]
                       [--keep-applications-days N] [--metrics-token TOKEN]
                       [--peer ID=URL]... [--peer-interval SECONDS]

Serves the scanner app (dist/, after "npm run build"), the holder app (/me/), the sync API,
the admin console (/admin), metrics (/metrics) and, with --demo, the demo codes (/demo).

  --data DIR         data folder (default ./.data): DIR/keys/root.json (public half) and
                     status.json, DIR/trust.json, DIR/db (PGlite). On a folder without keys it starts
                     empty (it signs and issues nothing) and says what is missing and how to make it
  --demo             on an empty DIR, create DEMO keys in DIR/keys, a signed demo trust bundle
                     and demo codes (never for real use; refused with DATABASE_URL)
  --port N           port (default 8080; 0 picks a free one)
  --host H           address to listen on (default 127.0.0.1; phones need HTTPS in front:
                     see docs/deploying.md)
  --trust FILE       import this trust bundle at start (signed offline by "gatecheck trust";
                     default DIR/trust.json when present). A bundle not signed by the root key
                     in DIR/keys/root.json is refused; an older one is ignored (no rollback).
  --public-url URL   the server's address as phones and browsers reach it, e.g. https://gate.example.org:
                     written into enrollment QR codes, the only origin the admin console accepts
                     changes from, and with https the sign-in cookie is Secure (default: the address
                     the connection arrived on; the Host header is never used)
  --trust-proxy      behind a reverse proxy (TLS in front): believe its X-Forwarded-For, -Proto and
                     -Host headers (client address, HTTPS, origin). Off by default: never set it
                     when clients can reach this port directly
  --dist DIR         the built app and admin console to serve (default: dist/ of this checkout)
  --keep-entries-days N   delete entries scanned more than N days ago (at start, then hourly);
                     default: keep them all
  --issuer-key FILE  the issuer key (a "gatecheck keygen" key file with its secret) that signs
                     holder codes. The published trust bundle must list it as an issuer key,
                     or the server refuses to start. Default: DIR/keys/issuer.json when it has
                     its secret (the demo keyset), used only while the bundle lists it.
  --keep-applications-days N   delete holder application data N days after its last code
                     expires (or after a rejection); default 30
  --metrics-token TOKEN   GET /metrics (Prometheus text format) answers a request carrying
                     "Authorization: Bearer TOKEN" (at least 16 characters); without a token
                     it answers only requests from this machine (loopback, not through a proxy)
  --peer ID=URL      relay the status chain of recognised authority ID from its server at URL
                     (repeatable): its envelopes, verified against ID's status keys in the served
                     trust bundle, are served unmodified to this server's scanners next to the
                     home chain (GET /api/status/…?authority=ID). ID must be an authority the
                     served bundle recognises ("gatecheck trust --recognise"); servers sharing
                     one PostgreSQL share one relay (one pulls, all serve). See docs/federation.md
  --peer-interval SECONDS   how often each peer is pulled (default 60; 1 to 86400); a
                     failed pull is retried sooner, with exponential backoff and jitter

Environment:
  DATABASE_URL                 use this PostgreSQL instead of embedded PGlite in DIR/db
  GATECHECK_ADMIN_PASSWORD     the administrator's password on first start (else a random one
                               is printed once and kept in DIR/admin-password.txt, mode 0600,
                               until it is changed)
  GATECHECK_METRICS_TOKEN      the --metrics-token, kept out of the process list
  GATECHECK_LOG_LEVEL          fatal|error|warn|info|debug (default info); logs are JSON lines
                               on stderr: one summary line a minute at info, each request at debug

Runs until SIGINT or SIGTERM, then finishes requests in flight and closes the database.
Exit status: 0 after a clean stop, 2 when it cannot start (the reason on stderr), 3 on an
internal error.`;

/** The options, as node:util parseArgs takes them; a new flag is one more entry here and in serveOptions. */
const OPTIONS = {
  data: { type: 'string', default: './.data' },
  demo: { type: 'boolean', default: false },
  port: { type: 'string', default: '8080' },
  host: { type: 'string', default: '127.0.0.1' },
  trust: { type: 'string' },
  'public-url': { type: 'string' },
  'trust-proxy': { type: 'boolean', default: false },
  dist: { type: 'string' },
  'keep-entries-days': { type: 'string' },
  'issuer-key': { type: 'string' },
  'keep-applications-days': { type: 'string' },
  'metrics-token': { type: 'string' },
  peer: { type: 'string', multiple: true },
  'peer-interval': { type: 'string' },
  help: { type: 'boolean', default: false },
} as const;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** A whole number of days from 1 to 99999, or undefined when the option is absent. */
function days(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9]\d{0,4}$/.test(value)) throw new UsageError(`--${option} must be a whole number of days from 1 to 99999, not ${value}`);
  return Number(value);
}

/** `--peer ID=URL`: an authority id (gc1.md §6) and the peer server's http(s) address. */
function peers(values: string[] | undefined): { authority: string; url: string }[] {
  const out: { authority: string; url: string }[] = [];
  for (const value of values ?? []) {
    const match = /^([a-z0-9][a-z0-9-]{0,31})=(https?:\/\/[^\s?#]+)$/.exec(value);
    if (!match)
      throw new UsageError(`--peer must be ID=URL (an authority id such as b, then an http(s) URL), not ${JSON.stringify(value)}`);
    const authority = match[1]!;
    if (out.some((p) => p.authority === authority)) throw new UsageError(`--peer ${authority} is given twice`);
    out.push({ authority, url: match[2]!.replace(/\/+$/, '') });
  }
  return out;
}

/** Checks the command line and the environment; every problem is a UsageError (exit 2, one line). */
export function serveOptions(argv: string[], env: NodeJS.ProcessEnv) {
  const { values } = parseOptions(argv, OPTIONS);
  const port = Number(values.port);
  if (!/^\d{1,5}$/.test(values.port) || port > 65535) throw new UsageError(`--port must be 0-65535, not ${values.port}`);
  const publicUrl = values['public-url'];
  if (publicUrl !== undefined && !/^https?:\/\/[^\s?#]+$/.test(publicUrl))
    throw new UsageError('--public-url must be an http(s) URL without query or fragment');
  if (values.dist !== undefined && !existsSync(join(values.dist, 'index.html')))
    throw new UsageError(`--dist ${values.dist} holds no built app (index.html); run "npx vite build --outDir ${values.dist}"`);
  const databaseUrl = env.DATABASE_URL || undefined;
  if (values.demo && databaseUrl)
    throw new UsageError(
      '--demo is refused with DATABASE_URL: demo keys must never reach a shared database; unset DATABASE_URL for the demo',
    );
  const metricsToken = values['metrics-token'] ?? (env.GATECHECK_METRICS_TOKEN || undefined);
  if (metricsToken !== undefined && !/^[\x21-\x7e]{16,}$/.test(metricsToken))
    throw new UsageError('the metrics token must be at least 16 printable characters without spaces');
  const level = env.GATECHECK_LOG_LEVEL ?? 'info';
  if (!LOG_LEVELS.includes(level)) throw new UsageError(`GATECHECK_LOG_LEVEL must be ${LOG_LEVELS.join(', ')}`);
  const keepEntries = days(values['keep-entries-days'], 'keep-entries-days');
  const keepApplications = days(values['keep-applications-days'], 'keep-applications-days');
  const interval = values['peer-interval'];
  if (interval !== undefined && !(/^[1-9]\d{0,4}$/.test(interval) && Number(interval) <= 86_400))
    throw new UsageError(`--peer-interval must be a whole number of seconds from 1 to 86400, not ${interval}`);
  return {
    help: values.help,
    host: values.host,
    port,
    start: {
      dataDir: values.data,
      demo: values.demo,
      databaseUrl,
      trustFile: values.trust,
      publicUrl,
      trustProxy: values['trust-proxy'],
      ...(values.dist === undefined ? {} : { distDir: values.dist }),
      ...(keepEntries === undefined ? {} : { entryRetentionDays: keepEntries }),
      ...(values['issuer-key'] === undefined ? {} : { issuerKeyFile: values['issuer-key'] }),
      settings: { ...(keepApplications === undefined ? {} : { applicationRetentionDays: keepApplications }) },
      peers: peers(values.peer),
      ...(interval === undefined ? {} : { peerRelay: { intervalMs: Number(interval) * 1000 } }),
      metricsToken,
      adminPassword: env.GATECHECK_ADMIN_PASSWORD || undefined,
      // On stderr: stdout carries the start-up banner alone, the admin password last.
      logger: { level, stream: process.stderr },
    },
  };
}

export const command: Command = {
  help: HELP,
  async run(argv: string[], io: CliIO): Promise<number> {
    const options = serveOptions(argv, process.env);
    if (options.help) {
      io.stdout(`${HELP}\n`);
      return EXIT_OK;
    }
    const { startServer } = await import('../server/start.ts');
    const { StartupError } = await import('../server/open-server.ts');
    try {
      const server = await startServer({
        ...options.start,
        host: options.host,
        port: options.port,
        print: (line) => io.stdout(`${line}\n`),
      });
      await server.closed;
      return EXIT_OK;
    } catch (error) {
      if (error instanceof StartupError) {
        io.stderr(`gatecheck serve: ${error.message}\n`);
        return EXIT_USAGE;
      }
      throw error;
    }
  },
};
