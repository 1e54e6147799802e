import { formatDate } from '@buendel/domain/display';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import { useTenderEvidence, useVerifyEvidence, type EvidenceClaim, type Verdict } from '../../api/evidence';
import { fieldErrors } from '../../api/problem';
import { Alert } from '../../components/alert';
import { DataTable, QueryList } from '../../components/data-table';
import { TextAreaField } from '../../components/form-fields';

const VERDICTS: Array<{ value: Verdict; label: string }> = [
  { value: 'checked', label: 'geprüft' },
  { value: 'doubtful', label: 'zweifelhaft' },
  { value: 'refused', label: 'zurückgewiesen' },
];

type Piece = NonNullable<EvidenceClaim['evidence']> & { codes: string[]; supplierName: string; lotKey: string };

/** the pieces of evidence the claims refer to, once each, with the criteria they are claimed for */
function piecesOf(claims: EvidenceClaim[]): Piece[] {
  const byId = new Map<string, Piece>();
  for (const c of claims) {
    if (!c.evidence) continue;
    const piece = byId.get(c.evidence.id) ?? {
      ...c.evidence,
      codes: [],
      supplierName: c.supplierName,
      lotKey: c.lotKey,
    };
    piece.codes.push(c.code);
    byId.set(c.evidence.id, piece);
  }
  return [...byId.values()];
}

/** one piece of evidence: what it is, its file, and the coordinator's verdict with a note */
function VerifyForm({ tenderId, piece }: { tenderId: string; piece: Piece }) {
  const verify = useVerifyEvidence(tenderId);
  const [verdict, setVerdict] = useState<Verdict | ''>(piece.verification === 'pending' ? '' : piece.verification);
  const [note, setNote] = useState(piece.note ?? '');
  const groupId = useId();
  const errors = fieldErrors(verify.error?.problem);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (verdict) verify.mutate({ evidenceId: piece.id, verification: verdict, note });
  };
  return (
    <section aria-labelledby={`${groupId}-titel`} className="kern-stack">
      <h3 className="kern-heading-small" id={`${groupId}-titel`}>
        {piece.title} – {piece.supplierName}
      </h3>
      <dl className="kern-description-list">
        <div className="kern-description-list-item">
          <dt className="kern-description-list-item__key">Aussteller, Nummer</dt>
          <dd className="kern-description-list-item__value">
            {piece.issuer}, {piece.number}
          </dd>
        </div>
        <div className="kern-description-list-item">
          <dt className="kern-description-list-item__key">Gültig</dt>
          <dd className="kern-description-list-item__value">
            {formatDate(piece.validFrom)} – {piece.validTo ? formatDate(piece.validTo) : 'unbefristet'}
          </dd>
        </div>
        <div className="kern-description-list-item">
          <dt className="kern-description-list-item__key">Für Kriterien</dt>
          <dd className="kern-description-list-item__value">{piece.codes.join(', ')}</dd>
        </div>
        <div className="kern-description-list-item">
          <dt className="kern-description-list-item__key">Stand</dt>
          <dd className="kern-description-list-item__value" data-testid={`stand-${piece.id}`}>
            {piece.verificationLabel}
            {piece.verifiedAt ? ` (${formatDate(piece.verifiedAt)})` : ''}
          </dd>
        </div>
      </dl>
      <p className="kern-body">
        <a className="kern-link" href={`/api/v1/tenders/${tenderId}/evidence/${piece.id}/file`} download>
          Datei des Nachweises herunterladen<span className="app-visually-hidden">: {piece.title}</span>
        </a>
      </p>
      <form onSubmit={submit} noValidate className="kern-stack">
        {verify.isError && <Alert kind="danger" title={verify.error.message} />}
        {verify.isSuccess && <Alert kind="success" title="Die Prüfung ist gespeichert." />}
        <fieldset className={`kern-fieldset${errors['verification'] ? ' kern-fieldset--error' : ''}`}>
          <legend className="kern-label">Ergebnis der Prüfung</legend>
          {errors['verification'] && (
            <p className="kern-error" role="alert">
              <span className="kern-body">{errors['verification']}</span>
            </p>
          )}
          <div className="kern-fieldset__body">
            {VERDICTS.map((v) => (
              <div className="kern-form-check" key={v.value}>
                <input
                  className="kern-form-check__radio"
                  type="radio"
                  id={`${groupId}-${v.value}`}
                  name={`${groupId}-ergebnis`}
                  checked={verdict === v.value}
                  onChange={() => setVerdict(v.value)}
                />
                <label className="kern-label" htmlFor={`${groupId}-${v.value}`}>
                  {v.label}
                </label>
              </div>
            ))}
          </div>
        </fieldset>
        <TextAreaField label="Vermerk" value={note} onChange={setNote} error={errors['note']} />
        <div>
          <button type="submit" className="kern-btn kern-btn--primary" disabled={!verdict || verify.isPending}>
            <span className="kern-label">
              Prüfung speichern<span className="app-visually-hidden">: {piece.title}</span>
            </span>
          </button>
        </div>
      </form>
    </section>
  );
}

/**
 * The coordinator verifies the evidence of a tender's awarded offers: each piece checked,
 * doubtful or refused, with a note. Only checked evidence makes a criterion count as
 * sustainable in the report; the record shows every verdict.
 */
export function EvidenceVerificationPage() {
  const { id = '' } = useParams();
  const claims = useTenderEvidence(id);
  useEffect(() => {
    document.title = 'Nachweise prüfen – Bündel';
  }, []);
  return (
    <div className="kern-stack">
      <h1 className="kern-heading-large">Nachweise der bezuschlagten Angebote prüfen</h1>
      <p className="kern-body">
        Als nachhaltig zählt im Bericht nur, was mit einem geprüften Nachweis belegt ist; Eigenerklärungen und
        zweifelhafte oder zurückgewiesene Nachweise werden getrennt ausgewiesen.
      </p>
      <QueryList
        query={claims}
        loading="Nachweise werden geladen …"
        empty={(data) => (data.items.length === 0 ? 'Noch kein bezuschlagtes Angebot nennt Kriterien.' : undefined)}
      >
        {(data) => (
          <>
            <DataTable
              caption="Kriterien der bezuschlagten Angebote"
              testId="anspruch"
              rows={data.items}
              rowKey={(c) => `${c.lotId}-${c.code}-${c.evidence?.id ?? 'eigen'}`}
              columns={[
                { header: 'Los', cell: (c) => c.lotKey },
                { header: 'Lieferant', cell: (c) => c.supplierName },
                { header: 'Kriterium', cell: (c) => c.code },
                { header: 'Nachweis', cell: (c) => c.evidence?.title ?? 'Eigenerklärung (ohne Nachweis)' },
                { header: 'Stand', cell: (c) => (c.standing === 'verified' ? 'belegt' : 'selbst erklärt') },
              ]}
            />
            <h2 className="kern-heading-medium">Prüfung je Nachweis</h2>
            {piecesOf(data.items).map((piece) => (
              <VerifyForm key={piece.id} tenderId={id} piece={piece} />
            ))}
          </>
        )}
      </QueryList>
    </div>
  );
}
