/**
 * Runs `gatecheck serve` as its own process for tests and benches that need a real server
 * process (SIGKILL in the middle of an upload, graceful shutdown, load from another process).
 * Usage: node --import tsx src/server/test-support/serve-child.ts [serve options]
 */
import { command } from '../../cli/serve.ts';

const code = await command.run(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readStdin: async () => '',
});
process.exit(code);
