/** Checkpoints (admin API): list (read), create and edit (operate), one-time enrollment QR (operate). */
import type { FastifyInstance } from 'fastify';
import { DEFAULT_POLICY, formatEnrollmentText, parsePolicy, type CheckpointPolicy } from '../../core/index.ts';
import type { ServerContext } from '../context.ts';
import { recordAudit } from '../admin/audit-log.ts';
import { auditActor } from '../admin/current-admin.ts';
import { qrSvg } from '../qr-svg.ts';
import {
  createCheckpoint,
  createEnrollmentToken,
  getCheckpoint,
  listCheckpoints,
  NAME_TAKEN,
  updateCheckpoint,
} from '../devices/device-store.ts';
import { HttpError } from '../http/errors.ts';
import { serveRoute } from '../http/serve-route.ts';
import { publicBaseUrl } from '../http/public-origin.ts';

function policyFrom(value: Partial<CheckpointPolicy> | undefined, base: CheckpointPolicy = DEFAULT_POLICY): CheckpointPolicy {
  const policy = parsePolicy({ ...base, ...value });
  if (!policy) throw new HttpError(400, 'policy must have 0 < warnAfter <= staleAfter (seconds)', { field: 'policy' });
  return policy;
}

const nameTaken = (name: string, site: string) =>
  new HttpError(409, `a checkpoint named “${name}” exists already${site ? ` at ${site}` : ''}; choose another name`, {
    field: 'name',
    problem: 'name_taken',
  });

export async function adminCheckpointRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  serveRoute(app, 'GET /api/admin/checkpoints', async () => ({ checkpoints: await listCheckpoints(ctx.db) }));

  serveRoute(app, 'POST /api/admin/checkpoints', async (request, reply) => {
    const name = request.body.name.trim();
    const site = request.body.site?.trim() ?? '';
    if (!name) throw new HttpError(400, 'a checkpoint needs a name', { field: 'name' });
    const policy = policyFrom(request.body.policy);
    const checkpoint = await ctx.db.transaction(async (tx) => {
      const created = await createCheckpoint(tx, { name, site, policy }, ctx.now());
      if (created !== NAME_TAKEN) await recordAudit(tx, auditActor(request), 'checkpoint.create', created.id, { policy }, ctx.now());
      return created;
    });
    if (checkpoint === NAME_TAKEN) throw nameTaken(name, site);
    return reply.code(201).send({ checkpoint });
  });

  serveRoute(app, 'PATCH /api/admin/checkpoints/:id', async (request) => {
    const id = request.params.id.toLowerCase();
    const name = request.body.name?.trim();
    const site = request.body.site?.trim();
    if (name === '') throw new HttpError(400, 'a checkpoint needs a name', { field: 'name' });
    const result = await ctx.db.transaction(async (tx) => {
      const current = await getCheckpoint(tx, id);
      if (!current) return null;
      // A partial policy changes only the fields it names; the rest keep their current values.
      const policy = request.body.policy === undefined ? undefined : policyFrom(request.body.policy, current.policy);
      const updated = await updateCheckpoint(tx, id, { name, site, policy });
      if (updated && updated !== NAME_TAKEN) {
        const changed = Object.fromEntries(
          Object.entries({
            name: name !== undefined && name !== current.name,
            site: site !== undefined && site !== current.site,
            policy: policy !== undefined && JSON.stringify(policy) !== JSON.stringify(current.policy),
          }).filter(([, v]) => v),
        );
        await recordAudit(
          tx,
          auditActor(request),
          'checkpoint.update',
          id,
          { changed: Object.keys(changed), ...(policy ? { policy } : {}) },
          ctx.now(),
        );
      }
      return { updated, current };
    });
    if (!result?.updated) throw new HttpError(404, 'no such checkpoint');
    if (result.updated === NAME_TAKEN) throw nameTaken(name ?? result.current.name, site ?? result.current.site);
    return { checkpoint: result.updated };
  });

  serveRoute(app, 'POST /api/admin/checkpoints/:id/enrollment', async (request, reply) => {
    const checkpoint = await getCheckpoint(ctx.db, request.params.id.toLowerCase());
    if (!checkpoint) throw new HttpError(404, 'no such checkpoint');
    const { token, expiresMs } = await ctx.db.transaction(async (tx) => {
      const made = await createEnrollmentToken(tx, checkpoint.id, ctx.now(), ctx.settings.enrollmentTtlMs);
      await recordAudit(tx, auditActor(request), 'checkpoint.enrollment', checkpoint.id, { expiresMs: made.expiresMs }, ctx.now());
      return made;
    });
    const offer = formatEnrollmentText({ url: publicBaseUrl(request), token, checkpoint: checkpoint.name });
    if (!offer.ok) throw new HttpError(500, `cannot build the enrollment code: ${offer.detail}`);
    return reply
      .code(201)
      .send({ checkpointId: checkpoint.id, token, text: offer.text, svg: await qrSvg(offer.text), expiresAt: expiresMs });
  });
}
