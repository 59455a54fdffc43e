/** Accounts (admin API, `administer` only): list, add, change role, disable/enable, reset a password. */
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.ts';
import { createAccount, listAccounts, setDisabled, setPassword, setRole, type AccountProblem } from '../admin/accounts.ts';
import { recordAudit } from '../admin/audit-log.ts';
import { auditActor, currentAdmin } from '../admin/current-admin.ts';
import { HttpError } from '../http/errors.ts';
import { serveRoute } from '../http/serve-route.ts';

const PROBLEMS: Record<AccountProblem, [number, string]> = {
  name_taken: [409, 'an account with this name exists already'],
  not_found: [404, 'no such account'],
  last_admin: [409, 'this is the last enabled admin account: make another admin first'],
  bad_password: [400, 'a password may not contain NUL'],
};
const refuse = (problem: AccountProblem, field?: string) =>
  new HttpError(PROBLEMS[problem][0], PROBLEMS[problem][1], { problem, ...(field ? { field } : {}) });

export async function adminAccountRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  serveRoute(app, 'GET /api/admin/accounts', async () => ({ accounts: await listAccounts(ctx.db) }));

  serveRoute(app, 'POST /api/admin/accounts', async (request, reply) => {
    const result = await ctx.db.transaction(async (tx) => {
      const created = await createAccount(tx, request.body, ctx.now());
      if (created.ok)
        await recordAudit(
          tx,
          auditActor(request),
          'account.create',
          created.account.name,
          { account: created.account.id, role: created.account.role },
          ctx.now(),
        );
      return created;
    });
    if (!result.ok) throw refuse(result.problem, 'name');
    return reply.code(201).send({ account: result.account, ...(result.password ? { password: result.password } : {}) });
  });

  serveRoute(app, 'PATCH /api/admin/accounts/:id', async (request) => {
    const { role, disabled } = request.body;
    const id = request.params.id.toLowerCase();
    if (disabled === true && id === currentAdmin(request).accountId)
      throw new HttpError(409, 'you cannot disable your own account', { problem: 'self' });
    const result = await ctx.db.transaction(async (tx) => {
      let account = null;
      if (role !== undefined) {
        const changed = await setRole(tx, id, role);
        if (!changed.ok) return changed;
        account = changed.account;
        if (changed.before !== role)
          await recordAudit(
            tx,
            auditActor(request),
            'account.role',
            account.name,
            { account: id, from: changed.before, to: role },
            ctx.now(),
          );
      }
      if (disabled !== undefined) {
        const changed = await setDisabled(tx, id, disabled, ctx.now());
        if (!changed.ok) return changed;
        account = changed.account;
        await recordAudit(
          tx,
          auditActor(request),
          disabled ? 'account.disable' : 'account.enable',
          account.name,
          { account: id },
          ctx.now(),
        );
      }
      return { ok: true as const, account: account! };
    });
    if (!result.ok) throw refuse(result.problem);
    return { account: result.account };
  });

  serveRoute(app, 'POST /api/admin/accounts/:id/password', async (request) => {
    const id = request.params.id.toLowerCase();
    const result = await ctx.db.transaction(async (tx) => {
      const changed = await setPassword(tx, id, request.body.password);
      if (changed.ok)
        await recordAudit(
          tx,
          auditActor(request),
          'account.password',
          changed.account.name,
          { account: id, generated: changed.password !== null },
          ctx.now(),
        );
      return changed;
    });
    if (!result.ok) throw refuse(result.problem);
    return { account: result.account, ...(result.password ? { password: result.password } : {}) };
  });
}
