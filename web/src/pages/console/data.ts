// The console's live data: loaded once over the API, then kept current by the event stream
// (queue.changed, agent.changed, console.call); after lost events (resync) it is loaded again.
// Who is on the phone is read again shortly after calls start or end.
import { useCallback, useEffect, useRef, useState } from 'react';
import { get } from '../../api/client.js';
import { useLive } from '../../app/hooks.js';
import { useSession } from '../../app/session.js';
import { applyEvent, EMPTY_STATE, type ConsoleCallView, type ConsoleState, type QueueSnapshot } from './logic.js';

interface CallsOut {
  calls: ConsoleCallView[];
  onThePhone: string[];
}

const EVENTS = ['queue.changed', 'agent.changed', 'console.call', 'call.started', 'call.updated', 'call.ended'];

export function useConsoleState(): { state: ConsoleState; error: unknown; loaded: boolean; reload(): void } {
  const { personId } = useSession();
  const [state, setState] = useState<ConsoleState>(EMPTY_STATE);
  const [error, setError] = useState<unknown>(null);
  const [loaded, setLoaded] = useState(false);
  const phoneTimer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const reload = useCallback(() => {
    Promise.all([get<QueueSnapshot>('/api/switchboard/queue'), get<CallsOut>('/api/switchboard/calls')]).then(([q, c]) => {
      setState({ ...q, calls: c.calls, onThePhone: new Set(c.onThePhone) });
      setError(null);
      setLoaded(true);
    }, setError);
  }, []);

  const refreshPhones = useCallback(() => {
    if (phoneTimer.current) return;
    phoneTimer.current = setTimeout(() => {
      phoneTimer.current = null;
      get<CallsOut>('/api/switchboard/calls').then((c) => setState((s) => ({ ...s, onThePhone: new Set(c.onThePhone) })), () => undefined);
    }, 300);
  }, []);

  useEffect(() => {
    reload();
    return () => {
      if (phoneTimer.current) clearTimeout(phoneTimer.current);
    };
  }, [reload]);

  useLive(EVENTS, (e) => {
    if (e.type.startsWith('call.') || e.type === 'console.call') refreshPhones();
    if (!e.type.startsWith('call.')) setState((s) => applyEvent(s, e, personId));
  }, reload);

  return { state, error, loaded, reload };
}
