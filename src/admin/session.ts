/** The signed-in account for every screen: who it is, and what its role may do (screens hide the rest). */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { SessionInfo } from '../core/api/admin-accounts.ts';
import type { Permission } from '../core/roles.ts';

export const SessionContext = createContext<SessionInfo | null>(null);

/** The session and a check of one permission (false when signed out). */
export function useSession(): { session: SessionInfo | null; may(permission: Permission): boolean } {
  const session = useContext(SessionContext);
  return { session, may: (permission) => session?.permissions.includes(permission) ?? false };
}
