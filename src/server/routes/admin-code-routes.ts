/** Demo codes (admin API, operate): signed with the demo issuer key when this server holds it. */
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.ts';
import { recordAudit } from '../admin/audit-log.ts';
import { auditActor } from '../admin/current-admin.ts';
import { issueDemoCode } from '../demo/demo-codes.ts';
import { qrSvg } from '../qr-svg.ts';
import { HttpError } from '../http/errors.ts';
import { serveRoute } from '../http/serve-route.ts';

export async function adminCodeRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  serveRoute(app, 'POST /api/admin/codes', async (request) => {
    const issuer = ctx.keys?.issuerSigner;
    if (!issuer)
      throw new HttpError(409, 'this server holds no issuer key (DIR/keys/issuer.json with its secret); demo codes cannot be issued');
    const { status, name = 'DEMO', hint = '', region = 0, validDays = 30 } = request.body;
    const code = await issueDemoCode(issuer, { status, name, hint, region, validDays }, Math.floor(ctx.now() / 1000)).catch(
      (error: Error) => {
        throw new HttpError(400, error.message);
      },
    );
    // The masked name and hint are not recorded: the audit log holds no names.
    await recordAudit(ctx.db, auditActor(request), 'code.issue', code.cid, { colour: status, validDays }, ctx.now());
    return { ...code, svg: await qrSvg(code.text) };
  });
}
