// Every route the server registers is an entry of core's route table (src/core/api/routes.ts)
// and of the OpenAPI document generated from it, and every entry is registered: a route added
// any other way, or a table entry without a handler, fails here.
import { describe, expect, it } from 'vitest';
import { ROUTES } from '../../core/api/routes.ts';
import { useHarness } from '../test-support/harness.ts';

/** The pages and files of the web apps (static-routes.ts): HTML and assets, not the API. */
const PAGES = new Set(['GET /', 'GET /admin', 'GET /me', 'GET /demo', 'GET /*', 'GET /me/*']);

describe('the route table', () => {
  const h = useHarness('pglite', null);

  const registered = () =>
    [
      ...new Set(
        h()
          .app.routeTable.filter((r) => r.method !== 'HEAD' && r.method !== 'OPTIONS')
          .map((r) => `${r.method} ${r.url}`),
      ),
    ].filter((key) => !PAGES.has(key));

  it('lists every registered API route, and every listed route is registered', () => {
    const table = Object.keys(ROUTES);
    expect(registered().filter((key) => !table.includes(key))).toEqual([]);
    expect(table.filter((key) => !registered().includes(key))).toEqual([]);
  });

  it('serves an OpenAPI 3.1 document with every registered route', async () => {
    const reply = await h().app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(reply.statusCode).toBe(200);
    const document = reply.json() as { openapi: string; paths: Record<string, Record<string, { responses: object }>> };
    expect(document.openapi).toBe('3.1.0');
    for (const key of registered()) {
      const [method, path] = key.split(' ') as [string, string];
      expect(document.paths[path.replace(/:(\w+)/g, '{$1}')]?.[method.toLowerCase()], key).toBeDefined();
    }
    const review = document.paths['/api/admin/review/applications/{id}/approve']?.post as Record<string, unknown>;
    expect(review).toMatchObject({ 'x-access': 'review', security: [{ session: [] }] });
    expect(review.parameters).toEqual([expect.objectContaining({ name: 'id', in: 'path', required: true })]);
  });

  it('answers every error with the one error body and no-store', async () => {
    const refused = await h().app.inject({ method: 'GET', url: '/api/status/snapshot/1/x' });
    expect(refused.statusCode).toBe(400);
    expect(refused.headers['cache-control']).toBe('no-store');
    expect(refused.json()).toMatchObject({ error: expect.any(String), field: 'params.part' });
  });
});
