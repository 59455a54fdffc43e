/** The trust bundle (admin API): the published one with its keys (read); import a newer signed one (administer). */
import type { FastifyInstance } from 'fastify';
import { openTrustBundle, trustKeyDocument } from '../../core/index.ts';
import type { ServerContext } from '../context.ts';
import { recordAudit } from '../admin/audit-log.ts';
import { auditActor } from '../admin/current-admin.ts';
import { HttpError } from '../http/errors.ts';
import { serveRoute } from '../http/serve-route.ts';
import { requireKeys } from '../keys/server-setup.ts';
import { currentTrust, importTrustBundle } from '../trust/trust-store.ts';

export async function adminTrustRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  serveRoute(app, 'GET /api/admin/trust', async () => {
    const trust = await currentTrust(ctx.db);
    if (!trust) throw new HttpError(404, 'no trust bundle has been imported yet');
    // Opened again (it was checked on import) so the console lists the keys scanners get.
    const keys = requireKeys(ctx);
    const opened = await openTrustBundle(JSON.parse(trust.envelope), keys.rootPublicKey, ctx.ed25519);
    if (!opened.ok) throw new Error(`the published trust bundle no longer opens: ${opened.detail}`);
    const listed = opened.bundle.keys.map((key) => trustKeyDocument(key, key.authority));
    return {
      seq: trust.seq,
      issuedAt: trust.issuedAt,
      expiresAt: trust.expiresAt,
      keys: listed,
      statusKid: keys.statusKid,
      authority: opened.bundle.authority,
    };
  });

  // The body is any JSON (or a string of it): the trust store judges it and names the problem.
  serveRoute(app, 'POST /api/admin/trust', async (request) => {
    const { rootPublicKey, statusKid } = requireKeys(ctx);
    const keys = { rootPublicKey, statusKid, ed25519: ctx.ed25519 };
    const result = await importTrustBundle(ctx.db, request.body, keys, ctx.now(), (tx, seq) =>
      recordAudit(tx, auditActor(request), 'trust.import', `seq ${seq}`, { seq }, ctx.now()),
    );
    if (!result.ok)
      throw new HttpError(result.problem === 'rollback' ? 409 : 400, `trust bundle refused (${result.problem}): ${result.detail}`, {
        problem: result.problem,
      });
    request.log.info({ seq: result.seq, unchanged: result.unchanged }, 'trust bundle imported');
    return { seq: result.seq, unchanged: result.unchanged };
  });
}
