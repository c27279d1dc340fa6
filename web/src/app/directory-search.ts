// Type-ahead over the directory with live presence, shared by the phone book and the
// operator console: the search waits for a pause in typing, only the newest answer counts
// (an older, slower one never overwrites it), and presence events update the hits in place
// so a diversion set anywhere shows at once; after a reconnect gap the search runs again.
import { useEffect, useRef, useState } from 'react';
import { get } from '../api/client.js';
import type { PresenceEventStatus, PresenceView, SearchResult } from '../api/types.js';
import { fromEvent, fromSearch } from '../logic/presence.js';
import { useLive } from './hooks.js';

export interface DirectorySearchState {
  result: SearchResult | null;
  presence: Record<string, PresenceView>;
  error: unknown;
}

export function useDirectorySearch(query: string, options: { limit: number; debounceMs: number }): DirectorySearchState {
  const [result, setResult] = useState<SearchResult | null>(null);
  const [presence, setPresence] = useState<Record<string, PresenceView>>({});
  const [error, setError] = useState<unknown>(null);
  const generation = useRef(0);

  const search = (q: string) => {
    const mine = ++generation.current;
    if (q.trim().length === 0) {
      setResult(null);
      return;
    }
    get<SearchResult>(`/api/search?limit=${options.limit}&q=${encodeURIComponent(q.trim())}`).then((r) => {
      if (mine !== generation.current) return;
      setResult(r);
      setPresence(Object.fromEntries(r.people.map((h) => [h.person.id, fromSearch(h.presence)])));
      setError(null);
    }, (e: unknown) => mine === generation.current && setError(e));
  };
  useEffect(() => {
    const timer = setTimeout(() => search(query), options.debounceMs);
    return () => clearTimeout(timer);
  }, [query]);

  useLive(['presence.changed'], (e) => {
    const id = e.personId as string;
    setPresence((p) => (id in p ? { ...p, [id]: fromEvent(e.status as PresenceEventStatus) } : p));
  }, () => search(query));

  return { result, presence, error };
}
