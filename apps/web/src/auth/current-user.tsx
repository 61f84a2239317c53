'use client';

import { createContext, type ReactNode, useContext } from 'react';
import type { User } from '@/api/auth/types';
import { type Action, can } from './permissions';

const CurrentUserContext = createContext<User | undefined>(undefined);

/** Provides the signed-in user to the dashboard (set by the dashboard shell once `/api/auth/me` answered). */
export function CurrentUserProvider({ user, children }: { user: User; children: ReactNode }) {
  return <CurrentUserContext.Provider value={user}>{children}</CurrentUserContext.Provider>;
}

/** The signed-in user. @throws Error outside the dashboard shell. */
export function useCurrentUser(): User {
  const user = useContext(CurrentUserContext);
  if (!user) throw new Error('useCurrentUser is used outside CurrentUserProvider');
  return user;
}

/** `useCan('mapping.edit')`: whether the signed-in user may do it. */
export function useCan(action: Action): boolean {
  return can(useContext(CurrentUserContext), action);
}
