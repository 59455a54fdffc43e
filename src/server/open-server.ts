/**
 * Start-up: prepare the data folder (the demo only when asked for), open and migrate the
 * database, load the keys, import the trust bundle, create the administrator, build the app.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { routeUrl } from '../core/api/api-client.ts';
import { chooseEd25519, tweetnaclEd25519, type SubtleEd25519 } from '../core/index.ts';
import { ensureFirstAdmin, FIRST_ACCOUNT } from './admin/accounts.ts';
import { forgetChangedFirstPassword, keepFirstPassword } from './admin/first-password-file.ts';
import { buildApp } from './app.ts';
import type { ServerContext, ServerSettings } from './context.ts';
import type { Db, DbLocation } from './db/db.ts';
import { describeDbError } from './db/db-error.ts';
import { openDb } from './db/open-db.ts';
import { migrate } from './db/migrate.ts';
import { backfillPersons } from './issuance/person-backfill.ts';
import { createDemoCodes, createDemoKeysAndTrust } from './demo/demo-setup.ts';
import { KEY_FILES, KeyFileError, readKeyFile } from './keys/key-file.ts';
import { nodeSigner } from './keys/node-signer.ts';
import { setupInstructions } from './keys/server-setup.ts';
import { listedIssuer, type IssuerKey } from './issuance/issuer.ts';
import { ServerMetrics } from './observe/metrics.ts';
import { installMetricsRoute } from './observe/metrics-route.ts';
import { installRequestObserver } from './observe/request-observer.ts';
import { statusKeyProblem } from './status/listed-status-key.ts';
import { DEFAULT_STATUS_SETTINGS, StatusPublisher, type StatusSettings } from './status/status-publisher.ts';
import { checkTrustBundle, currentTrust, importTrustBundle, publishedBundle, publishedStatusAuthority } from './trust/trust-store.ts';
import { PeerChains } from './peers/peer-chains.ts';
import { installPeerRelay, unrecognisedPeer } from './peers/install-peer-relay.ts';
import { DEFAULT_PEER_RELAY_OPTIONS, type PeerRelayOptions, type PeerSpec } from './peers/peer-relay.ts';

/** The built PWA, next to src/ in the repository. */
export const DEFAULT_DIST_DIR = fileURLToPath(new URL('../../dist/', import.meta.url));

export interface OpenServerOptions {
  dataDir: string;
  /**
   * `gatecheck serve --demo`: on an empty folder, make a DEMO keyset, trust bundle and codes.
   * Without it an empty folder is refused with what is missing and how to make it.
   */
  demo?: boolean;
  /** PostgreSQL instead of PGlite in DIR/db (DATABASE_URL). */
  databaseUrl?: string;
  /** In-memory PGlite (tests); ignored with databaseUrl. */
  memoryDb?: boolean;
  /** An already open database (tests, embedding): migrated here, used instead of the above;
   * openServer owns it from then on (closed on failure and when the app closes). */
  db?: Db;
  /** A trust bundle file to import at start; DIR/trust.json is used when absent. */
  trustFile?: string;
  distDir?: string | null;
  /** The first administrator's password (GATECHECK_ADMIN_PASSWORD); random when absent. */
  adminPassword?: string;
  publicUrl?: string;
  /** Behind a reverse proxy: believe its X-Forwarded-* headers (see http/public-origin.ts). */
  trustProxy?: boolean;
  /** Delete entries scanned longer ago than this many days (hourly); absent keeps them all. */
  entryRetentionDays?: number;
  /**
   * The issuer key file holder codes are signed with (`--issuer-key`; with its secret). It
   * must be listed in the published trust bundle as an issuer key, or the start is refused.
   * Absent: DIR/keys/issuer.json when it has its secret (the demo), used only while listed.
   */
  issuerKeyFile?: string;
  logger?: FastifyServerOptions['logger'];
  /** Bearer token for GET /metrics from elsewhere than this machine (`--metrics-token`). */
  metricsToken?: string;
  status?: Partial<StatusSettings>;
  /** Recognised peers whose status chains this server relays (`--peer ID=URL`); each must be an authority of the served bundle. */
  peers?: PeerSpec[];
  /** How often, and with which limits, peers are pulled (`--peer-interval`). */
  peerRelay?: Partial<PeerRelayOptions>;
  settings?: Partial<Omit<ServerSettings, 'status'>>;
  now?: () => number;
}

export interface OpenedServer {
  app: FastifyInstance;
  context: ServerContext;
  /** What to tell the operator once: the generated password (and the file keeping it), whether the demo was created. */
  firstRun: { adminPassword: string | null; passwordFile: string | null; demoCreated: boolean };
  /** Things worth a line in the console (e.g. an older trust file that was not imported). */
  notices: string[];
  /** A server without keys: what is missing and the commands that make it (keys/server-setup.ts); empty once set up. */
  setup: string[];
}

/** The accounts routes of core's route table (api/routes.ts): after a change there, the first password's file may go. */
const ACCOUNTS_PATH = routeUrl('GET /api/admin/accounts');

/** A start-up problem the operator must fix; the message says how. */
export class StartupError extends Error {}

function isEmptyDir(dir: string): boolean {
  return !existsSync(dir) || readdirSync(dir).length === 0;
}

async function migrated(db: Db): Promise<Db> {
  await migrate(db);
  return db;
}

/** Metrics, request logs and the first password's file, on a built app. */
function observe(app: FastifyInstance, context: ServerContext, dataDir: string, metricsToken: string | null): void {
  const metrics = new ServerMetrics();
  installRequestObserver(app, metrics);
  installMetricsRoute(app, context, metrics, metricsToken);
  // Before the reply leaves (onSend, not onResponse): whoever changed the password finds the file gone.
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.method !== 'GET' && request.routeOptions.url?.startsWith(ACCOUNTS_PATH) && reply.statusCode < 300)
      await forgetChangedFirstPassword(context.db, dataDir);
    return payload;
  });
}

/** The key files of DIR/keys: root (its public half is enough), status (with its secret), issuer (optional). */
function readServerKeys(keysDir: string) {
  try {
    const root = readKeyFile(join(keysDir, KEY_FILES.root));
    const status = readKeyFile(join(keysDir, KEY_FILES.status));
    const issuer = existsSync(join(keysDir, KEY_FILES.issuer)) ? readKeyFile(join(keysDir, KEY_FILES.issuer)) : null;
    if (!status.seed) throw new StartupError(`${join(keysDir, KEY_FILES.status)} has no secretKey: the server signs status lists with it`);
    return { root, status, issuer };
  } catch (error) {
    if (error instanceof KeyFileError) {
      throw new StartupError(
        `${error.message}. The server needs ${keysDir}/root.json (the public key is enough) and status.json (with its secret); ` +
          `create them with "gatecheck keygen --out ${keysDir}", or try the demo with "gatecheck serve --demo" on an empty folder.`,
      );
    }
    throw error;
  }
}

/** Opens everything and returns a built (not yet listening) app. */
export async function openServer(options: OpenServerOptions): Promise<OpenedServer> {
  try {
    return await openServerOwningDb(options);
  } catch (error) {
    await options.db?.close().catch(() => {});
    throw error;
  }
}

async function openServerOwningDb(options: OpenServerOptions): Promise<OpenedServer> {
  const now = options.now ?? Date.now;
  const dataDir = resolve(options.dataDir);
  const notices: string[] = [];
  // An explicit issuer key is read first: a wrong --issuer-key fails before anything is written.
  let explicitIssuer = null;
  if (options.issuerKeyFile !== undefined) {
    try {
      explicitIssuer = readKeyFile(resolve(options.issuerKeyFile), 'issuer key file');
    } catch (error) {
      if (error instanceof KeyFileError)
        throw new StartupError(`${error.message} (--issuer-key takes a key file as "gatecheck keygen" writes it)`);
      throw error;
    }
    if (!explicitIssuer.seed)
      throw new StartupError(`issuer key file ${options.issuerKeyFile} has no secretKey: the server signs holder codes with it`);
  }
  const keysDir = join(dataDir, 'keys');
  const demoCreated = options.demo === true && isEmptyDir(dataDir);
  // Without keys (and without --demo) the server starts empty and says what is missing (keys/server-setup.ts).
  const notSetUp = !demoCreated && !existsSync(join(keysDir, KEY_FILES.root)) && !existsSync(join(keysDir, KEY_FILES.status));
  if (notSetUp && options.demo)
    throw new StartupError(`--demo makes its keys only on an empty data folder, and ${dataDir} is not empty but holds no keys`);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (demoCreated) await createDemoKeysAndTrust(dataDir, Math.floor(now() / 1000));
  const trustFile = options.trustFile ?? (existsSync(join(dataDir, 'trust.json')) ? join(dataDir, 'trust.json') : null);
  if (notSetUp && trustFile) {
    const setup = setupInstructions(dataDir, options.trustFile).join('\n');
    throw new StartupError(`the trust bundle ${trustFile} cannot be checked without the keys.\n${setup}`);
  }

  const files = notSetUp ? null : readServerKeys(keysDir);
  const issuerFile = explicitIssuer
    ? { key: explicitIssuer, source: resolve(options.issuerKeyFile!) }
    : files?.issuer?.seed
      ? { key: files.issuer, source: join(keysDir, KEY_FILES.issuer) }
      : null;
  const issuerKey: IssuerKey | null =
    files && issuerFile ? { kid: issuerFile.key.kid, signer: nodeSigner(issuerFile.key.seed!), source: issuerFile.source } : null;

  const ed25519 = await chooseEd25519(globalThis.crypto?.subtle as unknown as SubtleEd25519 | undefined, () => tweetnaclEd25519);
  const trustKeys = files && { rootPublicKey: files.root.publicKey, statusKid: files.status.kid, ed25519 };
  // The trust file is checked before the database opens: a wrong file fails the start at once.
  let trustText: string | null = null;
  if (trustFile && trustKeys) {
    try {
      trustText = readFileSync(trustFile, 'utf8');
    } catch {
      throw new StartupError(`cannot read the trust bundle ${trustFile}`);
    }
    const checked = await checkTrustBundle(trustText, trustKeys);
    if (!checked.ok) throw new StartupError(`trust bundle ${trustFile} refused (${checked.problem}): ${checked.detail}`);
  }

  const location: DbLocation = options.databaseUrl
    ? { kind: 'postgres', url: options.databaseUrl }
    : { kind: 'pglite', dir: options.memoryDb ? undefined : join(dataDir, 'db') };
  let db: Db;
  try {
    db = options.db ? await migrated(options.db) : await openDb(location);
  } catch (error) {
    throw new StartupError(
      `cannot open the database (${location.kind === 'postgres' ? 'DATABASE_URL' : join(dataDir, 'db')}): ${describeDbError(error)}`,
    );
  }

  try {
    const statusSigner = files ? nodeSigner(files.status.seed!) : null;
    const statusKid = files?.status.kid ?? null;
    const settings: ServerSettings = {
      status: { ...DEFAULT_STATUS_SETTINGS, ...options.status },
      enrollmentTtlMs: 24 * 3600_000,
      sessionTtlMs: 12 * 3600_000,
      loginAttempts: { max: 5, windowMs: 60_000 },
      distDir: options.distDir === undefined ? DEFAULT_DIST_DIR : options.distDir,
      demoDir: null,
      publicUrl: options.publicUrl?.replace(/\/+$/, '') ?? null,
      trustProxy: options.trustProxy ?? false,
      pgliteDir: location.kind === 'pglite' && !options.db ? (location.dir ?? null) : null,
      entryRetentionDays: options.entryRetentionDays ?? null,
      holderApplyLimit: { max: 20, windowMs: 3600_000 },
      applicationRetentionDays: 30,
      ...options.settings,
    };
    const publisher = new StatusPublisher(db, statusSigner, settings.status, now, (q) =>
      statusKid ? publishedStatusAuthority(q, statusKid) : Promise.resolve(null),
    );
    const context: ServerContext = {
      db,
      keys: files && {
        rootPublicKey: files.root.publicKey,
        statusSigner: statusSigner!,
        statusKid: files.status.kid,
        issuerSigner: files.issuer?.seed ? nodeSigner(files.issuer.seed) : null,
        issuer: issuerKey,
      },
      ed25519,
      status: publisher,
      peers: new PeerChains(db, settings.status),
      settings,
      now,
    };

    if (notSetUp) {
      if (explicitIssuer) notices.push(`--issuer-key ${options.issuerKeyFile} is not used until the server has its keys`);
    } else if (trustFile && trustText !== null && trustKeys) {
      const imported = await importTrustBundle(db, trustText, trustKeys, now());
      if (!imported.ok && imported.problem === 'rollback') notices.push(`trust bundle ${trustFile} not imported: ${imported.detail}`);
      else if (!imported.ok) throw new StartupError(`trust bundle ${trustFile} refused (${imported.problem}): ${imported.detail}`);
      else if (!imported.unchanged) notices.push(`trust bundle seq ${imported.seq} imported from ${trustFile}`);
    } else if (!(await currentTrust(db))) {
      notices.push(
        `no trust bundle yet: sign one offline with "gatecheck trust" and start with --trust FILE (or import it in the admin console)`,
      );
    }

    // The bundle served (perhaps another server's, on a shared PostgreSQL) must list the key
    // this server signs status lists with; the publisher refuses to sign otherwise.
    const unlisted = statusKid && (await statusKeyProblem(db, statusKid));
    if (unlisted && demoCreated)
      throw new StartupError(`the demo cannot start on this database: ${unlisted}. Use an empty data folder and no DATABASE_URL`);
    if (unlisted) notices.push(`status changes cannot be published: ${unlisted}`);

    if (issuerKey && files) {
      // Scanners accept a code only from a key the trust bundle lists as an issuer key.
      const listed = await listedIssuer(db, files.root.publicKey, ed25519, issuerKey, Math.floor(now() / 1000));
      if (!listed.ok && explicitIssuer)
        throw new StartupError(
          `--issuer-key ${options.issuerKeyFile} refused: ${listed.detail}. ` +
            `Sign a trust bundle listing it (gatecheck trust --issuer ${options.issuerKeyFile} …) and start with --trust FILE`,
        );
      if (!listed.ok) notices.push(`holder codes are not issued: ${listed.detail}`);
    }

    // A peer must be an authority the served bundle recognises: its envelopes are verified against its keys there.
    const peers = options.peers ?? [];
    const notRecognised = unrecognisedPeer(await publishedBundle(db), peers);
    if (notRecognised) throw new StartupError(notRecognised);

    const linked = await backfillPersons(db, now());
    if (linked > 0) notices.push(`${linked} earlier applications linked to their persons`);

    if (demoCreated && files?.issuer?.seed) await createDemoCodes(dataDir, files.issuer.seed, publisher, Math.floor(now() / 1000));
    if (existsSync(join(dataDir, 'demo', 'codes.json'))) settings.demoDir = join(dataDir, 'demo');

    const admin = await ensureFirstAdmin(db, options.adminPassword, now());
    const generated = admin?.generated ? admin.password : null;
    // A generated password is also kept in DIR until it is changed (first-password-file.ts).
    const passwordFile = generated ? keepFirstPassword(dataDir, FIRST_ACCOUNT, generated) : null;
    if (!generated) await forgetChangedFirstPassword(db, dataDir);
    const app = await buildApp(context, { logger: options.logger });
    observe(app, context, dataDir, options.metricsToken ?? null);
    if (peers.length > 0) installPeerRelay(app, context, peers, { ...DEFAULT_PEER_RELAY_OPTIONS, ...options.peerRelay });
    const setup = notSetUp ? setupInstructions(dataDir, options.trustFile) : [];
    return { app, context, firstRun: { adminPassword: generated, passwordFile, demoCreated }, notices, setup };
  } catch (error) {
    await db.close().catch(() => {});
    throw error;
  }
}
