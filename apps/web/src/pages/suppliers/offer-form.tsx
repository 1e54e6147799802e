import { formatQuantity, unitLabel } from '@buendel/domain/display';
import { useId, useRef, useState, type FormEvent } from 'react';
import type { Criterion, Evidence, NewOffer, OfferReceipt, TenderCriterion, TenderLot } from '../../api/offers';
import { useSubmitOffer } from '../../api/offers';
import { fieldErrors } from '../../api/problem';
import { OfferRefusedAlert } from '../../components/offer-refused-alert';
import { TextField } from '../../components/text-field';
import { errorsOf, germanNumber } from '../../lib/form-input';
import { itemName } from './tender-view';

/** a criterion that takes a number from the offer (a recycled content in %, a warranty in years) */
export function isValued(c: TenderCriterion, catalogue: ReadonlyMap<string, Criterion>): boolean {
  const type = catalogue.get(c.code)?.parameter?.type;
  return type === 'percent' || type === 'number';
}

/** the pieces of the supplier's evidence that prove a criterion and are valid today */
function fittingEvidence(code: string, catalogue: ReadonlyMap<string, Criterion>, evidence: readonly Evidence[]) {
  const kinds = catalogue.get(code)?.evidenceKinds;
  return evidence.filter(
    (e) => !e.withdrawnAt && (e.state === 'valid' || e.state === 'expiring') && (!kinds || kinds.includes(e.kind)),
  );
}

interface CriterionInput {
  declared: boolean;
  value: string;
  evidenceId: string;
}

/**
 * The offer for one lot: a net unit price per item, then the lot's criteria: a box to declare
 * each, a number for valued ones (stating it declares the criterion), and a piece of the
 * supplier's evidence where it has a fitting one. Plain form controls in reading order, so the
 * form works by keyboard alone; after sending, the receipt takes the focus, after a refusal the
 * summary of the reasons (each reason also stands beside its field).
 */
export function OfferForm({
  tenderId,
  lot,
  criteria: lotCriteria,
  catalogue,
  evidence,
  replacing,
  onReceipt,
}: {
  tenderId: string;
  lot: TenderLot;
  criteria: TenderCriterion[];
  catalogue: ReadonlyMap<string, Criterion>;
  evidence: readonly Evidence[];
  replacing: boolean;
  onReceipt: (receipt: OfferReceipt) => void;
}) {
  const id = useId();
  // a criterion in two phases (a minimum in the specification, points in the award) is declared
  // once: one box, not two with the same id that check each other
  const criteria = lotCriteria.filter((c, i) => lotCriteria.findIndex((d) => d.code === c.code) === i);
  const submit = useSubmitOffer(tenderId);
  const [prices, setPrices] = useState<Record<string, string>>({});
  const [inputs, setInputs] = useState<Record<string, CriterionInput>>({});
  const [local, setLocal] = useState<Record<string, string>>({});
  const summaryRef = useRef<HTMLDivElement>(null);
  const input = (code: string): CriterionInput => inputs[code] ?? { declared: false, value: '', evidenceId: '' };
  const setInput = (code: string, change: Partial<CriterionInput>) =>
    setInputs((all) => ({ ...all, [code]: { ...input(code), ...change } }));

  // the API names fields by their index in what was sent: prices in item order, values and evidence as built
  const [sentCodes, setSentCodes] = useState<{ criteria: string[]; values: string[]; evidence: string[] }>({
    criteria: [],
    values: [],
    evidence: [],
  });
  const api = fieldErrors(submit.error?.problem);
  const priceError = (i: number, itemId: string) =>
    local[`price.${itemId}`] ?? errorsOf(api, `prices.${i}`) ?? (i === 0 ? api['prices'] : undefined);
  const criterionError = (code: string) =>
    [
      local[`value.${code}`],
      ...sentCodes.criteria.map((c, i) => (c === code ? errorsOf(api, `criteria.${i}`) : undefined)),
      ...sentCodes.values.map((c, i) => (c === code ? errorsOf(api, `values.${i}`) : undefined)),
    ]
      .filter(Boolean)
      .join(' ') || undefined;
  const evidenceError = (code: string) =>
    sentCodes.evidence
      .map((c, i) => (c === code ? errorsOf(api, `evidence.${i}`) : undefined))
      .filter(Boolean)
      .join(' ') || undefined;

  const send = (e: FormEvent) => {
    e.preventDefault();
    const problems: Record<string, string> = {};
    const offerPrices: NewOffer['prices'] = [];
    for (const item of lot.items) {
      const price = germanNumber(prices[item.id] ?? '');
      if (price === undefined) problems[`price.${item.id}`] = 'Bitte geben Sie einen Preis an.';
      else if (Number.isNaN(price) || price <= 0)
        problems[`price.${item.id}`] = 'Bitte geben Sie einen Preis über 0 an, z. B. 1.234,56.';
      else offerPrices.push({ itemId: item.id, unitPriceEur: price });
    }
    const declared: string[] = [];
    const values: NonNullable<NewOffer['values']> = [];
    const references: NonNullable<NewOffer['evidence']> = [];
    for (const c of criteria) {
      const given = input(c.code);
      if (isValued(c, catalogue)) {
        const value = germanNumber(given.value);
        if (value === undefined) continue;
        if (Number.isNaN(value)) {
          problems[`value.${c.code}`] = 'Bitte geben Sie eine Zahl an, z. B. 12,5.';
          continue;
        }
        values.push({ code: c.code, value });
      } else if (given.declared) declared.push(c.code);
      else continue;
      if (given.evidenceId) references.push({ code: c.code, evidenceId: given.evidenceId });
    }
    setLocal(problems);
    if (Object.keys(problems).length) {
      submit.reset();
      requestAnimationFrame(() => summaryRef.current?.focus());
      return;
    }
    setSentCodes({ criteria: declared, values: values.map((v) => v.code), evidence: references.map((r) => r.code) });
    submit.mutate(
      {
        lotId: lot.id,
        prices: offerPrices,
        criteria: declared,
        ...(values.length ? { values } : {}),
        ...(references.length ? { evidence: references } : {}),
      },
      {
        onSuccess: (receipt) => onReceipt(receipt),
        onError: () => requestAnimationFrame(() => summaryRef.current?.focus()),
      },
    );
  };

  const refused = Object.keys(local).length > 0 || submit.isError;
  return (
    <form onSubmit={send} noValidate className="kern-stack" aria-labelledby={`${id}-titel`}>
      <h3 className="kern-heading-small" id={`${id}-titel`}>
        {replacing ? 'Angebot ersetzen' : 'Angebot abgeben'}: {lot.title}
      </h3>
      <div ref={summaryRef} tabIndex={-1}>
        {refused && <OfferRefusedAlert error={submit.error} formError={api['lotId']} />}
      </div>
      <fieldset className="kern-fieldset">
        <legend className="kern-label">Preise (netto, in Euro je Einheit)</legend>
        <div className="kern-fieldset__body kern-stack">
          {lot.items.map((item, i) => (
            <TextField
              key={item.id}
              label={`Preis je ${unitLabel(item.unit)}: ${itemName(item)}`}
              hint={`Menge ${formatQuantity(item.quantity, item.unit)}; z. B. 28.750,50`}
              inputMode="decimal"
              autoComplete="off"
              value={prices[item.id] ?? ''}
              onChange={(e) => setPrices((p) => ({ ...p, [item.id]: e.target.value }))}
              error={priceError(i, item.id)}
            />
          ))}
        </div>
      </fieldset>
      {criteria.length > 0 && (
        <fieldset className="kern-fieldset">
          <legend className="kern-label">Kriterien und Nachweise</legend>
          <div className="kern-fieldset__body kern-stack">
            {criteria.map((c) => {
              const given = input(c.code);
              const valued = isValued(c, catalogue);
              const fitting = fittingEvidence(c.code, catalogue, evidence);
              const unit = c.unit ?? catalogue.get(c.code)?.parameter?.unit ?? '';
              const error = criterionError(c.code);
              return (
                <div key={c.code} className="kern-stack" data-testid={`kriterium-${c.code}`}>
                  {valued ? (
                    <TextField
                      label={`Ihr Wert${unit ? ` in ${unit}` : ''}: ${c.name}`}
                      hint={c.rule ?? 'Leer lassen, wenn Sie das Kriterium nicht erfüllen.'}
                      inputMode="decimal"
                      autoComplete="off"
                      value={given.value}
                      onChange={(e) => setInput(c.code, { value: e.target.value })}
                      error={error}
                    />
                  ) : (
                    <div className={`kern-form-check${error ? ' kern-form-check--error' : ''}`}>
                      <input
                        id={`${id}-${c.code}`}
                        type="checkbox"
                        className="kern-form-check__checkbox"
                        checked={given.declared}
                        aria-describedby={error ? `${id}-${c.code}-fehler` : undefined}
                        onChange={(e) => setInput(c.code, { declared: e.target.checked })}
                      />
                      <label className="kern-label" htmlFor={`${id}-${c.code}`}>
                        Erfüllt: {c.name}
                      </label>
                      {error && (
                        <p className="kern-error" id={`${id}-${c.code}-fehler`} role="alert">
                          <span className="kern-body">{error}</span>
                        </p>
                      )}
                    </div>
                  )}
                  {fitting.length > 0 && (
                    <div className="kern-form-input">
                      <label className="kern-label" htmlFor={`${id}-${c.code}-nachweis`}>
                        Nachweis aus Ihrem Profil: {c.name}
                      </label>
                      {evidenceError(c.code) && (
                        <p className="kern-error" id={`${id}-${c.code}-nachweis-fehler`} role="alert">
                          <span className="kern-body">{evidenceError(c.code)}</span>
                        </p>
                      )}
                      <select
                        id={`${id}-${c.code}-nachweis`}
                        className="kern-form-input__select"
                        value={given.evidenceId}
                        aria-describedby={evidenceError(c.code) ? `${id}-${c.code}-nachweis-fehler` : undefined}
                        onChange={(e) => setInput(c.code, { evidenceId: e.target.value })}
                      >
                        <option value="">kein Nachweis (Eigenerklärung)</option>
                        {fitting.map((ev) => (
                          <option key={ev.id} value={ev.id}>
                            {ev.kindLabel}: {ev.title} ({ev.issuer}, Nr. {ev.number})
                          </option>
                        ))}
                      </select>
                    </div>
                  )}
                </div>
              );
            })}
          </div>
        </fieldset>
      )}
      <div>
        <button type="submit" className="kern-btn kern-btn--primary" disabled={submit.isPending}>
          <span className="kern-label">
            {replacing ? 'Angebot ersetzen' : 'Angebot abgeben'}
            <span className="app-visually-hidden">: {lot.title}</span>
          </span>
        </button>
      </div>
    </form>
  );
}
