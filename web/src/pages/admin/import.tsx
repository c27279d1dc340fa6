// CSV import (admin) from an HR system or an Active Directory export (docs/csv-import.md).
// All or nothing: the server checks every row first; one bad row means nothing is imported,
// and every problem is listed with its line ("Rad 7: ..."). A check without writing (dry run)
// shows what would change before the real import. The progress bar follows the upload, then
// the server's check.
import { useId, useState, type FormEvent } from 'react';
import { ApiError, upload } from '../../api/client.js';
import type { ImportResult } from '../../api/types.js';
import { useLang } from '../../app/lang.js';
import { ErrorBox, Notice, Section, useAnnounce } from '../../app/ui.js';
import { invalidateDirectory } from '../../app/directory.js';
import { AdminPage } from './layout.js';

type Phase = { kind: 'idle' } | { kind: 'sending'; fraction: number | null; dryRun: boolean } | { kind: 'done'; result: ImportResult } | { kind: 'failed'; error: unknown };

function Counts({ r }: { r: ImportResult }) {
  const { L } = useLang();
  const rows: [string, number][] = [
    [L('Nya personer', 'New people'), r.created],
    [L('Ändrade', 'Changed'), r.updated],
    [L('Oförändrade', 'Unchanged'), r.unchanged],
    [L('Återaktiverade', 'Reactivated'), r.reactivated],
    [L('Nya enheter', 'New units'), r.unitsCreated],
    [L('Nya funktioner', 'New functions'), r.functionsCreated],
    [L('Ändrade funktioner', 'Changed functions'), r.functionsUpdated],
    [L('I katalogen men inte i filen (lämnas orörda)', 'In the directory but not in the file (left alone)'), r.notInFile],
  ];
  return (
    <>
      <dl className="stats">{rows.map(([k, v]) => <div key={k}><dt>{k}</dt><dd>{v}</dd></div>)}</dl>
      {r.ignoredColumns.length > 0 ? <p>{L('Kolumner som inte används', 'Columns not used')}: {r.ignoredColumns.join(', ')}</p> : null}
    </>
  );
}

export function AdminImportPage() {
  const { L } = useLang();
  const announce = useAnnounce();
  const [file, setFile] = useState<File | null>(null);
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [checked, setChecked] = useState<File | null>(null);
  const fileId = useId();
  const progressId = useId();

  const send = async (dryRun: boolean) => {
    if (!file) return;
    setPhase({ kind: 'sending', fraction: 0, dryRun });
    try {
      const result = await upload<ImportResult>('POST', `/api/directory/import${dryRun ? '?dryRun=true' : ''}`, file, 'text/csv',
        (fraction) => setPhase({ kind: 'sending', fraction, dryRun }));
      setPhase({ kind: 'done', result });
      setChecked(dryRun ? file : null);
      if (!dryRun) invalidateDirectory('import');
      announce(dryRun ? L('Filen är kontrollerad: inga fel.', 'The file is checked: no errors.') : L('Importen är klar.', 'The import is done.'));
    } catch (error) {
      setPhase({ kind: 'failed', error });
      setChecked(null);
      const n = error instanceof ApiError ? error.problems.length : 0;
      announce(L(`Inget har importerats: ${n} fel.`, `Nothing was imported: ${n} errors.`));
    }
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void send(true);
  };

  const sending = phase.kind === 'sending';
  const percent = sending && phase.fraction !== null ? Math.round(phase.fraction * 100) : null;
  return (
    <AdminPage title={L('Importera katalogen', 'Import the directory')}>
      <Section title={L('Fil från HR eller Active Directory', 'A file from HR or Active Directory')}>
        <p>
          {L('CSV med rubrikrad (semikolon eller komma), UTF-8. Kolumnerna förnamn, efternamn och epost krävs; enhet, anknytning, direktnummer, mobil, chef_epost, funktioner, ärenden och roll är valfria. ',
            'CSV with a header line (semicolon or comma), UTF-8. The columns förnamn, efternamn and epost are required; enhet, anknytning, direktnummer, mobil, chef_epost, funktioner, ärenden and roll are optional. ')}
          {L('Allt eller inget: finns ett fel importeras ingenting.', 'All or nothing: with any error nothing is imported.')}
        </p>
        <form onSubmit={onSubmit}>
          <div className="field">
            <label htmlFor={fileId}>{L('CSV-fil', 'CSV file')}</label>
            <input id={fileId} type="file" accept=".csv,text/csv,text/plain" onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setPhase({ kind: 'idle' });
              setChecked(null);
            }} />
          </div>
          <div className="actions">
            <button type="submit" disabled={!file || sending}>{L('Kontrollera filen', 'Check the file')}</button>
            <button type="button" className="secondary" disabled={!file || sending} onClick={() => void send(false)}>{L('Importera', 'Import')}</button>
          </div>
        </form>
      </Section>

      {phase.kind !== 'idle' ? (
        <Section title={L('Resultat', 'Result')}>
          {sending ? (
            <div className="field">
              <label htmlFor={progressId}>
                {percent !== null && percent < 100
                  ? L(`Skickar filen … ${percent} %`, `Sending the file … ${percent} %`)
                  : phase.dryRun ? L('Kontrollerar raderna …', 'Checking the rows …') : L('Importerar …', 'Importing …')}
              </label>
              {/* Indeterminate (no value) while the server works. */}
              {percent !== null && percent < 100 ? <progress id={progressId} max={100} value={percent} /> : <progress id={progressId} />}
            </div>
          ) : null}
          {phase.kind === 'failed' ? (
            <>
              <ErrorBox error={phase.error} title={L('Inget har importerats.', 'Nothing was imported.')} />
            </>
          ) : null}
          {phase.kind === 'done' ? (
            phase.result.dryRun ? (
              <>
                <Notice tone="ok">{L('Filen är kontrollerad och har inga fel. Ingenting är ändrat ännu. Så här blir det:', 'The file is checked and has no errors. Nothing is changed yet. This is what will happen:')}</Notice>
                <Counts r={phase.result} />
                {checked === file ? <button type="button" onClick={() => void send(false)}>{L('Importera nu', 'Import now')}</button> : null}
              </>
            ) : (
              <>
                <Notice tone="ok">{L('Importen är klar.', 'The import is done.')}</Notice>
                <Counts r={phase.result} />
              </>
            )
          ) : null}
        </Section>
      ) : null}
    </AdminPage>
  );
}
