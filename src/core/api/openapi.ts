/**
 * The OpenAPI 3.1 document of the route table (routes.ts), served at GET /api/openapi.json:
 * every route with its parameters, body, replies and who may call it. Generated, never
 * written by hand, so it cannot drift from what the server registers.
 */
import type { TSchema } from 'typebox';
import { ErrorReply, ROUTES, type RouteSpec } from './routes.ts';

interface ObjectSchema {
  properties?: Record<string, TSchema>;
  required?: string[];
}

/** OpenAPI parameters from an object schema's properties; a free-form query (a record) is one form-style parameter. */
function parameters(schema: TSchema | undefined, where: 'path' | 'query'): object[] {
  if (!schema) return [];
  const { properties, required = [] } = schema as ObjectSchema;
  if (!properties) return [{ name: 'filter', in: where, style: 'form', explode: true, schema }];
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || required.includes(name),
    schema: property,
  }));
}

const ACCESS_WORDS: Record<string, string> = {
  public: 'anyone',
  device: 'an enrolled device (Bearer credential)',
  holder: 'the holder of the application (Bearer credential from its 201)',
  session: 'any signed-in console account',
};

function operation(key: string, spec: RouteSpec): object {
  const responses: Record<string, object> = {};
  for (const [status, schema] of Object.entries(spec.reply)) {
    const type = spec.produces && Number(status) < 300 ? spec.produces : 'application/json';
    responses[status] = status === '204' ? { description: 'done' } : { description: 'success', content: { [type]: { schema } } };
  }
  const error = { description: 'refused or failed', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
  responses['4XX'] = error;
  responses['5XX'] = error;
  const access = spec.access;
  const security = access === 'public' ? [] : access === 'device' || access === 'holder' ? [{ bearer: [] }] : [{ session: [] }];
  return {
    operationId: key,
    summary: spec.summary,
    description: `Who may call it: ${ACCESS_WORDS[access] ?? `a console role with the \`${access}\` permission`}.`,
    'x-access': access,
    'x-caching': spec.caching,
    security,
    parameters: [...parameters(spec.params, 'path'), ...parameters(spec.query, 'query')],
    ...(spec.body ? { requestBody: { required: true, content: { 'application/json': { schema: spec.body } } } } : {}),
    responses,
  };
}

/** The document; `sessionCookie` names the console's session cookie. */
export function openApiDocument(version: string, sessionCookie: string): { openapi: string } & Record<string, unknown> {
  const paths: Record<string, Record<string, object>> = {};
  for (const [key, spec] of Object.entries(ROUTES) as [string, RouteSpec][]) {
    const space = key.indexOf(' ');
    const path = key.slice(space + 1).replace(/:(\w+)/g, '{$1}');
    paths[path] ??= {};
    paths[path][key.slice(0, space).toLowerCase()] = operation(key, spec);
  }
  return {
    openapi: '3.1.0',
    info: { title: 'gatecheck', version },
    paths,
    components: {
      schemas: { Error: ErrorReply },
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        session: { type: 'apiKey', in: 'cookie', name: sessionCookie },
      },
    },
  };
}
