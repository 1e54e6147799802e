import { TENDER_PHASE_LABELS } from '@buendel/domain/display';
import { useId, useState } from 'react';
import { useCriteria } from '../../api/bundles';
import type { Tender, TenderCriterion, TenderCriterionView } from '../../api/tenders';
import type { components } from '../../api/schema';
import { Checkbox } from '../../components/form-fields';
import { TextField } from '../../components/text-field';
import { errorsOf, germanNumber } from '../../lib/form-input';

type Catalogue = components['schemas']['CriterionDto'];
type Phase = TenderCriterion['phase'];

/** a criterion as the form holds it: numbers as typed (German decimals) */
export interface CriterionRow {
  code: string;
  phase: Phase;
  lotKeys: string[];
  weight: string;
  value: string;
  floor: string;
  best: string;
  /** a rule the form does not edit (thresholds), kept as it is */
  kept?: TenderCriterion['scoring'];
  detail?: string;
}

export interface CriteriaForm {
  rows: CriterionRow[];
  priceWeight: string;
}

const typed = (n: number | null | undefined) => (n === null || n === undefined ? '' : String(n).replace('.', ','));

/** the form's state of the tender's criteria as they are stored */
export function criteriaFormOf(tender: Tender): CriteriaForm {
  return {
    priceWeight: typed(tender.priceWeight),
    rows: tender.criteria.map((c: TenderCriterionView) => ({
      code: c.code,
      phase: c.phase,
      lotKeys: c.lotKeys.length === tender.lots.length ? [] : [...c.lotKeys],
      weight: typed(c.weight),
      value: typed(c.value),
      floor: c.scoring?.rule === 'linear' ? typed(c.scoring.floor) : '',
      best: c.scoring?.rule === 'linear' ? typed(c.scoring.best) : '',
      ...(c.scoring && c.scoring.rule !== 'linear' ? { kept: c.scoring } : {}),
      ...(c.detail ? { detail: c.detail } : {}),
    })),
  };
}

const isValued = (entry: Catalogue | undefined) =>
  entry?.parameter?.type === 'percent' || entry?.parameter?.type === 'number';

/** the criteria as the API takes them (PATCH /tenders/{id}) */
export function criteriaBody(form: CriteriaForm, catalogue: readonly Catalogue[]) {
  const num = (text: string) => germanNumber(text);
  return {
    priceWeight: num(form.priceWeight) ?? 100,
    criteria: form.rows.map((r): TenderCriterion => {
      const valued = isValued(catalogue.find((c) => c.code === r.code));
      const award = r.phase === 'award';
      const floor = num(r.floor);
      const best = num(r.best);
      const value = num(r.value);
      return {
        code: r.code,
        phase: r.phase,
        ...(r.lotKeys.length ? { lotKeys: r.lotKeys } : {}),
        ...(award ? { weight: num(r.weight) ?? 0 } : {}),
        ...(!award && valued && value !== undefined ? { value } : {}),
        ...(award && valued && r.kept ? { scoring: r.kept } : {}),
        ...(award && valued && !r.kept && (floor !== undefined || best !== undefined)
          ? {
              scoring: {
                rule: 'linear' as const,
                ...(floor !== undefined ? { floor } : {}),
                ...(best !== undefined ? { best } : {}),
              },
            }
          : {}),
        ...(r.detail ? { detail: r.detail } : {}),
      };
    }),
  };
}

/** per lot: the price weight and the award criteria's weights on it, and whether they make 100 */
export function weightSums(tender: Tender, form: CriteriaForm) {
  const price = germanNumber(form.priceWeight) ?? 0;
  return tender.lots.map((lot) => {
    const award = form.rows.filter((r) => r.phase === 'award' && (!r.lotKeys.length || r.lotKeys.includes(lot.key)));
    const criteria = award.reduce((s, r) => s + (germanNumber(r.weight) || 0), 0);
    // a lot without award criteria is awarded on the price alone
    const total = award.length ? price + criteria : 100;
    return { lot, price: award.length ? price : 100, criteria, total, ok: Math.abs(total - 100) < 0.005 };
  });
}

// one formatter, not toLocaleString with options (which builds one per call)
const POINTS = new Intl.NumberFormat('de-DE', { maximumFractionDigits: 2 });
const points = (n: number) => POINTS.format(n);

/**
 * The criteria per phase and per lot: each with its lots (none chosen: every lot), an award
 * criterion's weight and, where it carries a value, its scoring rule (linear between a floor
 * and a best value); elsewhere the limit every offer must keep. The sum of the price weight
 * and the award weights of each lot is shown while it is typed: it has to make 100.
 */
export function DraftCriteria({
  tender,
  form,
  onChange,
  errors,
}: {
  tender: Tender;
  form: CriteriaForm;
  onChange: (form: CriteriaForm) => void;
  errors: Record<string, string>;
}) {
  const catalogue = useCriteria();
  const entries = catalogue.data?.items ?? [];
  const [adding, setAdding] = useState({ code: '', phase: '' as Phase | '' });
  const addId = useId();
  const set = (i: number, change: Partial<CriterionRow>) =>
    onChange({ ...form, rows: form.rows.map((r, j) => (j === i ? { ...r, ...change } : r)) });
  const chosen = entries.find((c) => c.code === adding.code);
  const sums = weightSums(tender, form);
  return (
    <section aria-labelledby="kriterien-ueberschrift" className="kern-stack">
      <h2 className="kern-heading-medium" id="kriterien-ueberschrift">
        Kriterien je Phase und Los
      </h2>
      <TextField
        label="Gewicht des Preises (Punkte von 100)"
        inputMode="decimal"
        value={form.priceWeight}
        onChange={(e) => onChange({ ...form, priceWeight: e.target.value })}
        error={errors['priceWeight']}
      />
      <div aria-live="polite" data-testid="gewichtssummen">
        <ul className="kern-list">
          {sums.map((s) => (
            <li key={s.lot.id} className={s.ok ? '' : 'app-reasons'}>
              {s.lot.title}: Preis {points(s.price)} + Zuschlagskriterien {points(s.criteria)} ={' '}
              <strong>{points(s.total)} von 100 Punkten</strong>
              {s.ok
                ? ' – stimmt'
                : ` – es ${s.total < 100 ? 'fehlen' : 'sind'} ${points(Math.abs(100 - s.total))} Punkte ${s.total < 100 ? '' : 'zu viel'}`}
            </li>
          ))}
        </ul>
      </div>
      {errorsOf(errors, 'criteria') && !form.rows.some((_, i) => errorsOf(errors, `criteria.${i}`)) && (
        <p className="kern-error" role="alert">
          <span className="kern-body">{errorsOf(errors, 'criteria')}</span>
        </p>
      )}
      {form.rows.length === 0 && (
        <p className="kern-body">Noch keine Kriterien: der Zuschlag ginge allein nach dem Preis.</p>
      )}
      {form.rows.map((row, i) => {
        const entry = entries.find((c) => c.code === row.code);
        const valued = isValued(entry);
        const unit = entry?.parameter?.unit ?? '';
        const name = entry?.name.de ?? row.code;
        const at = `criteria.${i}`;
        return (
          <fieldset
            key={`${row.code}-${row.phase}-${i}`}
            className="kern-fieldset"
            data-testid={`kriterium-${row.code}-${row.phase}`}
          >
            <legend className="kern-label">
              {name} – {TENDER_PHASE_LABELS[row.phase]}
            </legend>
            <div className="kern-fieldset__body kern-stack">
              {errors[at] && (
                <p className="kern-error" role="alert">
                  <span className="kern-body">{errors[at]}</span>
                </p>
              )}
              {errors[`${at}.code`] && (
                <p className="kern-error" role="alert">
                  <span className="kern-body">{errors[`${at}.code`]}</span>
                </p>
              )}
              <fieldset className={`kern-fieldset${errors[`${at}.lotKeys`] ? ' kern-fieldset--error' : ''}`}>
                <legend className="kern-label">Gilt für die Lose (keines gewählt: alle)</legend>
                {errorsOf(errors, `${at}.lotKeys`) && (
                  <p className="kern-error" role="alert">
                    <span className="kern-body">{errorsOf(errors, `${at}.lotKeys`)}</span>
                  </p>
                )}
                <div className="kern-fieldset__body">
                  {tender.lots.map((lot) => (
                    <Checkbox
                      key={lot.key}
                      label={`${lot.title} (${lot.key})`}
                      checked={row.lotKeys.includes(lot.key)}
                      onChange={() =>
                        set(i, {
                          lotKeys: row.lotKeys.includes(lot.key)
                            ? row.lotKeys.filter((k) => k !== lot.key)
                            : [...row.lotKeys, lot.key],
                        })
                      }
                    />
                  ))}
                </div>
              </fieldset>
              {row.phase === 'award' && (
                <TextField
                  label={`Gewicht von „${name}“ (Punkte)`}
                  inputMode="decimal"
                  value={row.weight}
                  onChange={(e) => set(i, { weight: e.target.value })}
                  error={errors[`${at}.weight`]}
                />
              )}
              {row.phase !== 'award' && valued && (
                <TextField
                  label={`Grenzwert von „${name}“${unit ? ` (${unit})` : ''}`}
                  hint={entry?.parameter?.label.de}
                  inputMode="decimal"
                  value={row.value}
                  onChange={(e) => set(i, { value: e.target.value })}
                  error={errors[`${at}.value`]}
                />
              )}
              {row.phase === 'award' && valued && !row.kept && (
                <>
                  <TextField
                    label={`${name}: Wert ohne Punkte${unit ? ` (${unit})` : ''}`}
                    hint="Linear: bis zu diesem Wert 0 Punkte, dazwischen anteilig."
                    inputMode="decimal"
                    value={row.floor}
                    onChange={(e) => set(i, { floor: e.target.value })}
                    error={errorsOf(errors, `${at}.scoring.floor`) ?? errorsOf(errors, `${at}.scoring`)}
                  />
                  <TextField
                    label={`${name}: Wert für volle Punkte${unit ? ` (${unit})` : ''}`}
                    inputMode="decimal"
                    value={row.best}
                    onChange={(e) => set(i, { best: e.target.value })}
                    error={errors[`${at}.scoring.best`]}
                  />
                </>
              )}
              {row.kept && (
                <p className="kern-body">
                  Schwellen:{' '}
                  {(row.kept.thresholds ?? [])
                    .map((t) => `ab ${typed(t.value)} ${unit}: ${typed(t.points)} Punkte`)
                    .join('; ')}
                </p>
              )}
              <div className="kern-btn-wrapper">
                <button
                  type="button"
                  className="kern-btn kern-btn--tertiary"
                  onClick={() => onChange({ ...form, rows: form.rows.filter((_, j) => j !== i) })}
                >
                  <span className="kern-label">
                    {name} ({TENDER_PHASE_LABELS[row.phase]}) entfernen
                  </span>
                </button>
              </div>
            </div>
          </fieldset>
        );
      })}
      <fieldset className="kern-fieldset">
        <legend className="kern-label">Kriterium hinzufügen</legend>
        <div className="kern-fieldset__body kern-stack">
          <div className="kern-form-input">
            <label className="kern-label" htmlFor={`${addId}-code`}>
              Kriterium aus dem Katalog
            </label>
            <select
              id={`${addId}-code`}
              className="kern-form-input__select"
              value={adding.code}
              onChange={(e) => {
                const entry = entries.find((c) => c.code === e.target.value);
                setAdding({ code: e.target.value, phase: entry?.phases[0] ?? '' });
              }}
            >
              <option value="">bitte wählen</option>
              {entries.map((c) => (
                <option key={c.code} value={c.code}>
                  {c.name.de} ({c.code})
                </option>
              ))}
            </select>
          </div>
          <div className="kern-form-input">
            <label className="kern-label" htmlFor={`${addId}-phase`}>
              Phase
            </label>
            <select
              id={`${addId}-phase`}
              className="kern-form-input__select"
              value={adding.phase}
              disabled={!chosen}
              onChange={(e) => setAdding((a) => ({ ...a, phase: e.target.value as Phase }))}
            >
              {(chosen?.phases ?? []).map((p) => (
                <option key={p} value={p}>
                  {TENDER_PHASE_LABELS[p]}
                </option>
              ))}
            </select>
          </div>
          <div className="kern-btn-wrapper">
            <button
              type="button"
              className="kern-btn kern-btn--secondary"
              disabled={!chosen || !adding.phase}
              onClick={() => {
                if (!adding.phase) return;
                onChange({
                  ...form,
                  rows: [
                    ...form.rows,
                    { code: adding.code, phase: adding.phase, lotKeys: [], weight: '', value: '', floor: '', best: '' },
                  ],
                });
                setAdding({ code: '', phase: '' });
              }}
            >
              <span className="kern-label">Kriterium hinzufügen</span>
            </button>
          </div>
        </div>
      </fieldset>
    </section>
  );
}
