// Each verb loads only its own modules: help never loads the server's Fastify or PGlite. The
// shipped command runs under a module hook that refuses to resolve those packages; a run that
// does need the server (the control) fails under it, so the hook is known to bite.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { GATECHECK_BIN } from '../../test/support/cli.ts';

const HOOK = `export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  if (/node_modules\\/(fastify|@electric-sql\\/pglite|pg)\\//.test(resolved.url)) throw new Error('loaded ' + specifier);
  return resolved;
}`;
const REGISTER = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(HOOK)}`)});`;

const gatecheck = (args: string[]) =>
  spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(REGISTER)}`, GATECHECK_BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, GATECHECK_FROM_SOURCE: '', DATABASE_URL: '' },
  });

describe('lazy verbs', () => {
  it.each(['--help', 'serve --help', 'admin --help', 'verify --help'])('gatecheck %s loads neither Fastify nor PGlite', (line) => {
    const run = gatecheck(line.split(' '));
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('the control: serve itself does load them, and the hook refuses', () => {
    const run = gatecheck(['serve', '--data', '/nonexistent/gatecheck-lazy', '--demo', '--port', '0']);
    expect(run.status).toBe(3);
    expect(run.stderr).toMatch(/internal error: loaded (fastify|@electric-sql\/pglite|pg)/);
  });
});
