/**
 * Every route the app registers, with its schema, collected by an onRoute hook installed
 * before any route: the fuzz suite (src/server/fuzz/) reads it, so a route added by anyone
 * is fuzzed without being listed anywhere.
 */
import type { FastifyInstance, FastifySchema } from 'fastify';

export interface RouteInfo {
  method: string;
  url: string;
  schema: FastifySchema | undefined;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The routes registered so far (route-table.ts). */
    routeTable: RouteInfo[];
  }
}

/** Starts collecting; call before registering routes. */
export function installRouteTable(app: FastifyInstance): void {
  const table: RouteInfo[] = [];
  app.decorate('routeTable', table);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) table.push({ method, url: route.url ?? route.path, schema: route.schema });
  });
}
