// The operator console (issue 5 item 2), keyboard-first: every action has a shortcut, shown
// on its button. The console controls calls through the app server; the operator talks on
// their own registered phone, so the browser carries no audio.
//
//   left:   my switchboard state, the live queue (external first, P-SWB-7), parked calls
//   middle: my call (the greeting line, P-SWB-2) with the actions; the take-a-message and
//           set-diversion forms (P-SWB-5, P-DIV-7)
//   right:  search with presence (P-SWB-4), colleagues (P-SWB-3), information (P-SWB-9)
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { clientError, post } from '../api/client.js';
import { useLang } from '../app/lang.js';
import { useSession } from '../app/session.js';
import { ErrorBox, Loading, Page, useAnnounce } from '../app/ui.js';
import { DivertPanel } from '../app/divert.js';
import { renderGreeting } from '../../../src/core/policy/greeting.js';
import { useConsoleState } from './console/data.js';
import { callsUnderway, commandOf, myCall, offeredToMe, parkedCalls, waitingCalls, type ConsoleCommand } from './console/logic.js';
import { AgentBar, ParkedPanel, QueuePanel } from './console/panels.js';
import { ActionBar, CurrentCall, TakeMessage, type ActionDef } from './console/current.js';
import { Colleagues, DirectorySearch, Snippets, type Selected } from './console/search.js';
import { Kbd } from './console/keys.js';
import './console/console.css';

type Form = 'message' | 'divert' | null;

export function ConsolePage() {
  const { L } = useLang();
  const { me, personId, profile } = useSession();
  const announce = useAnnounce();
  const { state, error: loadError, loaded } = useConsoleState();
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState<Selected | null>(null);
  const [form, setForm] = useState<Form>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);

  const call = myCall(state, personId);
  const ringing = call ? undefined : offeredToMe(state, personId);
  // Stable between renders, so that typing does not redraw a long queue (QueuePanel is memoised).
  const queues = state.queues;
  const waiting = useMemo(() => waitingCalls({ queues }), [queues]);
  const parked = parkedCalls(state);
  const underway = callsUnderway(state);
  const names = useMemo(() => new Map(state.agents.map((a) => [a.personId, a.name ?? ''])), [state.agents]);
  const greeting = renderGreeting(profile, me.person?.firstName ?? '', me.person?.lastName);

  // A call that comes back (P-FC-1) or a new one in the queue is told to screen readers too.
  const lastRecall = useRef<string | null>(null);
  useEffect(() => {
    const key = call?.recalled ? `${call.callId}:${call.since}` : null;
    if (key && key !== lastRecall.current) announce(L(`Samtalet kom tillbaka: ${call!.recalled!.from} ${call!.recalled!.why === 'busy' ? 'var upptagen' : 'svarade inte'}.`, `The call came back: ${call!.recalled!.from} ${call!.recalled!.why === 'busy' ? 'was busy' : 'did not answer'}.`));
    lastRecall.current = key;
  }, [call, announce, L]);

  const run = useCallback(async (work: () => Promise<unknown>, done?: string) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      if (done) announce(done);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }, [announce]);

  const act = (action: string, body: unknown = {}, done?: string) => {
    if (!call) return;
    void run(() => post(`/api/switchboard/calls/${call.callId}/${action}`, body), done);
  };
  const pick = useCallback((callId: string) => void run(() => post(`/api/switchboard/queue/${callId}/pick`), L('Samtalet ringer i din telefon.', 'The call rings your phone.')), [run, L]);
  const retrieve = (callId: string) => void run(() => post(`/api/switchboard/calls/${callId}/retrieve`), L('Samtalet ringer i din telefon.', 'The call rings your phone.'));
  const agent = (action: 'login' | 'logout' | 'pause' | 'available') => void run(() => post('/api/switchboard/agent', { action }));

  const target = selected ? (selected.kind === 'person' ? { kind: 'person', personId: selected.id } : { kind: 'function', functionId: selected.id }) : null;
  const phase = call?.phase;
  const canTalkActions = phase === 'talking' || phase === 'held';
  const needSelection = () => setError(clientError('Välj först en person eller funktion i sökningen.', 'First choose a person or function in the search.'));

  const command = (cmd: ConsoleCommand) => {
    switch (cmd) {
      case 'answer': {
        const next = waiting.find((c) => !c.offeredTo);
        if (state.me?.state !== 'available' && state.me?.state !== 'paused') return setError(clientError('Logga in i växeln först (Alt+L).', 'Log in to the switchboard first (Alt+L).'));
        if (next) pick(next.callId);
        return;
      }
      case 'transfer':
        if (phase === 'consulting') return act('connect', {}, L('Kopplat.', 'Put through.'));
        if (!target) return needSelection();
        return act('transfer', { target }, L(`Kopplar till ${selected!.name}.`, `Putting through to ${selected!.name}.`));
      case 'consult':
        if (!target) return needSelection();
        return act('consult', { target });
      case 'voicemail':
        if (!target) return needSelection();
        return act('voicemail', { target }, L(`Till röstbrevlådan: ${selected!.name}.`, `To voicemail: ${selected!.name}.`));
      case 'camp-on':
        if (selected?.kind !== 'person') return needSelection();
        return act('camp-on', { personId: selected.id });
      case 'park':
        return act('park', {}, L('Parkerat.', 'Parked.'));
      case 'retrieve':
        if (phase === 'held') return act('back');
        if (parked[0]) retrieve(parked[0].callId);
        return;
      case 'hold':
        return act(phase === 'held' ? 'back' : 'hold');
      case 'back':
        if (form) return setForm(null);
        if (phase === 'consulting' || phase === 'held') return act('back');
        if (query) {
          setQuery('');
          setSelected(null);
        }
        return;
      case 'hangup':
        return act('hangup', {}, L('Samtalet är avslutat.', 'The call has ended.'));
      case 'message':
      case 'divert':
        if (selected?.kind !== 'person') return needSelection();
        setForm(form === cmd ? null : cmd);
        return;
      case 'search':
        searchRef.current?.focus();
        searchRef.current?.select();
        return;
      case 'login':
        return agent(state.me && state.me.state !== 'logged-out' ? 'logout' : 'login');
      case 'pause':
        if (state.me?.state === 'available') return agent('pause');
        if (state.me?.state === 'paused') return agent('available');
        return;
    }
  };
  const commandRef = useRef(command);
  commandRef.current = command;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const cmd = commandOf(e);
      if (!cmd) return;
      // Escape inside a form's own fields belongs to the console too (closing the form).
      e.preventDefault();
      commandRef.current(cmd);
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, []);

  const personSel = selected?.kind === 'person' ? selected : null;
  const actions: ActionDef[] = [
    { cmd: 'transfer', sv: phase === 'consulting' ? 'Koppla fram' : 'Koppla', en: phase === 'consulting' ? 'Connect' : 'Transfer', enabled: phase === 'consulting' ? Boolean(call?.targetAnswered) : canTalkActions && target !== null },
    { cmd: 'consult', sv: 'Förfråga', en: 'Consult', enabled: canTalkActions && target !== null },
    { cmd: 'voicemail', sv: 'Röstbrevlåda', en: 'Voicemail', enabled: canTalkActions && target !== null },
    { cmd: 'camp-on', sv: 'Vänta på ledig', en: 'Camp on', enabled: canTalkActions && personSel !== null },
    { cmd: 'hold', sv: phase === 'held' ? 'Återta' : 'Vänta', en: phase === 'held' ? 'Resume' : 'Hold', enabled: canTalkActions },
    { cmd: 'park', sv: 'Parkera', en: 'Park', enabled: canTalkActions },
    { cmd: 'back', sv: 'Tillbaka', en: 'Back', enabled: phase === 'consulting' || phase === 'held' || form !== null },
    { cmd: 'hangup', sv: 'Avsluta', en: 'Hang up', enabled: canTalkActions, danger: true },
  ];

  const problem = error || loadError;
  return (
    <Page title={L('Växel', 'Switchboard')}>
      <div className="console">
        <div className="console-col">
          <AgentBar me={state.me} busy={busy} onLogin={() => command('login')} onPause={() => command('pause')} />
          {!loaded && !loadError ? <Loading /> : null}
          <QueuePanel calls={waiting} me={personId} names={names} onPick={pick} />
          <ParkedPanel parked={parked} underway={underway} names={names} onRetrieve={retrieve} />
        </div>
        <div className="console-col">
          <CurrentCall call={call} ringing={ringing} greeting={greeting}>
            <ErrorBox error={problem} />
            <p className="chosen-line" aria-live="polite">
              {selected
                ? <>{L('Vald', 'Chosen')}: <strong data-testid="chosen">{selected.name}</strong>{selected.extension ? ` (${L('ankn.', 'ext.')} ${selected.extension})` : ''}</>
                : <span className="muted">{L('Välj vart samtalet ska i sökningen', 'Choose where the call goes in the search')} (<Kbd k="search" />).</span>}
            </p>
            <ActionBar actions={actions} busy={busy} onCommand={command} />
            <div className="action-bar" role="group" aria-label={L('För den valda personen', 'For the chosen person')}>
              <button type="button" className="secondary" disabled={!personSel} aria-expanded={form === 'message'} aria-keyshortcuts="Alt+M" onClick={() => command('message')}>
                {L('Ta meddelande', 'Take a message')} <Kbd k="message" />
              </button>
              <button type="button" className="secondary" disabled={!personSel} aria-expanded={form === 'divert'} aria-keyshortcuts="Alt+H" onClick={() => command('divert')}>
                {L('Hänvisa', 'Divert')} <Kbd k="divert" />
              </button>
            </div>
            {form === 'message' && personSel ? (
              <TakeMessage person={personSel} callerNumber={call?.caller.number ?? ''} onDone={() => setForm(null)} onCancel={() => setForm(null)} />
            ) : null}
            {form === 'divert' && personSel ? (
              <div className="inline-form console-form">
                <DivertPanel personId={personSel.id} personName={personSel.name} absentNow={!personSel.available} onDone={() => setForm(null)} />
              </div>
            ) : null}
          </CurrentCall>
        </div>
        <div className="console-col">
          <DirectorySearch ref={searchRef} query={query} onQuery={setQuery} selected={selected} onSelect={setSelected} onThePhone={state.onThePhone} />
          {personSel ? <Colleagues person={personSel} onSelect={setSelected} /> : null}
          <Snippets query={query} />
        </div>
      </div>
    </Page>
  );
}
