/**
 * The line under the aiming frame: checking, enrolling, the aiming hint, or, for a code
 * still in view after its verdict went away, "Just checked: REFUSED at 10:42:07" at once,
 * so the guard never wonders whether the scanner froze.
 */
import { useApp } from '../../hooks/app-context.ts';
import type { FlowState } from '../../flow/scan-flow.ts';

export function ScanStatus({ flow, cameraRunning }: { flow: FlowState; cameraRunning: boolean }) {
  const { i18n } = useApp();
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
