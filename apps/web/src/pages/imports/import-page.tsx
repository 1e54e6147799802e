import { formatNumber } from '@buendel/domain/display';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { uploadImport, useImportJob, type ImportReport } from '../../api/imports';
import { ApiError, fieldErrors, type Problem } from '../../api/problem';
import { Alert } from '../../components/alert';
import { DataTable } from '../../components/data-table';

type Step = 'check' | 'import';

/** the demand fields as the import's columns call them, for errors without a column name */
const FIELD_LABELS: Record<string, string> = {
  row: 'ganze Zeile',
  rowKey: 'Schlüssel',
  cpvCode: 'CPV',
  title: 'Bezeichnung',
  description: 'Beschreibung',
  quantity: 'Menge',
  unit: 'Einheit',
  unitPriceEur: 'Einzelpreis',
  deliveryFrom: 'Lieferung ab',
  deliveryTo: 'Lieferung bis',
  deliveryAgs: 'Lieferort',
  criteria: 'Kriterien',
  status: 'Status',
};

/**
 * Importing demands from a CSV or XLSX file: a dry run first, its report per row (line,
 * column, reason), then the real import of the same file. The upload's progress is shown,
 * and a large file, which the API imports as a job, shows the job's progress until its report.
 */
export function ImportPage() {
  const client = useQueryClient();
  const fileId = useId();
  const [file, setFile] = useState<File>();
  const [step, setStep] = useState<Step>();
  const [uploaded, setUploaded] = useState<number>();
  const [jobId, setJobId] = useState<string>();
  const [result, setResult] = useState<{ step: Step; report: ImportReport }>();
  const [error, setError] = useState<ApiError>();
  const job = useImportJob(jobId);
  const resultRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    document.title = 'Import – Bündel';
  }, []);
  useEffect(() => {
    if (result) resultRef.current?.focus();
  }, [result]);
  // a job that finished: its report, or why it failed
  useEffect(() => {
    const j = job.data;
    if (!j || !step) return;
    if (j.status === 'done' && j.report) {
      setJobId(undefined);
      finish(step, j.report);
    } else if (j.status === 'failed') {
      setJobId(undefined);
      setStep(undefined);
      setError(new ApiError(j.problem?.status ?? 400, j.problem as Problem | undefined));
    }
  }, [job.data]);

  function finish(done: Step, report: ImportReport) {
    setStep(undefined);
    setUploaded(undefined);
    setResult({ step: done, report });
    if (done === 'import') void client.invalidateQueries({ queryKey: ['demands'] });
  }

  async function send(next: Step) {
    if (!file) {
      setError(
        new ApiError(400, { errors: [{ field: 'file', reason: 'Bitte wählen Sie eine CSV- oder XLSX-Datei.' }] }),
      );
      return;
    }
    setError(undefined);
    setResult(undefined);
    setStep(next);
    setUploaded(0);
    try {
      const answer = await uploadImport(file, { dryRun: next === 'check', onProgress: setUploaded });
      if (answer.kind === 'report') finish(next, answer.report);
      else {
        setUploaded(1);
        setJobId(answer.job.id);
      }
    } catch (e) {
      setStep(undefined);
      setUploaded(undefined);
      setError(e instanceof ApiError ? e : new ApiError(0, undefined));
    }
  }

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void send('check');
  };
  const busy = step !== undefined;
  const fileError = error ? fieldErrors(error.problem)['file'] : undefined;
  const running = job.data && job.data.status !== 'done' && job.data.status !== 'failed' ? job.data : undefined;

  return (
    <div className="kern-stack">
      <h1 className="kern-heading-large">Bedarfe importieren</h1>
      <p className="kern-body">
        Laden Sie eine CSV-Datei (Trennzeichen „;“, wie Excel sie speichert) oder eine XLSX-Arbeitsmappe hoch. Zuerst
        prüft Bündel die Datei, ohne etwas zu speichern, und zeigt jede fehlerhafte Zeile; danach importieren Sie.
        Vorlagen:{' '}
        <a className="kern-link" href="/api/v1/demands/import/template.csv" download>
          CSV-Vorlage
        </a>
        ,{' '}
        <a className="kern-link" href="/api/v1/demands/import/template.xlsx" download>
          XLSX-Vorlage
        </a>
        .
      </p>
      <form onSubmit={onSubmit} noValidate className="kern-stack">
        {error && !fileError && <Alert kind="danger" title={error.message} />}
        <div className={`kern-form-input${fileError ? ' kern-form-input--error' : ''}`}>
          <label className="kern-label" htmlFor={fileId}>
            Datei (CSV oder XLSX)
          </label>
          {fileError && (
            <p className="kern-error" id={`${fileId}-fehler`} role="alert">
              <span className="kern-icon kern-icon--danger kern-icon--default" aria-hidden="true"></span>
              <span className="kern-body">{fileError}</span>
            </p>
          )}
          <input
            id={fileId}
            type="file"
            className="kern-form-input__input"
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            aria-invalid={fileError ? true : undefined}
            aria-describedby={fileError ? `${fileId}-fehler` : undefined}
            onChange={(e) => {
              setFile(e.target.files?.[0]);
              setResult(undefined);
              setError(undefined);
            }}
          />
        </div>
        <div className="kern-btn-wrapper">
          <button type="submit" className="kern-btn kern-btn--primary" disabled={busy}>
            <span className="kern-label">Datei prüfen</span>
          </button>
        </div>
      </form>

      {busy && <Progress step={step} uploaded={uploaded ?? 0} job={running} />}

      {result && (
        <div className="kern-stack" ref={resultRef} tabIndex={-1} data-testid="import-bericht">
          <ReportView result={result} />
          {result.step === 'check' && result.report.rows > result.report.rejected && (
            <div className="kern-btn-wrapper">
              <button
                type="button"
                className="kern-btn kern-btn--primary"
                disabled={busy}
                onClick={() => void send('import')}
              >
                <span className="kern-label">
                  {result.report.rejected
                    ? `Jetzt importieren (ohne die ${result.report.rejected} fehlerhaften Zeilen)`
                    : 'Jetzt importieren'}
                </span>
              </button>
            </div>
          )}
          {result.step === 'import' && (
            <p className="kern-body">
              <Link className="kern-link" to="/bedarfe">
                Zu den Bedarfen
              </Link>
            </p>
          )}
        </div>
      )}
    </div>
  );
}

/** the upload's progress, then (for a large file) the import job's */
function Progress({
  step,
  uploaded,
  job,
}: {
  step: Step | undefined;
  uploaded: number;
  job?: { percent: number; rowsRead: number; rowsRefused: number };
}) {
  const what = step === 'import' ? 'Import' : 'Prüfung';
  const percent = job ? Math.round(job.percent) : Math.round(uploaded * 100);
  const label = job
    ? `${what}: ${percent} % verarbeitet, ${formatNumber(job.rowsRead)} Zeilen gelesen, ${formatNumber(job.rowsRefused)} fehlerhaft`
    : uploaded < 1
      ? `${what}: Datei wird hochgeladen, ${percent} %`
      : `${what}: Datei wird verarbeitet …`;
  return (
    <div className="kern-stack" role="status" aria-live="polite">
      <progress
        className="app-progress"
        max={100}
        value={job || uploaded < 1 ? percent : undefined}
        aria-label={label}
      />
      <p className="kern-body" data-testid="import-fortschritt">
        {label}
      </p>
    </div>
  );
}

function ReportView({ result: { step, report } }: { result: { step: Step; report: ImportReport } }) {
  const stored = report.created + report.updated + report.unchanged;
  const title =
    step === 'check'
      ? report.rejected
        ? `Prüfung: ${report.rejected} von ${report.rows} Zeilen sind fehlerhaft`
        : report.rows === 1
          ? 'Prüfung: die Zeile ist in Ordnung'
          : `Prüfung: alle ${report.rows} Zeilen sind in Ordnung`
      : `Import abgeschlossen: ${report.created} angelegt, ${report.updated} geändert, ${report.unchanged} unverändert`;
  return (
    <>
      <Alert kind={report.rejected ? 'warning' : 'success'} title={title}>
        <p className="kern-body">
          {step === 'check'
            ? `Beim Import würden ${stored} Zeilen übernommen (${report.created} neu, ${report.updated} geändert, ${report.unchanged} unverändert). Gespeichert wurde noch nichts.`
            : report.rejected
              ? `${report.rejected} fehlerhafte Zeilen wurden nicht übernommen.`
              : 'Alle Zeilen wurden übernommen.'}
        </p>
      </Alert>
      <dl className="kern-description-list">
        <div className="kern-description-list-item">
          <dt className="kern-description-list-item__key">Format</dt>
          <dd className="kern-description-list-item__value">
            {report.format.toUpperCase()}
            {report.encoding ? `, ${report.encoding}` : ''}
            {report.delimiter ? `, Trennzeichen „${report.delimiter === '\t' ? 'Tab' : report.delimiter}“` : ''}
            {report.sheet ? `, Blatt „${report.sheet}“` : ''}
          </dd>
        </div>
        <div className="kern-description-list-item">
          <dt className="kern-description-list-item__key">Kopfzeile</dt>
          <dd className="kern-description-list-item__value">Zeile {report.headerRow}</dd>
        </div>
        <div className="kern-description-list-item">
          <dt className="kern-description-list-item__key">Zeilen gelesen</dt>
          <dd className="kern-description-list-item__value">{formatNumber(report.rows)}</dd>
        </div>
        <div className="kern-description-list-item">
          <dt className="kern-description-list-item__key">Übersprungen</dt>
          <dd className="kern-description-list-item__value">{formatNumber(report.skipped)}</dd>
        </div>
        {report.ignoredColumns.length > 0 && (
          <div className="kern-description-list-item">
            <dt className="kern-description-list-item__key">Nicht gelesene Spalten</dt>
            <dd className="kern-description-list-item__value">{report.ignoredColumns.join(', ')}</dd>
          </div>
        )}
      </dl>
      {report.errors.length > 0 && (
        <DataTable
          testId="import-fehler"
          caption={`Fehlerhafte Zeilen${report.errorsTruncated ? ' (nur die ersten)' : ''}`}
          columns={[
            { header: 'Zeile', numeric: true, cell: (e) => e.row },
            { header: 'Spalte', cell: (e) => e.column ?? FIELD_LABELS[e.field] ?? e.field },
            { header: 'Grund', cell: (e) => e.reason },
          ]}
          rows={report.errors}
          rowKey={(e) => `${e.row}-${e.field}-${e.reason}`}
        />
      )}
      {report.skippedRows.length > 0 && (
        <DataTable
          caption="Übersprungene Zeilen"
          columns={[
            { header: 'Zeile', numeric: true, cell: (r) => r.row },
            { header: 'Grund', cell: (r) => r.reason },
          ]}
          rows={report.skippedRows}
          rowKey={(r) => String(r.row)}
        />
      )}
    </>
  );
}
