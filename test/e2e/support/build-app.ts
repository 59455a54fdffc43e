/** Builds the scanner app with the project's vite.config.ts into `outDir` (about 4 s on 2 cores). */
export async function buildApp(outDir: string): Promise<number> {
  const { build } = await import('vite');
  const started = Date.now();
  await build({ root: process.cwd(), logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  return Date.now() - started;
}
