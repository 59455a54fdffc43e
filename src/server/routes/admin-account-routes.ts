/** Accounts (admin API, `administer` only): list, add, change role, disable/enable, reset a password. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AccountCreate, AccountCreated, AccountList, AccountPatch, PasswordReset } from '../../core/api/admin-accounts.ts';
import { IdParams } from '../../core/api/admin-checkpoints.ts';
import { ADMIN_PATHS } from '../../core/api/admin-paths.ts';
import { Type } from 'typebox';
import { Account } from '../../core/api/admin-accounts.ts';
import type { ServerContext } from '../context.ts';
import { createAccount, listAccounts, setDisabled, setPassword, setRole, type AccountProblem } from '../admin/accounts.ts';
import { recordAudit } from '../admin/audit-log.ts';
import { auditActor, currentAdmin, requirePermission } from '../admin/current-admin.ts';
import { HttpError } from '../http/errors.ts';

const PROBLEMS: Record<AccountProblem, [number, string]> = {
  name_taken: [409, 'an account with this name exists already'],
  not_found: [404, 'no such account'],
  last_admin: [409, 'this is the last enabled admin account: make another admin first'],
  bad_password: [400, 'a password may not contain NUL'],
};
const refuse = (problem: AccountProblem, field?: string) =>
  new HttpError(PROBLEMS[problem][0], PROBLEMS[problem][1], { problem, ...(field ? { field } : {}) });

export async function adminAccountRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const administer = requirePermission('administer');

  r.get(ADMIN_PATHS.accounts, { preValidation: administer, schema: { response: { 200: AccountList } } }, async () => ({
    accounts: await listAccounts(ctx.db),
  }));

  r.post(
    ADMIN_PATHS.accounts,
    { preValidation: administer, schema: { body: AccountCreate, response: { 201: AccountCreated } } },
    async (request, reply) => {
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
    },
  );

  r.patch(
    ADMIN_PATHS.account,
    { preValidation: administer, schema: { params: IdParams, body: AccountPatch, response: { 200: Type.Object({ account: Account }) } } },
    async (request) => {
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
    },
  );

  r.post(
    ADMIN_PATHS.accountPassword,
    { preValidation: administer, schema: { params: IdParams, body: PasswordReset, response: { 200: AccountCreated } } },
    async (request) => {
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
    },
  );
}
