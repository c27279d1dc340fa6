// Current, planned and weekly absences of a person, each removable.
import { del } from '../api/client.js';
import type { Absence } from '../api/types.js';
import { clockText, weekdayName, whenText, type Instant } from '../logic/time.js';
import { reasonLabel, targetText } from '../logic/presence.js';
import { useLang } from './lang.js';
import { useSession } from './session.js';
import { useAnnounce } from './ui.js';

export function AbsenceList({ absences, now, onChanged, canChange }: { absences: Absence[]; now: Instant; onChanged(): void; canChange: boolean }) {
  const { L, lang } = useLang();
  const { reasons } = useSession();
  const announce = useAnnounce();
  if (absences.length === 0) return <p>{L('Ingen planerad frånvaro.', 'No planned absences.')}</p>;
  const remove = async (a: Absence) => {
    await del(`/api/absences/${a.id}`);
    announce(L('Frånvaron är borttagen.', 'The absence was removed.'));
    onChanged();
  };
  return (
    <ul className="absences">
      {absences.map((a) => {
        const label = reasonLabel(reasons, a.reason, lang);
        const when = a.recurrence
          ? `${a.recurrence.weekdays.map((d) => weekdayName(d, lang)).join(', ')} ${a.recurrence.startTime}–${a.recurrence.endTime}` +
            ` (${L('från', 'from')} ${a.recurrence.from}${a.recurrence.until ? ` ${L('till', 'to')} ${a.recurrence.until}` : ''})`
          : `${whenText(a.start, now, lang)} – ${a.start.slice(0, 10) === a.end.slice(0, 10) ? clockText(a.end) : whenText(a.end, now, lang)}`;
        return (
          <li key={a.id}>
            <div>
              <strong>{label}</strong>{a.recurrence ? <span className="tag">{L('varje vecka', 'weekly')}</span> : null}
              <div>{when}</div>
              <div className="muted">{L('Samtal till', 'Calls to')}: {targetText(a.target, lang)}{a.note ? ` · ${a.note}` : ''}</div>
            </div>
            {canChange ? (
              <button type="button" className="secondary" onClick={() => void remove(a)} aria-label={`${L('Ta bort', 'Remove')} ${label} ${when}`}>
                {L('Ta bort', 'Remove')}
              </button>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
