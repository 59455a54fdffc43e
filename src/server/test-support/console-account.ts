/** A signed-in console account of a given role, for tests of who may do what. */
import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import type { Role } from '../../core/index.ts';
import type { Harness } from './harness.ts';

export type ConsoleCall = (method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown) => Promise<LightMyRequestResponse>;

/** Creates an account with `role` (through the admin API), signs it in, and returns a call with its session cookie. */
export async function accountWith(h: Harness, role: Role): Promise<ConsoleCall> {
  const name = `${role}-${randomUUID().slice(0, 8)}`;
  const created = await h.admin('POST', '/api/admin/accounts', { name, role });
  if (created.statusCode !== 201) throw new Error(`account not created: ${created.statusCode} ${created.body}`);
  const login = await h.app.inject({ method: 'POST', url: '/api/admin/login', payload: { name, password: created.json().password } });
  if (login.statusCode !== 200) throw new Error(`account cannot sign in: ${login.statusCode} ${login.body}`);
  const cookie = String(login.headers['set-cookie']).split(';')[0]!;
  return (method, url, body) =>
    h.app.inject({ method, url, headers: { cookie }, ...(body === undefined ? {} : { payload: body as object }) });
}
