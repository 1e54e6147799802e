import { callOffMethodLabel, formatDateTime, formatQuantity, unitLabel } from '@buendel/domain/display';
import { useId, useRef, useState, type FormEvent } from 'react';
import { useCallOff, type CallOffMethod, type ConsumptionRow, type Framework } from '../../api/frameworks';
import { fieldErrors, type Problem } from '../../api/problem';
import { Alert } from '../../components/alert';
import { TextField } from '../../components/text-field';
import { berlinInstant, berlinParts } from '../../lib/berlin-time';
import { useCurrentUser } from '../../lib/current-user';
import { errorsOf, germanNumber } from '../../lib/form-input';

const METHOD_HINTS: Record<CallOffMethod, string> = {
  direct: 'Der Abruf ist sofort erteilt, beim gewählten Rahmenvertragspartner zu seinen Rahmenpreisen.',
  ranking:
    'Der erstplatzierte Rahmenvertragspartner wird gefragt; lehnt er ab, der nächste. Erteilt ist der Abruf, sobald einer annimmt.',
  'mini-competition':
    'Alle Rahmenvertragspartner des Loses geben bis zur Frist versiegelte Preise ab; danach öffnen Sie die Angebote und erteilen den Zuschlag.',
};

/** the 409 of a call-off past the maximum: per item what is left (problem details' extension `left`) */
type OverMaximum = Problem & { left?: Array<{ itemId: string; leftQuantity: number; maximumQuantity: number }> };

/** a day after now at noon in Berlin, the default deadline of a mini-competition */
function defaultDeadline(): { date: string; time: string } {
  return { date: berlinParts(new Date(Date.now() + 86_400_000).toISOString()).date, time: '12:00' };
}

/**
 * A participant's call-off: the lot, the method the lot allows (direct from a chosen supplier,
 * by ranking, or a mini-competition with its deadline), one quantity per item within what is
 * left of the organisation's maximum, and a note. The API's reasons stand beside each field.
 */
export function CallOffForm({ framework, consumption }: { framework: Framework; consumption: ConsumptionRow[] }) {
  const id = useId();
  const me = useCurrentUser();
  const own = consumption.filter((r) => r.organisationId === me.organisationId);
  const lots = framework.lots.filter((l) => own.some((r) => r.lotId === l.id));
  const [lotId, setLotId] = useState(lots[0]?.id ?? '');
  const lot = lots.find((l) => l.id === lotId);
  const methods = (lot?.callOffMethods ?? ['direct']) as CallOffMethod[];
  const [method, setMethod] = useState<CallOffMethod>('direct');
  const [supplierId, setSupplierId] = useState('');
  const [deadline, setDeadline] = useState(defaultDeadline);
  const [note, setNote] = useState('');
  const [quantities, setQuantities] = useState<Record<string, string>>({});
  const [localError, setLocalError] = useState<Record<string, string>>({});
  const summaryRef = useRef<HTMLDivElement>(null);
  const callOff = useCallOff(framework.id);
  const chosenMethod = methods.includes(method) ? method : 'direct';
  const rows = own.filter((r) => r.lotId === lotId);
  const [sentItems, setSentItems] = useState<string[]>([]);
  const api = fieldErrors(callOff.error?.problem);
  const errors = { ...api, ...localError };
  // past the maximum (409): the API names per item what is left; the field says it too
  const over = callOff.error?.status === 409 ? ((callOff.error.problem as OverMaximum | undefined)?.left ?? []) : [];
  const itemError = (itemId: string, unit: string) => {
    const left = over.find((o) => o.itemId === itemId);
    return (
      localError[`items.${itemId}`] ??
      sentItems.map((sent, i) => (sent === itemId ? errorsOf(api, `items.${i}`) : undefined)).find(Boolean) ??
      (left
        ? `Es sind nur noch ${formatQuantity(left.leftQuantity, unit)} abrufbar (Höchstmenge ${formatQuantity(left.maximumQuantity, unit)}).`
        : undefined)
    );
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const items: Array<{ itemId: string; quantity: number }> = [];
    const bad: Record<string, string> = {};
    rows.forEach((r) => {
      const n = germanNumber(quantities[r.itemId] ?? '');
      if (n === undefined) return;
      if (!(n > 0)) bad[`items.${r.itemId}`] = 'Bitte eine Menge größer als null eingeben, z. B. 12,5.';
      else items.push({ itemId: r.itemId, quantity: n });
    });
    if (!items.length && !Object.keys(bad).length)
      bad['items'] = 'Bitte für mindestens eine Position eine Menge eingeben.';
    let submissionDeadline: string | undefined;
    if (chosenMethod === 'mini-competition') {
      submissionDeadline = berlinInstant(deadline.date, deadline.time);
      if (!submissionDeadline) bad['submissionDeadline'] = 'Bitte Tag und Uhrzeit der Angebotsfrist angeben.';
    }
    setLocalError(bad);
    if (Object.keys(bad).length) {
      callOff.reset();
      requestAnimationFrame(() => summaryRef.current?.focus());
      return;
    }
    setSentItems(items.map((i) => i.itemId));
    callOff.mutate(
      {
        lotId,
        method: chosenMethod,
        items,
        ...(chosenMethod === 'direct' && supplierId ? { supplierOrganisationId: supplierId } : {}),
        ...(submissionDeadline ? { submissionDeadline } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
      },
      {
        onSuccess: () => {
          setQuantities({});
          setNote('');
        },
        onSettled: () => requestAnimationFrame(() => summaryRef.current?.focus()),
      },
    );
  };
  const problem = callOff.error?.problem;
  const done = callOff.data;
  const lotOf = (lotKey: string) => framework.lots.find((l) => l.key === lotKey);
  return (
    <section className="kern-stack" aria-labelledby={`${id}-abruf`}>
      <h2 className="kern-heading-medium" id={`${id}-abruf`}>
        Abrufen
      </h2>
      <p className="kern-body">
        Jeder Abruf ist ein eigener Vertrag Ihrer Organisation mit dem Rahmenvertragspartner. Mehr als die verbleibende
        Menge Ihrer Höchstmenge lehnt Bündel ab.
      </p>
      <form onSubmit={submit} noValidate className="kern-stack">
        <div ref={summaryRef} tabIndex={-1}>
          {callOff.isError && (
            <Alert
              kind="danger"
              title={callOff.error.status === 400 ? 'Bitte prüfen Sie die markierten Felder.' : 'Abruf nicht möglich'}
            >
              {callOff.error.status !== 400 && <p className="kern-body">{problem?.detail ?? callOff.error.message}</p>}
              {callOff.error.status === 400 && api['lotId'] && <p className="kern-body">Los: {api['lotId']}</p>}
            </Alert>
          )}
          {done && (
            <Alert
              kind="success"
              title={
                done.status === 'ordered'
                  ? `Abruf ${done.number} erteilt.`
                  : done.status === 'offered'
                    ? `Abruf ${done.number} angefragt.`
                    : `Kleinwettbewerb ${done.number} gestartet.`
              }
            >
              <p className="kern-body">
                {done.status === 'competition'
                  ? `Die Rahmenvertragspartner von ${lotOf(done.lotKey)?.title ?? done.lotKey} geben bis ${formatDateTime(done.submissionDeadline)} ihre Angebote ab.`
                  : `Lieferant: ${done.supplier?.name ?? '–'}${done.status === 'offered' ? ' (muss noch annehmen)' : ''}`}
              </p>
            </Alert>
          )}
          {errors['items'] && <Alert kind="warning" title={errors['items']} />}
        </div>
        {lots.length > 1 && (
          <div className="kern-form-input">
            <label className="kern-label" htmlFor={`${id}-los`}>
              Los
            </label>
            <select
              id={`${id}-los`}
              className="kern-form-input__select"
              value={lotId}
              onChange={(e) => setLotId(e.target.value)}
            >
              {lots.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.title}
                </option>
              ))}
            </select>
          </div>
        )}
        <fieldset className={`kern-fieldset${errors['method'] ? ' kern-fieldset--error' : ''}`}>
          <legend className="kern-label">Art des Abrufs</legend>
          {errors['method'] && (
            <p className="kern-error" role="alert">
              <span className="kern-body">{errors['method']}</span>
            </p>
          )}
          <div className="kern-fieldset__body">
            {methods.map((m) => (
              <div className="kern-form-check" key={m}>
                <input
                  id={`${id}-art-${m}`}
                  className="kern-form-check__radio"
                  type="radio"
                  name={`${id}-art`}
                  value={m}
                  checked={chosenMethod === m}
                  aria-describedby={`${id}-art-hinweis`}
                  onChange={() => setMethod(m)}
                />
                <label className="kern-label" htmlFor={`${id}-art-${m}`}>
                  {callOffMethodLabel(m)}
                </label>
              </div>
            ))}
          </div>
          <p className="kern-hint" id={`${id}-art-hinweis`}>
            {METHOD_HINTS[chosenMethod]}
          </p>
        </fieldset>
        {chosenMethod === 'direct' && lot && lot.suppliers.length > 1 && (
          <div className={`kern-form-input${errors['supplierOrganisationId'] ? ' kern-form-input--error' : ''}`}>
            <label className="kern-label" htmlFor={`${id}-lieferant`}>
              Rahmenvertragspartner
            </label>
            {errors['supplierOrganisationId'] && (
              <p className="kern-error" id={`${id}-lieferant-fehler`} role="alert">
                <span className="kern-body">{errors['supplierOrganisationId']}</span>
              </p>
            )}
            <select
              id={`${id}-lieferant`}
              className="kern-form-input__select"
              value={supplierId}
              aria-describedby={errors['supplierOrganisationId'] ? `${id}-lieferant-fehler` : undefined}
              onChange={(e) => setSupplierId(e.target.value)}
            >
              <option value="">der erstplatzierte ({lot.suppliers[0]?.name})</option>
              {lot.suppliers.map((s) => (
                <option key={s.organisationId} value={s.organisationId}>
                  {s.rank}. {s.name}
                </option>
              ))}
            </select>
          </div>
        )}
        {chosenMethod === 'mini-competition' && (
          <fieldset className="kern-fieldset">
            <legend className="kern-label">Angebotsfrist des Kleinwettbewerbs (Uhrzeit in Berlin)</legend>
            <div className="kern-fieldset__body kern-stack">
              <TextField
                label="Tag"
                type="date"
                value={deadline.date}
                onChange={(e) => setDeadline({ ...deadline, date: e.target.value })}
                error={errors['submissionDeadline']}
              />
              <TextField
                label="Uhrzeit"
                type="time"
                value={deadline.time}
                onChange={(e) => setDeadline({ ...deadline, time: e.target.value })}
              />
            </div>
          </fieldset>
        )}
        <fieldset className="kern-fieldset">
          <legend className="kern-label">Mengen</legend>
          <div className="kern-fieldset__body kern-stack">
            {rows.map((r) => (
              <TextField
                key={r.itemId}
                label={`Menge in ${unitLabel(r.unit)}: ${r.cpvLabel}`}
                hint={`noch ${formatQuantity(r.leftQuantity, r.unit)} abrufbar (Höchstmenge ${formatQuantity(r.maximumQuantity, r.unit)})`}
                inputMode="decimal"
                autoComplete="off"
                value={quantities[r.itemId] ?? ''}
                onChange={(e) => setQuantities({ ...quantities, [r.itemId]: e.target.value })}
                error={itemError(r.itemId, r.unit)}
              />
            ))}
          </div>
        </fieldset>
        <TextField
          label="Hinweis für den Lieferanten (optional)"
          hint="z. B. Lieferort, Kostenstelle, Ansprechperson"
          value={note}
          maxLength={1000}
          onChange={(e) => setNote(e.target.value)}
          error={errors['note']}
        />
        <div>
          <button type="submit" className="kern-btn kern-btn--primary" disabled={callOff.isPending}>
            <span className="kern-label">
              {chosenMethod === 'mini-competition' ? 'Kleinwettbewerb starten' : 'Abrufen'}
            </span>
          </button>
        </div>
      </form>
    </section>
  );
}
