/**
 * A newcomer's `npm ci` on the oldest Node the project supports finishes without warnings:
 * every locked package accepts that Node in its `engines` (npm prints EBADENGINE otherwise),
 * and every locked package with an install script is covered by `allowScripts` (npm 11
 * prints "install scripts not yet covered by allowScripts" otherwise). Both read the
 * lockfile, so they need no network and fail as soon as an update brings such a package in.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/vectors.ts';

interface Manifest {
  engines: { node: string };
  overrides?: Record<string, string>;
  allowScripts?: Record<string, boolean | string>;
}
interface LockedPackage {
  version?: string;
  engines?: { node?: string } | string[];
  optional?: boolean;
  hasInstallScript?: boolean;
}

const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest;
const lock = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockedPackage> };
const locked = Object.entries(lock.packages).filter(([where]) => where !== '');
const nameOf = (where: string) => where.slice(where.lastIndexOf('node_modules/') + 'node_modules/'.length);

describe('a warning-free install', () => {
  const oldestNode = semver.minVersion(manifest.engines.node)!.version;

  it(`every locked package accepts the oldest supported Node (${oldestNode}) and the one running the tests`, () => {
    const refusing: string[] = [];
    for (const [where, entry] of locked) {
      const range = entry.engines && !Array.isArray(entry.engines) ? entry.engines.node : undefined;
      if (!range) continue;
      for (const node of [oldestNode, process.versions.node]) {
        if (!semver.satisfies(node, range)) refusing.push(`${nameOf(where)}@${entry.version} wants node ${range}, not ${node}`);
      }
    }
    expect(refusing).toEqual([]);
  });

  it("the cookie override holds: every copy (Fastify's test client, @fastify/cookie) is the pinned version", () => {
    const copies = locked.filter(([where]) => nameOf(where) === 'cookie').map(([where, entry]) => `${where}@${entry.version}`);
    expect(copies.length).toBeGreaterThan(0);
    expect(copies.filter((copy) => !copy.endsWith(`@${manifest.overrides?.cookie}`))).toEqual([]);
  });

  it('every locked package with an install script is approved or denied in allowScripts', () => {
    const policy = manifest.allowScripts ?? {};
    const covered = (name: string, version: string | undefined) =>
      Object.hasOwn(policy, name) || Object.hasOwn(policy, `${name}@${version}`);
    const uncovered = locked
      .filter(([, entry]) => entry.hasInstallScript)
      .map(([where, entry]) => ({ name: nameOf(where), version: entry.version }))
      .filter(({ name, version }) => !covered(name, version))
      .map(({ name, version }) => `${name}@${version}`);
    expect(uncovered).toEqual([]);
  });
});
