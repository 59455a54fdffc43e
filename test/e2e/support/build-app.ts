/**
 * Builds the scanner app with the project's vite.config.ts into `outDir` (about 4 s on 2 cores).
 * `version` overrides the version the app shows (update tests build a second, newer app).
 */
export async function buildApp(outDir: string, options: { version?: string } = {}): Promise<number> {
  const { build } = await import('vite');
  const started = Date.now();
  // Vitest sets NODE_ENV=test, which Vite would take over (import.meta.env.PROD false); the
  // tests must run exactly what `npm run build` ships.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await buildProduction(build, outDir, options);
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  return Date.now() - started;
}

async function buildProduction(build: typeof import('vite').build, outDir: string, options: { version?: string }): Promise<void> {
  await build({
    mode: 'production',
    root: process.cwd(),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
    ...(options.version ? { define: { __APP_VERSION__: JSON.stringify(options.version) } } : {}),
  });
}
