// Small hooks every page uses: loading data with its error, the current time, the live stream.
import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react';
import { Temporal, type Instant } from '../logic/time.js';
import type { LiveEvent } from '../logic/live.js';
import { useSession } from './session.js';

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload(): void;
  /** Replace the data (after a change the server answered with the new state). */
  set(update: T | ((old: T | undefined) => T)): void;
}

export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, deps: DependencyList): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [generation, setGeneration] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    const ctrl = new AbortController();
    setLoading(true);
    loadRef.current(ctrl.signal).then(
      (d) => {
        if (ctrl.signal.aborted) return;
        setData(d);
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        if (ctrl.signal.aborted) return;
        setError(e);
        setLoading(false);
      },
    );
    return () => ctrl.abort();
    // The caller names the dependencies; a reload bumps the generation.
  }, [...deps, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const set = useCallback((u: T | ((old: T | undefined) => T)) => setData((old) => (typeof u === 'function' ? (u as (o: T | undefined) => T)(old) : u)), []);
  return { data, error, loading, reload, set };
}

/** The current instant, refreshed every `everyMs` (relative times like "i dag 14:30" stay right). */
export function useNow(everyMs = 30_000): Instant {
  const [now, setNow] = useState(() => Temporal.Now.instant());
  useEffect(() => {
    const id = setInterval(() => setNow(Temporal.Now.instant()), everyMs);
    return () => clearInterval(id);
  }, [everyMs]);
  return now;
}

/**
 * Live events of the given types, and a reload when the stream lost some (resync): a view
 * patches itself from events and reloads from the API only when it must.
 */
export function useLive(types: readonly string[], onEvent: (e: LiveEvent) => void, onResync: () => void) {
  const { live } = useSession();
  const handler = useRef(onEvent);
  const resync = useRef(onResync);
  handler.current = onEvent;
  resync.current = onResync;
  const key = types.join(',');
  useEffect(() => {
    const wanted = new Set(key.split(','));
    const off1 = live.subscribe((e) => {
      if (wanted.has(e.type)) handler.current(e);
    });
    const off2 = live.onResync(() => resync.current());
    return () => {
      off1();
      off2();
    };
  }, [live, key]);
}

/**
 * One user action at a time with its error: `run` sets busy, clears the last error, awaits
 * the action and keeps what it threw for an ErrorBox. Returns whether it succeeded.
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = useCallback(async (action: () => Promise<void>): Promise<boolean> => {
    setBusy(true);
    setError(null);
    try {
      await action();
      return true;
    } catch (e) {
      setError(e);
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, setError, run };
}
