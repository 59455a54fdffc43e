/**
 * The holder app's one service: the people on this device (kept in IndexedDB), the device
 * key, applying, asking the server where each application stands, renewing codes before
 * they expire. Screens read its state and call its methods; they never touch IndexedDB or
 * the network. Every minute while online (and when the network comes back, and when the app
 * returns to the foreground) it re-reads each application that can still change, and every
 * 10 s while the app is on screen each one still waiting for review.
 */
import type { ApplicationView, HolderCorrection, HolderCorrectionList, HolderScanList } from '../../core/api/holder.ts';
import { b64uEncode } from '../../core/bytes.ts';
import type { ApiResult, HolderApi } from '../api/client.ts';
import type { DeviceKey } from '../keys/device-key.ts';
import { checkApplication, type ApplicationForm, type FormResult } from '../logic/application-form.ts';
import { WAITING_CHECK_EVERY_MS, needsRenewal, waitingForReview, worthPolling } from '../logic/renewal.ts';
import type { PersonRecord } from '../storage/db.ts';
import type { PeopleStore } from '../storage/people.ts';

export const REFRESH_EVERY_MS = 60_000;

/** The answer for a person this phone no longer keeps (removed meanwhile): no call is made. */
const UNKNOWN_PERSON = { ok: false, kind: 'refused', status: 404, error: 'unknown person', body: null } as const;

export interface HolderState {
  people: PersonRecord[];
  online: boolean;
  /** Person ids being checked with the server right now. */
  checking: ReadonlySet<string>;
}

export type ApplyOutcome =
  | { ok: true; person: PersonRecord }
  | Extract<FormResult, { ok: false }>
  | { ok: false; kind: 'offline' }
  | { ok: false; kind: 'refused'; error: string; field?: string; problem?: string };

export interface HolderServiceDeps {
  api: HolderApi;
  store: PeopleStore;
  key: DeviceKey;
  now(): number;
  newId(): string;
  isOnline(): boolean;
  /** The app is on screen (document visible): only then are waiting applications checked often. */
  isVisible(): boolean;
}

export class HolderService {
  private state: HolderState;
  private readonly listeners = new Set<() => void>();
  private timers: ReturnType<typeof setInterval>[] = [];

  private constructor(
    private readonly deps: HolderServiceDeps,
    people: PersonRecord[],
  ) {
    this.state = { people, online: deps.isOnline(), checking: new Set() };
  }

  static async open(deps: HolderServiceDeps): Promise<HolderService> {
    return new HolderService(deps, await deps.store.all());
  }

  get key(): DeviceKey {
    return this.deps.key;
  }

  getState(): HolderState {
    return this.state;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private set(patch: Partial<HolderState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }

  setOnline(online: boolean): void {
    if (online === this.state.online) return;
    this.set({ online });
    if (online) void this.refreshAll();
  }

  /** Starts the minute-by-minute check and the quicker one of waiting applications; returns a stop function. */
  start(): () => void {
    void this.refreshAll();
    if (this.timers.length === 0) {
      this.timers.push(setInterval(() => void this.refreshAll(), REFRESH_EVERY_MS));
      this.timers.push(setInterval(() => void this.refreshWaiting(), WAITING_CHECK_EVERY_MS));
    }
    return () => {
      for (const timer of this.timers) clearInterval(timer);
      this.timers = [];
    };
  }

  /** Re-reads the applications still waiting for review, while the app is on screen and online. */
  async refreshWaiting(): Promise<void> {
    if (!this.deps.isVisible() || !this.state.online) return;
    await Promise.all(this.state.people.filter((p) => waitingForReview(p.view)).map((p) => this.refresh(p.id)));
  }

  /** Sends an application for the owner or a family member, bound to this device's key. */
  async apply(form: ApplicationForm, language: string): Promise<ApplyOutcome> {
    const checked = checkApplication(form, b64uEncode(this.deps.key.signer.publicKey), language);
    if (!checked.ok) return checked;
    const result = await this.deps.api.apply(checked.request);
    if (!result.ok) {
      if (result.kind === 'refused')
        return {
          ok: false,
          kind: 'refused',
          error: result.error,
          ...(result.field ? { field: result.field } : {}),
          ...(result.problem ? { problem: result.problem } : {}),
        };
      this.set({ online: false });
      return { ok: false, kind: 'offline' };
    }
    const now = this.deps.now();
    const person: PersonRecord = {
      id: this.deps.newId(),
      relation: checked.request.relation ?? 'self',
      name: checked.request.name,
      applicationId: result.value.application.id,
      credential: result.value.credential,
      view: result.value.application,
      createdAt: now,
      checkedAt: now,
    };
    await this.deps.store.put(person);
    this.set({ people: await this.deps.store.all(), online: true });
    // A rule may already have approved it; renew at once if the code is short-lived.
    void this.refresh(person.id);
    return { ok: true, person };
  }

  async remove(id: string): Promise<void> {
    await this.deps.store.remove(id);
    this.set({ people: await this.deps.store.all() });
  }

  /** Re-reads every application that can still change. */
  async refreshAll(): Promise<void> {
    await Promise.all(this.state.people.filter((p) => worthPolling(p.view)).map((p) => this.refresh(p.id)));
  }

  /**
   * The person's "this is wrong" requests and the reviewers' replies, read live (not kept on
   * the phone: they change on the server, and an old reply shown offline would mislead).
   */
  async corrections(id: string): Promise<ApiResult<HolderCorrectionList>> {
    const person = this.state.people.find((p) => p.id === id);
    if (!person) return UNKNOWN_PERSON;
    return this.deps.api.corrections(person.applicationId, person.credential);
  }

  /** Sends a "this is wrong" request; the status is re-read so the screen says a request is open. */
  async sendCorrection(id: string, text: string): Promise<ApiResult<HolderCorrection>> {
    const person = this.state.people.find((p) => p.id === id);
    if (!person) return UNKNOWN_PERSON;
    const sent = await this.deps.api.correct(person.applicationId, person.credential, text.trim());
    if (sent.ok) void this.refresh(id);
    return sent;
  }

  /** Where this person's own codes were scanned (read live; the server answers with this application's codes only). */
  async scans(id: string): Promise<ApiResult<HolderScanList>> {
    const person = this.state.people.find((p) => p.id === id);
    if (!person) return UNKNOWN_PERSON;
    return this.deps.api.scans(person.applicationId, person.credential);
  }

  /** Asks the server where one application stands, and renews its code when due. */
  async refresh(id: string): Promise<void> {
    const person = this.state.people.find((p) => p.id === id);
    if (!person || this.state.checking.has(id)) return;
    this.set({ checking: new Set([...this.state.checking, id]) });
    try {
      let result: ApiResult<ApplicationView> = await this.deps.api.read(person.applicationId, person.credential);
      if (result.ok && needsRenewal(result.value, Math.floor(this.deps.now() / 1000))) {
        const renewed = await this.deps.api.renew(person.applicationId, person.credential);
        if (renewed.ok) result = renewed;
      }
      if (!result.ok) {
        if (result.kind === 'offline') this.set({ online: false });
        return;
      }
      const updated: PersonRecord = { ...person, view: result.value, checkedAt: this.deps.now() };
      // "Remove from this phone" may have happened while the server answered: it stands.
      if (!(await this.deps.store.update(updated))) return;
      this.set({ people: this.state.people.map((p) => (p.id === id ? updated : p)), online: true });
    } finally {
      const checking = new Set(this.state.checking);
      checking.delete(id);
      this.set({ checking });
    }
  }
}
