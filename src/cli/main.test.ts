// The dispatcher and the bin: help for every verb, exit codes, a missing or broken verb
// module, and the bin invoked through a symlink as npm installs it.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GATECHECK_BIN, runGatecheck } from '../../test/support/cli.ts';
import type { CliIO } from './command.ts';
import { VERBS, run } from './main.ts';

function capture(stdin = ''): CliIO & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (text: string) => {
      io.out += text;
    },
    stderr: (text: string) => {
      io.err += text;
    },
    readStdin: async () => stdin,
  };
  return io;
}

const dir = mkdtempSync(path.join(tmpdir(), 'gatecheck-main-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('dispatcher', () => {
  it('a verb whose module is missing gives one line and exit 2', async () => {
    const io = capture();
    expect(
      await run(['ghost', '--out', 'x'], io, { ...VERBS, ghost: { module: 'ghost-verb-that-does-not-exist', summary: 'haunts' } }),
    ).toBe(2);
    expect(io.err).toBe(
      'gatecheck ghost: the "ghost" command is not available in this build (src/cli/ghost-verb-that-does-not-exist.ts is missing)\n',
    );
    expect(io.out).toBe('');
  });

  it('a verb module that exports no Command gives one line and exit 2', async () => {
    const io = capture();
    expect(await run(['odd'], io, { odd: { module: 'options', summary: 'not a verb' } })).toBe(2);
    expect(io.err).toMatch(/^gatecheck odd: the "odd" command is broken[^\n]*\n$/);
  });

  it('the top-level help names a missing verb as not available instead of failing', async () => {
    const io = capture();
    expect(
      await run(['--help'], io, { keygen: VERBS.keygen!, ghost: { module: 'ghost-verb-that-does-not-exist', summary: 'haunts' } }),
    ).toBe(0);
    expect(io.out).toMatch(/keygen +create root, issuer and status key files/);
    expect(io.out).toMatch(/ghost +\(not available: not in this build\)/);
  });

  it('an unknown verb, or none, is a usage error', async () => {
    const unknown = capture();
    expect(await run(['frobnicate'], unknown)).toBe(2);
    expect(unknown.err).toBe('gatecheck: unknown command "frobnicate"; try "gatecheck --help"\n');
    const none = capture();
    expect(await run([], none)).toBe(2);
    expect(none.err).toMatch(/^gatecheck: sign, publish and verify/);
  });

  it('an error no command expected (here: stdout refusing writes) is one line and exit 3, not a usage error', async () => {
    const io = capture();
    io.stdout = () => {
      throw new Error('write EPIPE');
    };
    expect(await run(['keygen', '--help'], io)).toBe(3);
    expect(io.err).toBe('gatecheck keygen: internal error: write EPIPE\n');
  });

  it('prints the version from package.json', async () => {
    const io = capture();
    expect(await run(['--version'], io)).toBe(0);
    expect(io.out).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});

describe('the bin', () => {
  it('gatecheck --help lists every verb and exits 0', async () => {
    const result = await runGatecheck(['--help']);
    expect(result.code).toBe(0);
    for (const verb of Object.keys(VERBS)) expect(result.stdout).toMatch(new RegExp(`^  ${verb} `, 'm'));
  });

  it("gatecheck VERB --help prints each verb's usage and exits 0 (one line and exit 2 for a verb not in this build)", async () => {
    const runs = await Promise.all(
      Object.entries(VERBS).map(async ([verb, { module: file }]) => ({ verb, file, result: await runGatecheck([verb, '--help']) })),
    );
    for (const { verb, file, result } of runs) {
      if (existsSync(path.join(import.meta.dirname, `${file}.ts`))) {
        expect(result.code, verb).toBe(0);
        expect(result.stdout, verb).toMatch(new RegExp(`^Usage: gatecheck ${verb}`));
      } else {
        expect(result.code, verb).toBe(2);
        expect(result.stderr.trimEnd().split('\n'), verb).toHaveLength(1);
      }
    }
    const viaHelp = await runGatecheck(['help', 'verify']);
    expect(viaHelp.stdout).toMatch(/^Usage: gatecheck verify/);
  });

  it('a build that cannot load is one line and exit 3', async () => {
    const broken = path.join(dir, 'broken');
    mkdirSync(path.join(broken, 'bin'), { recursive: true });
    mkdirSync(path.join(broken, 'dist-node', 'cli'), { recursive: true });
    copyFileSync(GATECHECK_BIN, path.join(broken, 'bin', 'gatecheck.js'));
    writeFileSync(path.join(broken, 'dist-node', 'cli', 'main.js'), "throw new Error('half-copied build');\n");
    const result = await runGatecheck([path.join(broken, 'bin', 'gatecheck.js'), '--help'], { bin: process.execPath, cwd: dir });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^gatecheck: internal error: half-copied build \(run "npm run build" in [^\n]*\)\n$/);
  });

  it('works through a node_modules/.bin symlink from another folder', async () => {
    const binDir = path.join(dir, 'node_modules', '.bin');
    mkdirSync(binDir, { recursive: true });
    symlinkSync(GATECHECK_BIN, path.join(binDir, 'gatecheck'));
    const result = await runGatecheck(['keygen', '--help'], { bin: path.join(binDir, 'gatecheck'), cwd: dir });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: gatecheck keygen/);
  });
});
