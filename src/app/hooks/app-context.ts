/** The app's services and translator, handed down through Preact context. */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { AppServices } from '../services/services.ts';
import type { I18n } from '../i18n/i18n.ts';

/** Services plus the translator for the current language. */
export interface AppContextValue {
  services: AppServices;
  i18n: I18n;
}

export const AppContext = createContext<AppContextValue | null>(null);

/** The app context; throws when used outside <App> (a programming error). */
export function useApp(): AppContextValue {
  const value = useContext(AppContext);
  if (!value) throw new Error('useApp outside AppContext');
  return value;
}
