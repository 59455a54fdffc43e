/** Camera controls and the camera's problem screens; the keyboard scanner keeps working. */
import { useApp } from '../../hooks/app-context.ts';
import type { CameraHandle } from '../../hooks/use-camera.ts';

/** Switch and torch buttons while running; a clear explanation and a retry otherwise. */
export function CameraPanel({ camera, decoderError }: { camera: CameraHandle; decoderError: string | null }) {
  const { i18n } = useApp();
  const state = camera.state;
  if (state.kind === 'error' || decoderError) {
    return (
      <div class="camera-problem" role="alert" data-camera-problem={state.kind === 'error' ? state.problem : 'decoder'}>
        <p>{state.kind === 'error' ? i18n.t(`camera.${state.problem}`) : i18n.t('camera.failed')}</p>
        <p>{i18n.t('scan.camera.keyboardStillWorks')}</p>
        {state.kind === 'error' && state.problem !== 'unsupported' && (
          <button type="button" class="button" onClick={camera.retry}>
            {i18n.t('scan.camera.retry')}
          </button>
        )}
      </div>
    );
  }
  if (state.kind === 'starting' || state.kind === 'idle') return <p class="camera-note">{i18n.t('scan.camera.starting')}</p>;
  if (state.kind === 'paused') return <p class="camera-note">{i18n.t('scan.camera.paused')}</p>;
  return (
    <div class="camera-controls">
      {state.canSwitch && (
        <button type="button" class="button button-round" onClick={camera.switchCamera}>
          {i18n.t('scan.camera.switch')}
        </button>
      )}
      {state.torchSupported && (
        <button type="button" class="button button-round" aria-pressed={state.torchOn} onClick={() => camera.setTorch(!state.torchOn)}>
          {i18n.t(state.torchOn ? 'scan.camera.torchOff' : 'scan.camera.torchOn')}
        </button>
      )}
    </div>
  );
}
