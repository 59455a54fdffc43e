/**
 * A plain HTTP relay between the browser and `gatecheck serve` that lets a test choose the
 * exact moment an upload is cut off, which timing a SIGKILL from outside cannot do (a batch
 * of 500 entries is acknowledged within a few ms, and Playwright's request events arrive
 * late). Everything passes through unchanged, Host header included, so the app, its service
 * worker and the enrollment URL all name the relay's origin. For `POST /api/entries` it keeps
 * the entry ids of every attempt, and an armed cut acts on the next upload:
 * - `mid-body`: the server gets the headers and half the body, then `onCut` runs (the test
 *   kills the server): the batch can never have been stored, and the browser gets no answer;
 * - `after-reply`: the server gets the whole batch and its reply headers arrive (so it
 *   committed), then `onCut` runs and the reply is thrown away: the browser never learns
 *   that its entries were stored.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Where an armed cut falls. */
export type CutMode = 'mid-body' | 'after-reply';

/** One upload attempt as the relay saw it. */
export interface UploadAttempt {
  ids: string[];
  /** `passed`: relayed both ways; `cut-*`: cut as armed; `no-server`: nothing was listening. */
  outcome: 'passed' | 'no-server' | `cut-${CutMode}`;
  /** The server's status code, when its reply arrived. */
  status?: number;
}

/** A running relay; close() in a finally or after hook. */
export interface CutProxy {
  origin: string;
  uploads: UploadAttempt[];
  /**
   * Cuts an upload as `mode`, calling `onCut` at that moment; resolves with the attempt once
   * it is done. `after` uploads that reach the server pass first; attempts that find no
   * server listening neither count nor use the cut.
   */
  cutUpload(mode: CutMode, onCut: () => void | Promise<void>, options?: { after?: number }): Promise<UploadAttempt>;
  close(): Promise<void>;
}

const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade'];

/** Relays 127.0.0.1:(free port) to 127.0.0.1:`targetPort`. */
export async function startCutProxy(targetPort: number): Promise<CutProxy> {
  const uploads: UploadAttempt[] = [];
  type Armed = { mode: CutMode; onCut: () => void | Promise<void>; done: (attempt: UploadAttempt) => void; after: number };
  let armed: Armed | null = null;

  const relay = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const isUpload = req.method === 'POST' && req.url === '/api/entries';
    const attempt: UploadAttempt | null = isUpload ? { ids: entryIds(body), outcome: 'passed' } : null;
    if (attempt) uploads.push(attempt);
    let cut: Armed | null = null;
    let skipped: Armed | null = null;
    if (isUpload && armed) {
      if (armed.after > 0) {
        skipped = armed;
        skipped.after--;
      } else [cut, armed] = [armed, null];
    }
    let triggered = false;
    let failed = false;
    const finish = () => triggered && cut?.done(attempt!);

    const headers = { ...req.headers };
    for (const name of HOP_BY_HOP) delete headers[name];
    headers['content-length'] = String(body.length);
    // A declared reverse proxy (the server runs with --trust-proxy): it says which origin the
    // client used, so enrollment links point at the relay, never at a Host header.
    headers['x-forwarded-host'] = req.headers.host ?? '';
    headers['x-forwarded-proto'] = 'http';
    const upstream = httpRequest({ host: '127.0.0.1', port: targetPort, method: req.method, path: req.url, headers, agent: false });
    upstream.on('error', () => {
      failed = true;
      // The server is down (or was just killed): the browser sees a dropped connection.
      if (attempt && !triggered) {
        attempt.outcome = 'no-server';
        // Nothing reached a server: this attempt neither counts nor uses the cut.
        if (cut) armed = armed ?? cut;
        if (skipped) skipped.after++;
      }
      req.socket.destroy();
      finish();
    });
    upstream.on('response', (reply) => {
      if (attempt) attempt.status = reply.statusCode;
      if (cut?.mode === 'after-reply') {
        triggered = true;
        attempt!.outcome = 'cut-after-reply';
        void Promise.resolve(cut.onCut()).finally(() => {
          reply.destroy();
          req.socket.destroy();
          finish();
        });
        return;
      }
      const replyHeaders = { ...reply.headers };
      for (const name of HOP_BY_HOP) delete replyHeaders[name];
      res.writeHead(reply.statusCode ?? 502, replyHeaders);
      reply.pipe(res);
    });
    if (cut?.mode === 'mid-body') {
      upstream.write(body.subarray(0, body.length >> 1), (error) => {
        if (error || failed) return;
        triggered = true;
        attempt!.outcome = 'cut-mid-body';
        void Promise.resolve(cut.onCut()).finally(() => {
          upstream.destroy();
          req.socket.destroy();
          finish();
        });
      });
      return;
    }
    upstream.end(body);
  };

  const server: Server = createServer((req, res) => {
    relay(req, res).catch(() => req.socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    uploads,
    cutUpload: (mode, onCut, options = {}) => new Promise((done) => (armed = { mode, onCut, done, after: options.after ?? 0 })),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The entry ids of an upload body; none when it is not the protocol's JSON. */
function entryIds(body: Buffer): string[] {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { entries?: { id?: unknown }[] };
    return (parsed.entries ?? []).map((e) => String(e.id));
  } catch {
    return [];
  }
}
