/**
 * Fills a running server with what a console walk needs, through its public APIs only: two
 * checkpoints (one with a name that is a plain Chinese word), devices enrolled with names,
 * a day and a half of scans across midnight (admitted, referred, refused, red and yellow
 * codes, an override, a clock note), and accounts of every role.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { b64uEncode, parseEnrollmentText, type EntryUpload } from '../../../src/core/index.ts';

export interface Seeded {
  cookie: string;
  passwords: Record<'viewer' | 'reviewer' | 'operator', string>;
  cids: string[];
}

/** An admin API call from Node: the session cookie, and the server's own Origin (as a browser would send). */
export function adminFetch(url: string, cookie: string) {
  return async (method: string, path: string, body?: unknown): Promise<Response> =>
    fetch(url + path, {
      method,
      headers: { cookie, origin: url, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
}

export async function signInCookie(url: string, name: string, password: string): Promise<string> {
  const response = await fetch(`${url}/api/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ name, password }),
  });
  if (response.status !== 200) throw new Error(`sign-in ${name}: ${response.status} ${await response.text()}`);
  return String(response.headers.get('set-cookie')).split(';')[0]!;
}

async function enroll(url: string, call: ReturnType<typeof adminFetch>, checkpointId: string, deviceName: string): Promise<string> {
  const offer = (await (await call('POST', `/api/admin/checkpoints/${checkpointId}/enrollment`)).json()) as { text: string };
  const parsed = parseEnrollmentText(offer.text);
  if (!parsed.ok) throw new Error(parsed.detail);
  const enrolled = await fetch(`${url}/api/devices/enroll`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: parsed.offer.token, deviceName }),
  });
  return ((await enrolled.json()) as { credential: string }).credential;
}

/** Seeds the server at `url` as the admin with `password`; scans end `endMs` (default now). */
export async function seedConsole(url: string, password: string, endMs = Date.now()): Promise<Seeded> {
  const cookie = await signInCookie(url, 'admin', password);
  const call = adminFetch(url, cookie);
  const made: { id: string; name: string }[] = [];
  for (const [name, site] of [
    ['North gate 北门', 'Depot 3'],
    ['东门', 'Depot 3'],
  ] as const) {
    const created = (await (await call('POST', '/api/admin/checkpoints', { name, site })).json()) as {
      checkpoint: { id: string; name: string };
    };
    made.push(created.checkpoint);
  }
  const devices = [
    await enroll(url, call, made[0]!.id, 'Gate 1 phone'),
    await enroll(url, call, made[1]!.id, 'East tablet'),
    await enroll(url, call, made[1]!.id, ''),
  ];
  const cids = Array.from({ length: 6 }, () => b64uEncode(randomBytes(16)));
  const start = endMs - 34 * 3600_000;
  for (const [d, credential] of devices.slice(0, 2).entries()) {
    const entries: EntryUpload[] = [];
    for (let i = 0; i < 120; i++) {
      const time = start + Math.floor(((i + d * 0.5) / 120) * 33 * 3600_000);
      const k = (i * 7 + d) % 20;
      const [reason, decision] =
        k < 13
          ? (['ok', 'admit'] as const)
          : k < 16
            ? (['status_yellow', 'refer'] as const)
            : k < 18
              ? (['status_red', 'refuse'] as const)
              : (['expired', 'refuse'] as const);
      entries.push({
        id: randomUUID(),
        time,
        checkpoint: made[d]!.name,
        direction: i % 3 === 0 ? 'out' : 'in',
        reason,
        decision,
        cid: cids[i % cids.length]!,
        ...(reason === 'status_yellow' && i % 4 === 0
          ? { override: { decision: 'admit', reason: 'supervisor_approved', at: time + 60_000 } }
          : {}),
        ...(i === 11 ? { clockNote: 'device clock was 3 min behind' } : {}),
      });
    }
    const uploaded = await fetch(`${url}/api/entries`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${credential}` },
      body: JSON.stringify({ entries }),
    });
    if (uploaded.status !== 200) throw new Error(`upload: ${uploaded.status} ${await uploaded.text()}`);
  }
  const passwords = {} as Seeded['passwords'];
  for (const role of ['viewer', 'reviewer', 'operator'] as const) {
    const created = (await (await call('POST', '/api/admin/accounts', { name: `${role}.one`, role })).json()) as { password: string };
    passwords[role] = created.password;
  }
  return { cookie, passwords, cids };
}
