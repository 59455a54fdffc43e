/** Which screen is open, and what every screen gets. */
import type { Relation } from '../../core/api/holder.ts';
import type { I18n, Lang } from '../i18n/i18n.ts';
import type { HolderService, HolderState } from '../services/holder-service.ts';

export type Screen =
  | { name: 'home' }
  | { name: 'apply'; relation: Relation }
  | { name: 'person'; id: string }
  | { name: 'show'; id: string }
  | { name: 'group' }
  | { name: 'privacy' };

export interface ScreenProps {
  i18n: I18n;
  service: HolderService;
  state: HolderState;
  go(screen: Screen): void;
  setLang(lang: Lang): void;
}
