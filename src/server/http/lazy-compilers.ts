/**
 * Fastify's own schema compilers (Ajv for requests, fast-json-stringify for replies), each
 * route's compiled on its first request instead of at start-up. About 90 route schemas were
 * compiled before `/healthz` could answer, the largest share of `gatecheck serve`'s start-up
 * after PGlite (issue 17: ready ≤ 2 s); most routes of a gate's server are never called in a
 * given run (the console's, the holder's). Same compilers, same options, same results: only
 * the moment of compiling moves. The fuzz suite (src/server/fuzz/) calls every route, so a
 * schema that would not compile still fails a test.
 */
import AjvCompiler from '@fastify/ajv-compiler';
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import type { FastifyServerOptions } from 'fastify';

type Compile<Route, Fn> = (route: Route) => Fn;

/** Wraps a factory of compilers so each compiler runs on the first call of what it returns. */
function lazily<Args extends unknown[], Route, Fn extends (...input: never[]) => unknown>(
  factory: (...args: Args) => Compile<Route, Fn>,
  carry: (outer: Fn, inner: Fn) => void,
): (...args: Args) => Compile<Route, Fn> {
  return (...args) => {
    const compile = factory(...args);
    return (route) => {
      let compiled: Fn | null = null;
      const outer = ((...input: Parameters<Fn>) => {
        compiled ??= compile(route);
        const result = compiled(...input);
        carry(outer, compiled);
        return result;
      }) as Fn;
      return outer;
    };
  };
}

/** The `schemaController` option of Fastify with lazy validators and serializers. */
export function lazySchemaController(): NonNullable<FastifyServerOptions['schemaController']> {
  return {
    compilersFactory: {
      // Fastify reads a failed validation's `errors` from the function it was given.
      buildValidator: lazily(AjvCompiler(), (outer, inner) => {
        (outer as unknown as { errors: unknown }).errors = (inner as unknown as { errors: unknown }).errors;
      }),
      buildSerializer: lazily(SerializerSelector(), () => {}),
    },
  } as NonNullable<FastifyServerOptions['schemaController']>;
}
