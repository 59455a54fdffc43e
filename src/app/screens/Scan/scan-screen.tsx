/**
 * The scan screen: camera view with a frame to aim at, the data-age banner, the status
 * line, camera controls, and the first-run offer (name the checkpoint, enroll) that never
 * blocks and, once closed, stays closed. The screen fits the viewport above the navigation,
 * so nothing sits under it and nothing covers the camera: the viewfinder takes what is left.
 */
import { useRef } from 'preact/hooks';
import { useApp } from '../../hooks/app-context.ts';
import { useDataState, useSettings, useUpdateOffer } from '../../hooks/use-app-state.ts';
import { useCamera } from '../../hooks/use-camera.ts';
import { useNow } from '../../hooks/use-now.ts';
import { DataBanner } from '../../components/data-banner.tsx';
import { SyncIndicator } from '../../components/sync-indicator.tsx';
import { summariseDataAge } from '../../components/data-age.ts';
import { effectivePolicy } from '../../../platform/settings-model.ts';
import { CameraPanel } from './camera-panel.tsx';
import { ScanStatus } from './scan-status.tsx';

/** The scan screen; `onOpenSettings` is the first-run offer's way to the checkpoint name. */
export function ScanScreen({ onOpenSettings }: { onOpenSettings(): void }) {
  const { i18n, services } = useApp();
  const videoRef = useRef<HTMLVideoElement>(null);
  const camera = useCamera(videoRef);
  const data = useDataState();
  const settings = useSettings();
  const update = useUpdateOffer();
  const nowMs = useNow();
  const age = summariseDataAge(data, effectivePolicy(settings, data.policy), nowMs);
  // "Ready to scan" only when codes can be checked: never beside "no trust data".
  // A device that was ever enrolled (even one the server has since refused) is past its first run.
  const showOffer = !settings.firstRunDismissed && !settings.checkpointName && !data.enrolled && !data.checkpoint && age.level !== 'none';

  return (
    <section class="screen scan-screen" aria-labelledby="scan-title">
      <h1 id="scan-title" class="visually-hidden">
        {i18n.t('scan.title')}
      </h1>
      <DataBanner age={age} state={data} />
      {update && (
        <div class="banner banner-info" role="status">
          <p>{i18n.t('update.ready')}</p>
          <button type="button" class="button" onClick={() => update.apply()}>
            {i18n.t('update.apply')}
          </button>
        </div>
      )}
      <div class="viewfinder" data-camera={camera.state.kind}>
        <video ref={videoRef} class="camera-video" muted playsInline aria-hidden="true" />
        {camera.state.kind === 'running' && <div class="aim" aria-hidden="true" />}
        <CameraPanel camera={camera} decoderError={services.decoderError} />
        <ScanStatus cameraRunning={camera.state.kind === 'running'} />
      </div>
      <SyncIndicator state={data} />
      {showOffer && (
        <div class="offer" data-testid="first-run">
          <h2>{i18n.t('firstRun.title')}</h2>
          <p>{i18n.t('firstRun.body')}</p>
          <div class="row">
            <button type="button" class="button" onClick={onOpenSettings}>
              {i18n.t('firstRun.name')}
            </button>
            <button type="button" class="button button-quiet" onClick={() => void services.saveSettings({ firstRunDismissed: true })}>
              {i18n.t('firstRun.dismiss')}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
