import { describe, expect, it } from 'vitest';
import { CameraError, cameraErrorFrom } from './camera-error.ts';
import { nextCameraId } from './camera.ts';

const domError = (name: string) => Object.assign(new Error(`${name} happened`), { name });

describe('camera errors', () => {
  it('maps spec and legacy getUserMedia error names to problems a guard can act on', () => {
    expect(cameraErrorFrom(domError('NotAllowedError')).problem).toBe('permission_denied');
    expect(cameraErrorFrom(domError('PermissionDeniedError')).problem).toBe('permission_denied');
    expect(cameraErrorFrom(domError('SecurityError')).problem).toBe('permission_denied');
    expect(cameraErrorFrom(domError('NotFoundError')).problem).toBe('no_camera');
    expect(cameraErrorFrom(domError('DevicesNotFoundError')).problem).toBe('no_camera');
    expect(cameraErrorFrom(domError('OverconstrainedError')).problem).toBe('no_camera');
    expect(cameraErrorFrom(domError('NotReadableError')).problem).toBe('in_use');
    expect(cameraErrorFrom(domError('TrackStartError')).problem).toBe('in_use');
    expect(cameraErrorFrom(domError('TypeError')).problem).toBe('unsupported');
    expect(cameraErrorFrom('weird').problem).toBe('failed');
    expect(cameraErrorFrom(domError('NotAllowedError')).message).toBe('NotAllowedError happened');
  });

  it('passes a CameraError through unchanged', () => {
    const error = new CameraError('no_camera', 'none');
    expect(cameraErrorFrom(error)).toBe(error);
  });
});

describe('switching cameras', () => {
  it('cycles through the cameras and wraps around', () => {
    const cameras = [{ deviceId: 'a' }, { deviceId: 'b' }, { deviceId: 'c' }];
    expect(nextCameraId(cameras, 'a')).toBe('b');
    expect(nextCameraId(cameras, 'c')).toBe('a');
    expect(nextCameraId(cameras, null)).toBe('a');
    expect(nextCameraId([{ deviceId: 'a' }], 'a')).toBeNull();
  });
});
