/**
 * The line under the aiming frame: checking, enrolling, the aiming hint, or, for a code
 * still in view after its verdict went away, "Just checked: REFUSED at 10:42:07" at once,
 * so the guard never wonders whether the scanner froze.
 */
import { useApp } from '../../hooks/app-context.ts';
import { useFlowState } from '../../hooks/use-app-state.ts';

/**
 * Subscribes to the scan flow itself, so a scan re-renders this line and not the whole scan
 * screen under the verdict (measured on a 4x-throttled page: that re-render delayed the verdict).
 */
export function ScanStatus({ cameraRunning }: { cameraRunning: boolean }) {
  const { i18n } = useApp();
  const flow = useFlowState();
  const just = flow.kind === 'scanning' ? flow.justChecked : undefined;
  if (just) {
    return (
      <p
        class={`scan-status scan-just scan-just-${just.decision}`}
        role="status"
        data-testid="just-checked"
        data-decision={just.decision}
        data-reason={just.reason}
      >
        {i18n.t('scan.justChecked', { result: i18n.t(`decision.${just.decision}.short`), time: i18n.time(just.at) })}
      </p>
    );
  }
  const text =
    flow.kind === 'checking'
      ? i18n.t('scan.checking')
      : flow.kind === 'enrolling'
        ? i18n.t('scan.enrolling')
        : cameraRunning
          ? i18n.t('scan.hint')
          : '';
  return (
    <p class="scan-status" role="status">
      {text}
    </p>
  );
}
