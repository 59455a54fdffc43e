/** Typed camera failures, so the scan screen can say what happened and what to do next. */

/** Why the camera could not be used; each has its own screen text. */
export type CameraProblem = 'permission_denied' | 'no_camera' | 'in_use' | 'unsupported' | 'failed';

/** A failure of getUserMedia or of the camera track, mapped to a problem the guard can act on. */
export class CameraError extends Error {
  constructor(
    readonly problem: CameraProblem,
    message: string,
  ) {
    super(message);
    this.name = 'CameraError';
  }
}

/**
 * Maps a getUserMedia rejection to a problem. Browsers disagree on names: Chrome used
 * 'DevicesNotFoundError' / 'TrackStartError' before the spec names 'NotFoundError' /
 * 'NotReadableError' (https://developer.mozilla.org/docs/Web/API/MediaDevices/getUserMedia#exceptions).
 * SecurityError comes from a permissions policy or an insecure context.
 */
export function cameraErrorFrom(error: unknown): CameraError {
  if (error instanceof CameraError) return error;
  const name = (error as { name?: unknown })?.name;
  const message = (error as { message?: unknown })?.message;
  const text = typeof message === 'string' && message ? message : String(error);
  switch (name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
    case 'SecurityError':
      return new CameraError('permission_denied', text);
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    // Only reached when even the relaxed fallback constraints fail: nothing fits.
    case 'OverconstrainedError':
    case 'ConstraintNotSatisfiedError':
      return new CameraError('no_camera', text);
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return new CameraError('in_use', text);
    case 'TypeError':
      return new CameraError('unsupported', text);
    default:
      return new CameraError('failed', text);
  }
}
