/**
 * What the app needs from the platform's data service and decoder client, as the brief
 * defines them. services.ts assigns the real objects to these types, so the compiler
 * checks that the platform keeps its side of the contract.
 */
import type { CheckpointPolicy, Ed25519Verifier, StatusSource, TrustState } from '../../core/index.ts';
import type { DataState } from '../../platform/data-service.ts';
import type { CameraListener, CameraWatch } from '../../platform/decoder-client.ts';
import type { EnrollProblem, NameDevice } from '../../platform/sync/enroll.ts';

import type { RenameOutcome } from '../../platform/sync/rename-device.ts';

export type { EnrollProblem } from '../../platform/sync/enroll.ts';
export type { RenameProblem } from '../../platform/sync/rename-device.ts';

/** A logged entry and the day's counts, as the log screen shows them (screens never import storage). */
export type { EntryRecord } from '../../platform/storage/db.ts';
export type { EntryCounts } from '../../platform/storage/entries.ts';

/** The data layer's state, as the scan screen's banners and the about screen show it. */
export type DataStateView = DataState;

/** The data service (src/platform/data-service.ts) as the app uses it. */
export interface DataPort {
  verifierContext(): { trust: TrustState | null; status: StatusSource | null; ed25519: Ed25519Verifier; policy?: CheckpointPolicy | null };
  /** Resolves when a first pull has given the data a scan needs (bounded wait); see data-service.ts. */
  whenReady(): Promise<void>;
  state(): DataStateView;
  subscribe(listener: (state: DataStateView) => void): () => void;
  clockNote(): string | undefined;
  refresh(): Promise<void>;
  enroll(
    text: string,
    nameDevice?: NameDevice,
  ): Promise<
    | { ok: true; checkpoint: { name: string }; already?: boolean; deviceName?: string }
    | { ok: false; problem: EnrollProblem; error: string }
  >;
  renameDevice(name: string): Promise<RenameOutcome>;
  entryAdded(): void;
}

/** One decoded frame. */
export interface DecodeResult {
  text: string;
  /** Every distinct code read in the frame, `text` first: several make a group verdict. */
  texts: string[];
  ms: number;
  decoder: string;
}

/** The decoder worker's client (src/platform/decoder-client.ts) as the app uses it. */
export interface DecoderPort {
  /** Resolves null when there is no code or the worker is busy (the frame is dropped). */
  decode(frame: ImageData): Promise<DecodeResult | null>;
  /** The worker reads the camera itself (off the main thread); null where it cannot (decode() per frame then). */
  watchCamera(track: MediaStreamTrack, listener: CameraListener): CameraWatch | null;
  readonly decoderName: string;
  terminate(): void;
}
