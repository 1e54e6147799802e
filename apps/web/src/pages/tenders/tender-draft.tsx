import { formatDateTime } from '@buendel/domain/display';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useCriteria } from '../../api/bundles';
import { ApiError, fieldErrors } from '../../api/problem';
import { useChangeTender, usePublishCheck, usePublishTender, type Tender } from '../../api/tenders';
import { Alert } from '../../components/alert';
import { useNow } from '../../components/countdown';
import { TextAreaField } from '../../components/form-fields';
import { TextField } from '../../components/text-field';
import { berlinInstant, berlinParts } from '../../lib/berlin-time';
import { criteriaBody, criteriaFormOf, DraftCriteria, weightSums, type CriteriaForm } from './draft-criteria';
import { DraftLots } from './draft-lots';

/** the field names of the API in the words of the form, for the last check */
const FIELD_NAMES: Record<string, string> = {
  submissionDeadline: 'Angebotsfrist',
  title: 'Titel',
  description: 'Beschreibung',
  lots: 'Lose',
  criteria: 'Kriterien',
  priceWeight: 'Gewicht des Preises',
  organisations: 'Stammdaten',
};
/** the form's word for an API field; none for a field it has no word for (never its path, with ids in it) */
const fieldName = (field: string): string | undefined => FIELD_NAMES[field.split('.')[0] ?? field];

/**
 * The coordinator's draft: title, description and submission deadline (with the legal minimum
 * period and the earliest deadline if published now), the lots with their items, the criteria
 * per phase and lot; publishing after a last check that lists what is missing. The API's
 * German reasons stand beside each field.
 */
export function TenderDraft({ tender }: { tender: Tender }) {
  const catalogue = useCriteria();
  const [criteria, setCriteria] = useState<CriteriaForm>(() => criteriaFormOf(tender));
  const [saved, setSaved] = useState(() => JSON.stringify(criteriaFormOf(tender)));
  const saveCriteria = useChangeTender(tender.id);
  const criteriaDirty = JSON.stringify(criteria) !== saved;
  // the lots were planned anew (new ids): the stored criteria are the form's again
  const lotIds = tender.lots.map((l) => l.id).join();
  useEffect(() => {
    const fresh = criteriaFormOf(tender);
    setCriteria(fresh);
    setSaved(JSON.stringify(fresh));
    // only when the lots were planned anew (lotIds), not at every refetch of the tender
  }, [lotIds]);
  const criteriaErrors = fieldErrors(saveCriteria.error instanceof ApiError ? saveCriteria.error.problem : undefined);
  return (
    <>
      <GeneralSection tender={tender} />
      <DraftLots tender={tender} />
      <DraftCriteria tender={tender} form={criteria} onChange={setCriteria} errors={criteriaErrors} />
      {saveCriteria.isError && <Alert kind="danger" title={saveCriteria.error.message} />}
      {saveCriteria.isSuccess && !criteriaDirty && <Alert kind="success" title="Die Kriterien sind gespeichert." />}
      <div className="kern-btn-wrapper">
        <button
          type="button"
          className="kern-btn kern-btn--primary"
          disabled={saveCriteria.isPending || !criteriaDirty}
          onClick={() =>
            saveCriteria.mutate(criteriaBody(criteria, catalogue.data?.items ?? []), {
              onSuccess: (t) => {
                const fresh = criteriaFormOf(t);
                setCriteria(fresh);
                setSaved(JSON.stringify(fresh));
              },
            })
          }
        >
          <span className="kern-label">Kriterien speichern</span>
        </button>
      </div>
      <PublishSection tender={tender} criteria={criteria} criteriaDirty={criteriaDirty} />
    </>
  );
}

function GeneralSection({ tender }: { tender: Tender }) {
  const change = useChangeTender(tender.id);
  const now = useNow(30_000);
  const [form, setForm] = useState(() => ({
    title: tender.title,
    description: tender.description ?? '',
    ...berlinParts(tender.submissionDeadline),
  }));
  const [local, setLocal] = useState<Record<string, string>>({});
  const errors = { ...fieldErrors(change.error instanceof ApiError ? change.error.problem : undefined), ...local };
  const earliest = now + tender.submissionMinimum.seconds * 1000;
  const chosen = berlinInstant(form.date, form.time);
  const tooEarly = chosen !== undefined && Date.parse(chosen) < earliest;
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!chosen) {
      setLocal({ submissionDeadline: 'Bitte geben Sie Tag und Uhrzeit der Angebotsfrist an.' });
      return;
    }
    setLocal({});
    change.mutate({ title: form.title.trim(), description: form.description.trim(), submissionDeadline: chosen });
  };
  return (
    <section aria-labelledby="allgemein-ueberschrift" className="kern-stack">
      <h2 className="kern-heading-medium" id="allgemein-ueberschrift">
        Titel, Frist und Verfahren
      </h2>
      <form className="kern-stack" noValidate onSubmit={onSubmit}>
        {change.isError && <Alert kind="danger" title={change.error.message} />}
        {change.isSuccess && <Alert kind="success" title="Gespeichert." />}
        <TextField
          label="Titel der Ausschreibung"
          value={form.title}
          maxLength={200}
          onChange={(e) => setForm((f) => ({ ...f, title: e.target.value }))}
          error={errors['title']}
        />
        <TextAreaField
          label="Beschreibung (freiwillig)"
          value={form.description}
          onChange={(description) => setForm((f) => ({ ...f, description }))}
          error={errors['description']}
        />
        <fieldset className="kern-fieldset" aria-describedby="mindestfrist">
          <legend className="kern-label">Angebotsfrist (Berliner Zeit)</legend>
          <div className="kern-hint" id="mindestfrist" data-testid="mindestfrist">
            Mindestfrist ab Veröffentlichung: {tender.submissionMinimum.period}. Bei Veröffentlichung jetzt frühestens{' '}
            {formatDateTime(earliest)}.
          </div>
          <div className="kern-fieldset__body kern-stack">
            <TextField
              label="Tag"
              type="date"
              value={form.date}
              onChange={(e) => setForm((f) => ({ ...f, date: e.target.value }))}
              error={errors['submissionDeadline']}
            />
            <TextField
              label="Uhrzeit"
              type="time"
              value={form.time}
              onChange={(e) => setForm((f) => ({ ...f, time: e.target.value }))}
            />
          </div>
          {tooEarly && (
            <p className="kern-body" data-testid="frist-zu-kurz">
              Diese Frist ist kürzer als die Mindestfrist: so kann die Ausschreibung nicht veröffentlicht werden.
            </p>
          )}
        </fieldset>
        <dl className="kern-description-list">
          <div className="kern-description-list-item">
            <dt className="kern-description-list-item__key">Verfahrensart</dt>
            <dd className="kern-description-list-item__value" data-testid="verfahrensart">
              {tender.procedureLabel}. Sie folgt aus dem geschätzten Wert und wird am Tag der Veröffentlichung noch
              einmal bestimmt (§ 3 Abs. 3 VgV).
            </dd>
          </div>
        </dl>
        <div className="kern-btn-wrapper">
          <button type="submit" className="kern-btn kern-btn--primary" disabled={change.isPending}>
            <span className="kern-label">Titel und Frist speichern</span>
          </button>
        </div>
      </form>
    </section>
  );
}

/**
 * the last check before publishing, then the publication: what the form sees, and what the API's
 * dry run of publish finds (the organisations' eForms data too); a refusal's reasons join the list
 */
function PublishSection({
  tender,
  criteria,
  criteriaDirty,
}: {
  tender: Tender;
  criteria: CriteriaForm;
  criteriaDirty: boolean;
}) {
  const publish = usePublishTender(tender.id);
  const check = usePublishCheck(tender);
  const now = useNow(5_000);
  const heading = useRef<HTMLHeadingElement>(null);
  const missing: string[] = [];
  const earliest = now + tender.submissionMinimum.seconds * 1000;
  const deadlineShort = Date.parse(tender.submissionDeadline) < earliest;
  if (deadlineShort)
    missing.push(
      `Angebotsfrist: Die gespeicherte Frist (${formatDateTime(tender.submissionDeadline)}) lässt die Mindestfrist von ${tender.submissionMinimum.period} nicht; frühestens ${formatDateTime(earliest)}.`,
    );
  if (criteriaDirty) missing.push('Kriterien: Es gibt ungespeicherte Änderungen. Bitte speichern Sie die Kriterien.');
  for (const s of weightSums(tender, criteria))
    if (!s.ok) missing.push(`Gewichtung: ${s.lot.title} kommt auf ${s.total} statt 100 Punkte.`);
  if (tender.lots.some((l) => l.items.length === 0)) missing.push('Lose: Ein Los hat keine Positionen.');
  const refused = publish.error instanceof ApiError ? (publish.error.problem?.errors ?? []) : [];
  // the API's problems and a refusal's, once each (the page's own deadline item words the deadline)
  const problems = new Map<string, { field: string; text: string }>();
  for (const p of [
    ...(check.data?.problems ?? []).map((p) => ({ field: p.field, text: p.de })),
    ...refused.map((e) => ({ field: e.field, text: e.reason })),
  ])
    if (!(deadlineShort && p.field === 'submissionDeadline')) problems.set(`${p.field}|${p.text}`, p);
  const listed = [...problems.values()];
  const complete = missing.length === 0 && listed.length === 0;
  useEffect(() => {
    if (publish.isError) heading.current?.focus();
  }, [publish.isError]);
  return (
    <section aria-labelledby="pruefung-ueberschrift" className="kern-stack">
      <h2 className="kern-heading-medium" id="pruefung-ueberschrift" ref={heading} tabIndex={-1}>
        Letzte Prüfung und Veröffentlichung
      </h2>
      {complete && check.data?.ready ? (
        <p className="kern-body" data-testid="pruefung">
          Es fehlt nichts: Lose, Kriterien, Frist und Stammdaten sind vollständig.
        </p>
      ) : complete && check.isError ? (
        <Alert kind="danger" title={`Die Prüfung ist nicht möglich: ${check.error.message}`} />
      ) : complete ? (
        <p className="kern-body" data-testid="pruefung" role="status">
          Die Angaben werden geprüft …
        </p>
      ) : (
        <div className="kern-stack" data-testid="pruefung">
          <p className="kern-body">Vor der Veröffentlichung fehlt noch:</p>
          <ul className="kern-list">
            {missing.map((m) => (
              <li key={m}>{m}</li>
            ))}
            {listed.map((p) => (
              <li key={`${p.field}|${p.text}`}>
                {fieldName(p.field) ? `${fieldName(p.field)}: ` : ''}
                {p.text}
              </li>
            ))}
          </ul>
          {listed.some((p) => p.field.startsWith('organisations.')) && (
            <p className="kern-body">
              Die Stammdaten Ihrer Organisation ergänzen Sie unter{' '}
              <Link className="kern-link" to="/stammdaten">
                Stammdaten
              </Link>
              ; die der anderen beteiligten Organisationen deren Nutzerinnen und Nutzer dort.
            </p>
          )}
        </div>
      )}
      {publish.isError && refused.length === 0 && <Alert kind="danger" title={publish.error.message} />}
      <div className="kern-btn-wrapper">
        <button
          type="button"
          className="kern-btn kern-btn--primary"
          disabled={publish.isPending || missing.length > 0}
          onClick={() =>
            publish.mutate(undefined, {
              // a refusal naming fields: the dry run asked again lists them from now on, as they change
              onError: (e) => {
                if (e.problem?.errors?.length) void check.refetch().then((r) => r.data && publish.reset());
              },
            })
          }
        >
          <span className="kern-label">Ausschreibung veröffentlichen</span>
        </button>
      </div>
    </section>
  );
}
