// Recordings (admin): what callers hear is built from short clips; the municipality replaces
// any of them with its own voice (issue 5 item 5). First the name ("Välkommen till
// Valdemarsviks kommun", P-SWB-6), then whole groups, so that one sentence keeps one voice.
// Each clip: the text to read, the shipped clip and the municipality's recording to listen
// to, upload (any file the browser can play) or record with the microphone, and back to the
// shipped clip. Example sentences play as callers hear them now.
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { api, del, get } from '../../api/client.js';
import type { PromptClip, PromptList } from '../../api/types.js';
import { useAction, useLive, useLoad } from '../../app/hooks.js';
import { useLang } from '../../app/lang.js';
import { asWav, MicRecording } from '../../app/recording.js';
import { ErrorBox, Field, FilterField, FocusHeading, Loading, Notice, Section, matchesFilter, problemText, useAnnounce } from '../../app/ui.js';
import { secondsText } from '../../logic/wav.js';
import { AdminPage } from './layout.js';

const EXAMPLES = [
  { name: 'welcome', sv: 'Välkomsthälsningen', en: 'The welcome' },
  { name: 'closed', sv: 'Växeln stängd (P-SWB-6)', en: 'Switchboard closed (P-SWB-6)' },
  { name: 'absence', sv: 'Frånvaro med åter-tid (P-SWB-4)', en: 'Absence with return time (P-SWB-4)' },
  { name: 'queue', sv: 'Plats i kön', en: 'Place in the queue' },
] as const;

/** One sound at a time on the page: starting another stops the one playing. */
function usePlayer() {
  const audio = useRef<HTMLAudioElement | null>(null);
  const [playing, setPlaying] = useState<string | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  useEffect(() => () => audio.current?.pause(), []);
  const stop = () => {
    audio.current?.pause();
    setPlaying(null);
  };
  const play = (url: string) => {
    audio.current?.pause();
    const el = new Audio(url);
    audio.current = el;
    setFailed(null);
    setPlaying(url);
    el.addEventListener('ended', () => setPlaying((p) => (p === url ? null : p)));
    el.play().catch(() => {
      setPlaying(null);
      setFailed(url);
    });
  };
  return { play, stop, playing, failed };
}

type Player = ReturnType<typeof usePlayer>;

/** `short`: the visible text in a table row; the accessible name starts with it (WCAG 2.5.3). */
function PlayButton({ player, url, label, short }: { player: Player; url: string; label: string; short?: string }) {
  const { L } = useLang();
  const on = player.playing === url;
  const name = on ? L(`Stoppa: ${label}`, `Stop: ${label}`) : label;
  return (
    <button type="button" className="secondary" aria-pressed={on} aria-label={short ? name : undefined} onClick={() => (on ? player.stop() : player.play(url))}>
      {short ? (on ? L('Stoppa', 'Stop') : short) : name}
    </button>
  );
}

/** "Spela in ”kommunen”", or for the music "Byt väntemusik". */
function editLabel(c: PromptClip, L: (sv: string, en: string) => string): string {
  return c.group === 'music' ? L('Byt väntemusik', 'Replace the music on hold') : L(`Spela in ”${c.text}”`, `Record "${c.text}"`);
}

const ownUrl = (c: PromptClip) => `/api/prompts/${c.id}/audio?version=own&v=${encodeURIComponent(c.own?.updatedAt ?? '')}`;
const shippedUrl = (c: PromptClip) => `/api/prompts/${c.id}/audio?version=shipped`;

function ClipEditor({ clip, player, onChanged, onClose }: { clip: PromptClip; player: Player; onChanged(): void; onClose(): void }) {
  const { L, lang } = useLang();
  const announce = useAnnounce();
  const [file, setFile] = useState<File | null>(null);
  const [recording, setRecording] = useState<MicRecording | null>(null);
  const [take, setTake] = useState<{ blob: Blob; url: string } | null>(null);
  const { busy, error, run } = useAction();
  useEffect(() => () => recording?.cancel(), [recording]);
  useEffect(() => () => {
    if (take) URL.revokeObjectURL(take.url);
  }, [take]);

  const send = async (wav: Blob) => {
    await api<PromptClip>('PUT', `/api/prompts/${clip.id}`, wav, { contentType: 'audio/wav' });
    onChanged();
    setFile(null);
    setTake(null);
    announce(L(`Er inspelning av ”${clip.text}” används nu.`, `Your recording of "${clip.text}" is now in use.`));
  };
  const upload = async (e: FormEvent) => {
    e.preventDefault();
    if (file) await run(async () => send(await asWav(file)));
  };
  const startRecording = () => run(async () => {
    setTake(null);
    const r = await MicRecording.start(() => void stopRecording(r));
    setRecording(r);
    announce(L('Inspelningen har börjat. Läs texten och tryck sedan på Stoppa.', 'Recording has started. Read the text, then press Stop.'));
  });
  const stopRecording = (r: MicRecording | null = recording) => run(async () => {
    if (!r) return;
    // Cleared once stopped: the effect's cleanup then finds the recorder already stopped.
    const blob = await r.stop().finally(() => setRecording(null));
    setTake({ blob, url: URL.createObjectURL(blob) });
    announce(L('Inspelningen är klar. Lyssna och spara den.', 'The recording is done. Listen to it and save it.'));
  });
  const reset = () => run(async () => {
    await del(`/api/prompts/${clip.id}`);
    onChanged();
    announce(L(`”${clip.text}” låter som originalet igen.`, `"${clip.text}" sounds like the original again.`));
  });

  const music = clip.group === 'music';
  return (
    <section className="panel" aria-labelledby="prompt-edit-h">
      <FocusHeading id="prompt-edit-h">{editLabel(clip, L)}</FocusHeading>
      {music ? (
        <p>{L('Musiken som uppringare hör medan de väntar i kön, om och om igen. Använd bara musik som kommunen får spela för allmänheten (egen eller licensfri). Mellan 5 sekunder och 5 minuter; den spelas lägre än talet.',
          'The music callers hear while they wait in the queue, over and over. Use only music the municipality may play to the public (its own or royalty-free). Between 5 seconds and 5 minutes; it plays below the speech.')}</p>
      ) : (
        <>
          <p>{L('Läs:', 'Read:')} <strong lang="sv">{clip.text}</strong> <span className="muted">({clip.id})</span></p>
          <p className="muted">{L('Tala lugnt och tydligt i ett tyst rum. Tystnad i början och slutet klipps bort och ljudnivån jämnas ut som i de levererade klippen.',
            'Speak calmly and clearly in a quiet room. Silence at the start and end is cut and the level is evened out like the shipped clips.')}</p>
        </>
      )}
      <div className="actions">
        <PlayButton player={player} url={shippedUrl(clip)} label={L('Lyssna på originalet', 'Play the original')} />
        {clip.own ? <PlayButton player={player} url={ownUrl(clip)} label={L('Lyssna på er inspelning', 'Play your recording')} /> : null}
      </div>
      <ErrorBox error={error} />
      <form onSubmit={(e) => void upload(e)}>
        <Field label={L('Ladda upp en ljudfil', 'Upload a sound file')} type="file" accept="audio/*,.wav,.mp3,.m4a,.ogg"
          hint={music ? L('WAV, MP3 eller annan ljudfil, högst fem minuter.', 'WAV, MP3 or another sound file, at most five minutes.') : L('WAV, MP3 eller annan ljudfil, högst en minut.', 'WAV, MP3 or another sound file, at most a minute.')}
          onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        <button type="submit" disabled={!file || busy}>{L('Ladda upp', 'Upload')}</button>
      </form>
      {music ? null : <div className="actions">
        {recording
          ? <button type="button" onClick={() => void stopRecording()}>{L('Stoppa inspelningen', 'Stop recording')}</button>
          : <button type="button" className="secondary" disabled={busy} onClick={() => void startRecording()}>{L('Spela in med mikrofonen', 'Record with the microphone')}</button>}
        {recording ? <span role="status" className="tag danger">{L('Spelar in…', 'Recording…')}</span> : null}
      </div>}
      {take ? (
        <div className="actions">
          <PlayButton player={player} url={take.url} label={L('Lyssna på inspelningen', 'Play the recording')} />
          <button type="button" disabled={busy} onClick={() => void run(() => send(take.blob))}>{L('Spara inspelningen', 'Save the recording')}</button>
        </div>
      ) : null}
      <div className="actions">
        {clip.own ? <button type="button" className="secondary" disabled={busy} onClick={() => void reset()}>{L('Återställ till originalet', 'Back to the original')}</button> : null}
        <button type="button" className="secondary" onClick={onClose}>{L('Stäng', 'Close')}</button>
      </div>
      {clip.own ? <p className="muted">{L(`Er inspelning: ${secondsText(clip.own.durationMs, lang)}.`, `Your recording: ${secondsText(clip.own.durationMs, lang)}.`)}</p> : null}
    </section>
  );
}

export function AdminPromptsPage() {
  const { L, lang } = useLang();
  const list = useLoad((s) => get<PromptList>('/api/prompts', s), []);
  useLive(['prompt.changed'], () => list.reload(), () => list.reload());
  const [filter, setFilter] = useState('');
  const [editing, setEditing] = useState<string | null>(null);
  const player = usePlayer();
  const data = list.data;
  const shown = useMemo(() => (data?.clips ?? []).filter((c) => matchesFilter(filter, c.text, c.id, c.own ? L('egen', 'own') : '')), [data, filter, L]);
  const edited = data?.clips.find((c) => c.id === editing) ?? null;
  return (
    <AdminPage title={L('Inspelningar', 'Recordings')} error={list.error} intro={L(
      'Det uppringare hör byggs av korta klipp. Ersätt dem med kommunens egna inspelningar: börja med kommunens namn, och spela sedan in en grupp i taget så att en mening låter som en röst.',
      'What callers hear is built from short clips. Replace them with the municipality\'s own recordings: start with its name, then record one group at a time so that a sentence sounds like one voice.')}>
      {player.failed ? <Notice tone="warn">{L('Ljudet kunde inte spelas upp i webbläsaren.', 'The browser could not play the sound.')}</Notice> : null}
      {data && data.problems.length > 0 ? (
        <div className="notice notice-warn" role="note">
          <p>{L('Filer i inspelningsmappen som uppringare inte hör:', 'Files in the recordings folder that callers do not hear:')}</p>
          <ul>{data.problems.map((p, i) => <li key={i}>{problemText(p, lang)}</li>)}</ul>
        </div>
      ) : null}
      <Section title={L('Lyssna som en uppringare', 'Listen as a caller')}>
        <p className="muted">{L('Exempel med kommunens öppettider och de inspelningar som gäller nu.', 'Examples with the municipality\'s hours and the recordings in use now.')}</p>
        <div className="actions">
          {EXAMPLES.map((x) => <PlayButton key={x.name} player={player} url={`/api/prompts/examples/${x.name}/audio`} label={L(x.sv, x.en)} />)}
        </div>
      </Section>
      {edited ? <ClipEditor key={edited.id} clip={edited} player={player} onClose={() => setEditing(null)} onChanged={() => list.reload()} /> : null}
      {!data ? <Loading /> : (
        <section className="card" aria-labelledby="clips-h">
          <h2 id="clips-h">{L('Klipp', 'Clips')}</h2>
          <FilterField label={L('Filtrera', 'Filter')} value={filter} onChange={setFilter} count={L(`${shown.length} klipp`, `${shown.length} clips`)} />
          {data.groups.map((g) => {
            const rows = shown.filter((c) => c.group === g.id);
            if (rows.length === 0) return null;
            const mixed = g.recorded > 0 && g.recorded < g.total;
            return (
              <div key={g.id} className="prompt-group">
                <h3 id={`g-${g.id}`}>
                  {lang === 'sv' ? g.sv : g.en}
                  <span className={`tag${g.recorded === g.total ? ' ok' : ''}`}>{L(`${g.recorded} av ${g.total} egna`, `${g.recorded} of ${g.total} own`)}</span>
                </h3>
                {mixed ? <p className="notice notice-warn">{L('Blandade röster: spela in resten av gruppen så att meningarna låter som en röst.', 'Mixed voices: record the rest of the group so that sentences sound like one voice.')}</p> : null}
                <div className="table-wrap">
                  <table className="prompt-table" aria-labelledby={`g-${g.id}`}>
                    <thead><tr>
                      <th scope="col">{L('Text', 'Text')}</th>
                      <th scope="col">{L('Uppringare hör', 'Callers hear')}</th>
                      <th scope="col"><span className="sr-only">{L('Åtgärder', 'Actions')}</span></th>
                    </tr></thead>
                    <tbody>
                      {rows.map((c) => (
                        <tr key={c.id} data-clip={c.id}>
                          <th scope="row"><span lang="sv">{c.text}</span> <code className="muted">{c.id}</code></th>
                          <td>{c.own
                            ? <span className="tag ok">{L(`Egen inspelning, ${secondsText(c.own.durationMs, lang)}`, `Own recording, ${secondsText(c.own.durationMs, lang)}`)}</span>
                            : <span className="muted">{L('Originalet', 'The original')}</span>}</td>
                          <td>
                            <div className="actions tight">
                              <PlayButton player={player} url={c.own ? ownUrl(c) : shippedUrl(c)} short={L('Lyssna', 'Play')} label={L(`Lyssna på ”${c.text}”`, `Play "${c.text}"`)} />
                              <button type="button" className="secondary" aria-label={editLabel(c, L)} onClick={() => setEditing(c.id)}>{c.group === 'music' ? L('Byt', 'Replace') : L('Spela in', 'Record')}</button>
                            </div>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </div>
            );
          })}
        </section>
      )}
    </AdminPage>
  );
}
