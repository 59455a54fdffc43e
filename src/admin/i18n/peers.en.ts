/** English strings of the recognised authorities and relayed peers section of the trust page (spread into en.ts). */
export const peersEn = {
  'peers.authoritiesTitle': 'Recognised authorities',
  'peers.authoritiesHelp':
    'Each region whose codes this region recognises, with the fingerprint of each of its keys. ' +
    'Compare the fingerprints with the other region’s console, by phone or in person, before trusting its codes.',
  'peers.authority': 'Authority',
  'peers.home': '(this region)',
  'peers.fingerprint': 'Fingerprint',
  'peers.noAuthorities': 'No trust bundle has been published yet, so no authority is recognised.',
  'peers.relayTitle': 'Relayed status of other regions',
  'peers.relayHelp':
    'This server pulls each peer’s status changes (started with --peer) and passes them to its scanners unchanged. ' +
    'Stale after {hours} hours without a successful pull.',
  'peers.noPeers': 'This server relays no other region’s status (start it with --peer ID=URL).',
  'peers.url': 'Peer server',
  'peers.lastPull': 'Last successful pull',
  'peers.never': 'never',
  'peers.position': 'Position here',
  'peers.lag': 'Behind the peer',
  'peers.behind.one': '{count} change',
  'peers.behind.other': '{count} changes',
  'peers.unknown': 'not known yet',
  'peers.stale': 'Stale: this region’s status is older than {hours} hours, so its codes may show old colours.',
  'peers.lastError': 'Last failure: {error}',
} as const;
