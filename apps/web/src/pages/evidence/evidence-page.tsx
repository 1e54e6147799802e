import { EVIDENCE_KIND_LABELS, EVIDENCE_KINDS, formatCount, formatDate } from '@buendel/domain/display';
import { useEffect, useId, useState, type FormEvent } from 'react';
import {
  useEvidence,
  useUploadEvidence,
  useWithdrawEvidence,
  type Evidence,
  type EvidenceUpload,
} from '../../api/evidence';
import { fieldErrors } from '../../api/problem';
import { Alert } from '../../components/alert';
import { DataTable, QueryList } from '../../components/data-table';
import { TextField } from '../../components/text-field';

const STATE_BADGES: Record<Evidence['state'], { label: string; kind: string }> = {
  valid: { label: 'gültig', kind: 'success' },
  expiring: { label: 'läuft bald ab', kind: 'warning' },
  expired: { label: 'abgelaufen', kind: 'danger' },
  'not-yet-valid': { label: 'noch nicht gültig', kind: 'info' },
};

const EMPTY: EvidenceUpload = {
  kind: 'ISO_14001',
  title: '',
  issuer: '',
  number: '',
  validFrom: '',
  validTo: '',
  file: undefined,
};

/** the evidence's validity as a person reads it: 01.01.2026 – 31.12.2026, or open-ended */
function validity(e: Evidence): string {
  return e.validTo
    ? `${formatDate(e.validFrom)} – ${formatDate(e.validTo)}`
    : `ab ${formatDate(e.validFrom)}, unbefristet`;
}

/**
 * The supplier's evidence profile: certificates, labels, LkSG and battery documents, each kept
 * once with issuer, number, validity and its file, and referred to by offers. Evidence about to
 * expire is flagged here (and by notification and mail); expired evidence is refused in offers.
 */
export function EvidencePage() {
  const evidence = useEvidence();
  const upload = useUploadEvidence();
  const withdraw = useWithdrawEvidence();
  const [form, setForm] = useState<EvidenceUpload>(EMPTY);
  const [fileKey, setFileKey] = useState(0);
  const kindId = useId();
  const fileId = useId();
  useEffect(() => {
    document.title = 'Nachweise – Bündel';
  }, []);
  const errors = fieldErrors(upload.error?.problem);
  const set = (key: keyof EvidenceUpload) => (value: string) => setForm((f) => ({ ...f, [key]: value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    upload.mutate(form, {
      onSuccess: () => {
        setForm(EMPTY);
        setFileKey((k) => k + 1);
      },
    });
  };
  return (
    <div className="kern-stack">
      <h1 className="kern-heading-large">Nachweise</h1>
      <p className="kern-body">
        Ihre Nachweise gelten für alle Angebote: Zertifikate und Umweltzeichen, Unterlagen nach dem
        Lieferkettensorgfaltspflichtengesetz und Batterie-Dokumente. Ein Angebot verweist auf sie, statt sie erneut
        hochzuladen. Abgelaufene Nachweise werden in Angeboten zurückgewiesen; 30 Tage vor Ablauf erinnert Bündel Sie
        daran.
      </p>
      <section aria-labelledby="nachweis-neu" className="kern-stack">
        <h2 className="kern-heading-medium" id="nachweis-neu">
          Nachweis hinzufügen
        </h2>
        <form onSubmit={submit} noValidate className="kern-stack">
          {upload.isError && (
            <Alert
              kind="danger"
              title={upload.error.status === 400 ? 'Bitte prüfen Sie die markierten Felder.' : upload.error.message}
            />
          )}
          {upload.isSuccess && <Alert kind="success" title="Der Nachweis ist gespeichert." />}
          <div className={`kern-form-input${errors['kind'] ? ' kern-form-input--error' : ''}`}>
            <label className="kern-label" htmlFor={kindId}>
              Art des Nachweises
            </label>
            {errors['kind'] && (
              <p className="kern-error" role="alert">
                <span className="kern-body">{errors['kind']}</span>
              </p>
            )}
            <select
              id={kindId}
              className="kern-form-input__select"
              value={form.kind}
              onChange={(e) => set('kind')(e.target.value)}
            >
              {EVIDENCE_KINDS.map((k) => (
                <option key={k} value={k}>
                  {EVIDENCE_KIND_LABELS[k]}
                </option>
              ))}
            </select>
          </div>
          <TextField
            label="Bezeichnung (optional)"
            hint="Ohne Angabe: die Art des Nachweises"
            value={form.title}
            onChange={(e) => set('title')(e.target.value)}
            error={errors['title']}
          />
          <TextField
            label="Aussteller"
            value={form.issuer}
            onChange={(e) => set('issuer')(e.target.value)}
            error={errors['issuer']}
          />
          <TextField
            label="Nummer"
            hint="Zertifikats-, Lizenz- oder Registernummer"
            value={form.number}
            onChange={(e) => set('number')(e.target.value)}
            error={errors['number']}
          />
          <TextField
            label="Gültig ab"
            type="date"
            value={form.validFrom}
            onChange={(e) => set('validFrom')(e.target.value)}
            error={errors['validFrom']}
          />
          <TextField
            label="Gültig bis (optional)"
            hint="Leer lassen, wenn der Nachweis unbefristet gilt"
            type="date"
            value={form.validTo}
            onChange={(e) => set('validTo')(e.target.value)}
            error={errors['validTo']}
          />
          <div className={`kern-form-input${errors['file'] ? ' kern-form-input--error' : ''}`}>
            <label className="kern-label" htmlFor={fileId}>
              Datei
            </label>
            <div className="kern-hint" id={`${fileId}-hinweis`}>
              PDF, PNG oder JPEG, höchstens 10 MiB
            </div>
            {errors['file'] && (
              <p className="kern-error" id={`${fileId}-fehler`} role="alert">
                <span className="kern-body">{errors['file']}</span>
              </p>
            )}
            <input
              key={fileKey}
              id={fileId}
              type="file"
              accept="application/pdf,image/png,image/jpeg"
              className="kern-form-input__input"
              aria-invalid={errors['file'] ? true : undefined}
              aria-describedby={[`${fileId}-hinweis`, errors['file'] ? `${fileId}-fehler` : ''].join(' ').trim()}
              onChange={(e) => setForm((f) => ({ ...f, file: e.target.files?.[0] }))}
            />
          </div>
          <div>
            <button type="submit" className="kern-btn kern-btn--primary" disabled={upload.isPending}>
              <span className="kern-label">Nachweis speichern</span>
            </button>
          </div>
        </form>
      </section>
      <section aria-labelledby="nachweis-liste" className="kern-stack">
        <h2 className="kern-heading-medium" id="nachweis-liste">
          Ihre Nachweise
        </h2>
        {withdraw.isError && <Alert kind="danger" title={withdraw.error.message} />}
        <QueryList
          query={evidence}
          loading="Nachweise werden geladen …"
          empty={(data) => (data.items.length === 0 ? 'Noch keine Nachweise.' : undefined)}
        >
          {(data) => (
            <DataTable
              caption={formatCount(data.total, 'Nachweis', 'Nachweise')}
              testId="nachweise"
              rows={data.items}
              rowKey={(e) => e.id}
              columns={[
                {
                  header: 'Nachweis',
                  cell: (e) => (
                    <>
                      {e.title}
                      <br />
                      <span className="kern-hint">{e.kindLabel}</span>
                    </>
                  ),
                },
                { header: 'Aussteller', cell: (e) => e.issuer },
                { header: 'Nummer', cell: (e) => e.number },
                { header: 'Gültigkeit', cell: validity },
                {
                  header: 'Stand',
                  cell: (e) => (
                    <span className={`kern-badge kern-badge--${STATE_BADGES[e.state].kind}`}>
                      {STATE_BADGES[e.state].label}
                    </span>
                  ),
                },
                {
                  header: 'Datei',
                  cell: (e) => (
                    <a className="kern-link" href={`/api/v1/suppliers/me/evidence/${e.id}/file`} download>
                      {e.file.name}
                    </a>
                  ),
                },
                {
                  header: 'Aktion',
                  action: true,
                  cell: (e) => (
                    <button
                      type="button"
                      className="kern-btn kern-btn--tertiary kern-btn--x-small"
                      disabled={withdraw.isPending}
                      onClick={() => withdraw.mutate(e.id)}
                    >
                      <span className="kern-label">
                        Zurückziehen<span className="app-visually-hidden">: {e.title}</span>
                      </span>
                    </button>
                  ),
                },
              ]}
            />
          )}
        </QueryList>
      </section>
    </div>
  );
}
