/** `gatecheck serve`: the sync server, the app and the admin console (see src/server). */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { EXIT_OK, EXIT_USAGE, UsageError, type CliIO, type Command } from './command.ts';

const HELP = `Usage: gatecheck serve [--data DIR] [--port N] [--host H] [--trust FILE] [--public-url URL] [--dist DIR]
                       [--keep-entries-days N] [--issuer-key FILE] [--keep-applications-days N]
                       [--trust-proxy]

Serves the scanner app (dist/, after "npm run build"), the sync API, the admin console
(/admin) and, after a demo start, the demo codes (/demo).

  --data DIR         data folder (default ./.data). On an empty folder the first start creates
                     DEMO keys in DIR/keys, a signed demo trust bundle and demo codes.
  --port N           port (default 8080; 0 picks a free one)
  --host H           address to listen on (default 127.0.0.1; put HTTPS in front for phones)
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

Environment:
  DATABASE_URL                 use this PostgreSQL instead of embedded PGlite in DIR/db
  GATECHECK_ADMIN_PASSWORD     the administrator's password on first start (else a random one
                               is printed once)
  GATECHECK_LOG_LEVEL          fatal|error|warn|info|debug (default info); logs are JSON lines

Runs until SIGINT or SIGTERM, then finishes requests in flight and closes the database.`;

export const command: Command = {
  summary: 'run the sync server, the app and the admin console',
  help: HELP,
  async run(argv: string[], io: CliIO): Promise<number> {
    let values;
    try {
      ({ values } = parseArgs({
        args: argv,
        strict: true,
        allowPositionals: false,
        options: {
          data: { type: 'string', default: './.data' },
          port: { type: 'string', default: '8080' },
          host: { type: 'string', default: '127.0.0.1' },
          trust: { type: 'string' },
          'public-url': { type: 'string' },
          'trust-proxy': { type: 'boolean', default: false },
          dist: { type: 'string' },
          'keep-entries-days': { type: 'string' },
          'issuer-key': { type: 'string' },
          'keep-applications-days': { type: 'string' },
          help: { type: 'boolean', default: false },
        },
      }));
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    if (values.help) {
      io.stdout(`${HELP}\n`);
      return EXIT_OK;
    }
    const port = Number(values.port);
    if (!/^\d{1,5}$/.test(values.port) || port > 65535) throw new UsageError(`--port must be 0-65535, not ${values.port}`);
    if (values['public-url'] !== undefined && !/^https?:\/\/[^\s?#]+$/.test(values['public-url']))
      throw new UsageError('--public-url must be an http(s) URL without query or fragment');
    if (values.dist !== undefined && !existsSync(join(values.dist, 'index.html')))
      throw new UsageError(`--dist ${values.dist} holds no built app (index.html); run "npx vite build --outDir ${values.dist}"`);
    const keepDays = values['keep-entries-days'];
    if (keepDays !== undefined && !/^[1-9]\d{0,4}$/.test(keepDays))
      throw new UsageError(`--keep-entries-days must be a whole number of days from 1 to 99999, not ${keepDays}`);
    const keepApplications = values['keep-applications-days'];
    if (keepApplications !== undefined && !/^[1-9]\d{0,4}$/.test(keepApplications))
      throw new UsageError(`--keep-applications-days must be a whole number of days from 1 to 99999, not ${keepApplications}`);
    const level = process.env.GATECHECK_LOG_LEVEL ?? 'info';
    if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(level))
      throw new UsageError(`GATECHECK_LOG_LEVEL must be fatal, error, warn, info, debug, trace or silent`);

    const { startServer } = await import('../server/start.ts');
    const { StartupError } = await import('../server/open-server.ts');
    try {
      const server = await startServer({
        dataDir: values.data,
        databaseUrl: process.env.DATABASE_URL || undefined,
        trustFile: values.trust,
        publicUrl: values['public-url'],
        trustProxy: values['trust-proxy'],
        ...(values.dist === undefined ? {} : { distDir: values.dist }),
        ...(keepDays === undefined ? {} : { entryRetentionDays: Number(keepDays) }),
        ...(values['issuer-key'] === undefined ? {} : { issuerKeyFile: values['issuer-key'] }),
        settings: { ...(keepApplications === undefined ? {} : { applicationRetentionDays: Number(keepApplications) }) },
        adminPassword: process.env.GATECHECK_ADMIN_PASSWORD || undefined,
        host: values.host,
        port,
        logger: { level },
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
