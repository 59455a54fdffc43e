/** The trust bundle a running server publishes, opened with the root key its /config.json names, as a scanner opens it. */
import { b64uDecode, openTrustBundle, tweetnaclEd25519, type TrustBundle } from '../../../src/core/index.ts';

export async function publishedBundle(origin: string): Promise<TrustBundle> {
  const config = (await (await fetch(`${origin}/config.json`)).json()) as { rootKey: string };
  const opened = await openTrustBundle(await (await fetch(`${origin}/api/trust`)).json(), b64uDecode(config.rootKey)!, tweetnaclEd25519);
  if (!opened.ok) throw new Error(opened.detail);
  return opened.bundle;
}
