// Who is logged in, and what every page needs from the start: the municipality's profile
// (absence reasons, working hours for end times), the switchboard's number, which optional
// parts of the API exist, and the live event stream.
import { createContext, useContext, type ReactNode } from 'react';
import type { HoursNow, Me, MunicipalityProfile, AbsenceReason, Role } from '../api/types.js';
import type { Features } from '../api/features.js';
import { LiveEvents, type SocketLike } from '../logic/live.js';

export interface Session {
  me: Me;
  /** The logged-in person's id (sessions always have one). */
  personId: string;
  role: Role;
  profile: MunicipalityProfile;
  reasons: AbsenceReason[];
  switchboard: HoursNow | null;
  features: Features;
  live: LiveEvents;
  logout(): Promise<void>;
  /** The profile changed (an admin saved it): load it again. */
  reloadProfile(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ value, children }: { value: Session; children: ReactNode }) {
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside a session');
  return s;
}

export function browserLive(): LiveEvents {
  return new LiveEvents({
    // The browser's WebSocket has the shape SocketLike names (its handlers take richer events).
    connect: (pathAndQuery) => new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${pathAndQuery}`) as unknown as SocketLike,
  });
}

/** Managers manage; operators and admins also act for others (P-DIV-7). */
export const isManager = (role: Role) => role === 'manager';
export const isOperator = (role: Role) => role === 'operator' || role === 'admin';
export const isAdmin = (role: Role) => role === 'admin';
