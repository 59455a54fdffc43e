// `gatecheck serve --peer ID=URL` and `--peer-interval SECONDS` as the command line gives them (issue 15).
import { describe, expect, it } from 'vitest';
import { command, serveOptions } from './serve.ts';
import { UsageError } from './command.ts';
import { DEFAULT_PEER_INTERVAL_SECONDS } from '../server/peers/peer-relay.ts';

describe('serve --peer', () => {
  it('takes repeated ID=URL pairs and an interval in seconds', () => {
    const options = serveOptions(
      ['--peer', 'b=http://127.0.0.1:8081/', '--peer', 'sz-2=https://gate.sz.example', '--peer-interval', '5'],
      {},
    );
    expect(options.start.peers).toEqual([
      { authority: 'b', url: 'http://127.0.0.1:8081' },
      { authority: 'sz-2', url: 'https://gate.sz.example' },
    ]);
    expect(options.start.peerRelay).toEqual({ intervalMs: 5000 });
    expect(serveOptions([], {}).start).not.toHaveProperty('peerRelay');
  });

  it.each([
    [['--peer', 'b'], /--peer must be ID=URL/],
    [['--peer', 'B=http://x'], /--peer must be ID=URL/],
    [['--peer', 'b=ftp://x'], /--peer must be ID=URL/],
    [['--peer', 'b=http://x', '--peer', 'b=http://y'], /--peer b is given twice/],
    [['--peer-interval', '0'], /--peer-interval must be a whole number of seconds from 1 to 86400/],
    [['--peer-interval', '86401'], /--peer-interval/],
  ])('refuses %j as a usage error', (argv, message) => {
    expect(() => serveOptions(argv, {})).toThrow(UsageError);
    expect(() => serveOptions(argv, {})).toThrow(message);
  });

  it("states the relay's default interval in --help", () => {
    expect(command.help).toMatch(/--peer-interval SECONDS\s+how often each peer is pulled \(default (\d+);/);
    expect(command.help).toContain(`(default ${DEFAULT_PEER_INTERVAL_SECONDS};`);
  });
});
