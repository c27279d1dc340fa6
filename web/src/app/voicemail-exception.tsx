// P-VM-1: everyone with an extension has voicemail; an exception is decided by the person's
// manager (or an admin) and recorded with who decided and when.
import { useEffect, useState } from 'react';
import { put } from '../api/client.js';
import type { Person } from '../api/types.js';
import { whenText } from '../logic/time.js';
import { useLang } from './lang.js';
import { useNow, useAction } from './hooks.js';
import { loadPeople } from './directory.js';
import { ErrorBox, TextArea, useAnnounce } from './ui.js';

export function VoicemailException({ person, onSaved }: { person: Person; onSaved(p: Person): void }) {
  const { L, lang } = useLang();
  const announce = useAnnounce();
  const now = useNow();
  const [note, setNote] = useState('');
  const { error, run } = useAction();
  const [names, setNames] = useState<Map<string, string>>(new Map());
  useEffect(() => {
    void loadPeople().then((all) => setNames(new Map(all.map((p) => [p.id, p.name]))), () => undefined);
  }, []);
  const on = person.voicemail.enabled;
  const by = person.voicemail.exceptionBy ? names.get(person.voicemail.exceptionBy) : undefined;
  const toggle = async () => {
    await run(async () => {
      const saved = await put<Person>(`/api/people/${person.id}/voicemail`, { enabled: !on, ...(note.trim() ? { note: note.trim() } : {}) });
      announce(on ? L('Undantag från röstbrevlåda beslutat.', 'Voicemail exception decided.') : L('Röstbrevlådan är på igen.', 'Voicemail is on again.'));
      setNote('');
      onSaved(saved);
    });
  };
  return (
    <div>
      <h3>{L('Röstbrevlåda', 'Voicemail')}</h3>
      <p>
        {on ? L('På (alla med anknytning har röstbrevlåda, P-VM-1).', 'On (everyone with an extension has voicemail, P-VM-1).')
          : L(`Av: undantag beslutat ${person.voicemail.exceptionAt ? whenText(person.voicemail.exceptionAt, now, lang) : ''}${by ? ` av ${by}` : ''}.`,
            `Off: exception decided ${person.voicemail.exceptionAt ? whenText(person.voicemail.exceptionAt, now, lang) : ''}${by ? ` by ${by}` : ''}.`)}
      </p>
      <ErrorBox error={error} />
      <TextArea label={on ? L('Skäl till undantaget', 'Reason for the exception') : L('Anteckning (valfri)', 'Note (optional)')} rows={2} maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} />
      <button type="button" className="secondary" onClick={() => void toggle()}>
        {on ? L('Besluta undantag: stäng av röstbrevlådan', 'Decide an exception: turn voicemail off') : L('Slå på röstbrevlådan', 'Turn voicemail on')}
      </button>
    </div>
  );
}
