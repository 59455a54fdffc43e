/** Hooks onto the app's live sources: flow state, data state, settings, update offer. */
import { useApp } from './app-context.ts';
import { useSubscription } from './use-subscription.ts';
import type { FlowState } from '../flow/scan-flow.ts';
import type { DataStateView } from '../services/ports.ts';
import type { Settings } from '../../platform/storage/settings.ts';
import type { UpdateOffer } from '../services/services.ts';

/** The scan flow's state. */
export function useFlowState(): FlowState {
  const { flow } = useApp().services;
  return useSubscription(
    () => flow.state(),
    (l) => flow.subscribe(l),
  );
}

/** The data service's state (trust, status, sync). */
export function useDataState(): DataStateView {
  const { data } = useApp().services;
  return useSubscription(
    () => data.state(),
    (l) => data.subscribe(l),
  );
}

/** The saved settings. */
export function useSettings(): Settings {
  const { settings } = useApp().services;
  return useSubscription(
    () => settings.get(),
    (l) => settings.subscribe(l),
  );
}

/** A waiting app update, if any. */
export function useUpdateOffer(): UpdateOffer | null {
  const { update } = useApp().services;
  return useSubscription(
    () => update.get(),
    (l) => update.subscribe(l),
  );
}
