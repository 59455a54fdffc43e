/**
 * The checkpoint settings as values: their shape, defaults, validation and the policy they
 * make. Pure (no storage), so screens and hooks can use them without reaching the database;
 * `storage/settings.ts` keeps them in the `meta` table.
 */
import { DEFAULT_POLICY, parsePolicy, type CheckpointPolicy } from '../core/index.ts';

/** What a guard can set on the settings screen. */
export interface Settings {
  checkpointName: string;
  direction: 'in' | 'out';
  /** 'auto' (the browser's), or a language tag the app speaks (the app's catalogs decide). */
  language: string;
  sound: boolean;
  vibration: boolean;
  yellow: 'refuse' | 'refer';
  warnAfterHours: number;
  staleAfterHours: number;
  /** The guard closed the first-run card ("Not now"): it stays closed on later starts. */
  firstRunDismissed: boolean;
}

/** A new device: unnamed, entrance, the browser's language, the core's default policy. */
export const DEFAULT_SETTINGS: Settings = {
  checkpointName: '',
  direction: 'in',
  language: 'auto',
  sound: true,
  vibration: true,
  yellow: DEFAULT_POLICY.yellow,
  warnAfterHours: DEFAULT_POLICY.warnAfter / 3600,
  staleAfterHours: DEFAULT_POLICY.staleAfter / 3600,
  firstRunDismissed: false,
};

export const MAX_CHECKPOINT_NAME = 60;

/**
 * Validates settings from storage or a form. Each bad field falls back to the current value
 * (or the default), so one corrupt field never loses the others.
 */
export function parseSettings(value: unknown, base: Settings = DEFAULT_SETTINGS): Settings {
  const v = value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  const pick = <K extends keyof Settings>(key: K, ok: (x: unknown) => boolean): Settings[K] =>
    ok(v[key]) ? (v[key] as Settings[K]) : base[key];
  const hours = (x: unknown) => typeof x === 'number' && Number.isFinite(x) && x > 0 && x <= 24 * 365;
  const settings: Settings = {
    checkpointName: pick('checkpointName', (x) => typeof x === 'string' && x.length <= MAX_CHECKPOINT_NAME),
    direction: pick('direction', (x) => x === 'in' || x === 'out'),
    language: pick('language', (x) => typeof x === 'string' && x.length <= 35),
    sound: pick('sound', (x) => typeof x === 'boolean'),
    vibration: pick('vibration', (x) => typeof x === 'boolean'),
    yellow: pick('yellow', (x) => x === 'refuse' || x === 'refer'),
    warnAfterHours: pick('warnAfterHours', hours),
    staleAfterHours: pick('staleAfterHours', hours),
    firstRunDismissed: pick('firstRunDismissed', (x) => typeof x === 'boolean'),
  };
  settings.checkpointName = settings.checkpointName.trim();
  // A strong warning that comes before the plain one makes no sense: keep the pair ordered.
  if (settings.staleAfterHours < settings.warnAfterHours) {
    settings.staleAfterHours = Math.max(settings.warnAfterHours, base.staleAfterHours);
  }
  return settings;
}

/** The policy in force: the enrolled checkpoint's (from the server) if any, else the local settings. */
export function effectivePolicy(settings: Settings, serverPolicy: CheckpointPolicy | null): CheckpointPolicy {
  const fromServer = serverPolicy && parsePolicy(serverPolicy);
  if (fromServer) return fromServer;
  return {
    ...DEFAULT_POLICY,
    yellow: settings.yellow,
    warnAfter: Math.round(settings.warnAfterHours * 3600),
    staleAfter: Math.round(settings.staleAfterHours * 3600),
  };
}
