import { useEffect, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useCoordinatedDistricts, useCreateBundle, useCriteria, type NewBundle } from '../../api/bundles';
import { useDistrictNames } from '../../api/districts';
import { ApiError, fieldErrors } from '../../api/problem';
import { Alert } from '../../components/alert';
import { Checkbox, CheckboxGroup, TextAreaField } from '../../components/form-fields';
import { DeliveryWindowFields } from '../../components/delivery-window-fields';
import { TextField } from '../../components/text-field';
import { berlinInstant } from '../../lib/berlin-time';
import { useCurrentUser } from '../../lib/current-user';
import { errorsOf, germanNumber } from '../../lib/form-input';

/** "3414, 3115" → ["3414", "3115"] */
const list = (text: string) =>
  text
    .split(/[,;\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * A coordinator opens a bundle: title, CPV scope, the districts it covers (of those the
 * organisation coordinates), the opt-in deadline (Berlin time), the delivery window and the
 * mandatory criteria from the catalogue. The API's reasons stand beside each field.
 */
export function NewBundlePage() {
  const me = useCurrentUser();
  const navigate = useNavigate();
  const create = useCreateBundle();
  const districts = useCoordinatedDistricts(me.organisation.id);
  const criteria = useCriteria();
  const [form, setForm] = useState({
    title: '',
    description: '',
    cpvPrefix: '',
    additionalCpvPrefixes: '',
    deadlineDate: '',
    deadlineTime: '12:00',
    deliveryFrom: '',
    deliveryTo: '',
    minParticipants: '',
    targetValueEur: '',
  });
  const [chosenDistricts, setChosenDistricts] = useState<string[]>();
  const [mandatory, setMandatory] = useState<string[]>([]);
  const [localError, setLocalError] = useState<Record<string, string>>({});
  useEffect(() => {
    document.title = 'Bündel anlegen – Bündel';
  }, []);
  const allDistricts = districts.data?.coordinatedDistrictKeys ?? [];
  const selected = chosenDistricts ?? allDistricts;
  const districtName = useDistrictNames(allDistricts);
  const errors = { ...fieldErrors(create.error instanceof ApiError ? create.error.problem : undefined), ...localError };
  const set = (key: keyof typeof form) => (value: string) => setForm((f) => ({ ...f, [key]: value }));
  const toggle = (values: string[], value: string) =>
    values.includes(value) ? values.filter((v) => v !== value) : [...values, value];

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const joinDeadline = berlinInstant(form.deadlineDate, form.deadlineTime);
    if (!joinDeadline) {
      setLocalError({ joinDeadline: 'Bitte geben Sie Tag und Uhrzeit der Beitrittsfrist an.' });
      return;
    }
    setLocalError({});
    const minParticipants = germanNumber(form.minParticipants);
    const targetValueEur = germanNumber(form.targetValueEur);
    const body: NewBundle = {
      title: form.title.trim(),
      cpvPrefix: form.cpvPrefix.trim(),
      joinDeadline,
      deliveryFrom: form.deliveryFrom,
      deliveryTo: form.deliveryTo,
      districtKeys: selected,
      mandatoryCriteria: mandatory,
      ...(form.description.trim() ? { description: form.description.trim() } : {}),
      ...(list(form.additionalCpvPrefixes).length ? { additionalCpvPrefixes: list(form.additionalCpvPrefixes) } : {}),
      ...(minParticipants !== undefined ? { minParticipants } : {}),
      ...(targetValueEur !== undefined ? { targetValueEur } : {}),
    };
    create.mutate(body, { onSuccess: (bundle) => void navigate(`/buendel/${bundle.id}`) });
  };

  return (
    <div className="kern-stack">
      <h1 className="kern-heading-large">Bündel anlegen</h1>
      <form onSubmit={onSubmit} noValidate className="kern-stack">
        {create.isError && <Alert kind="danger" title={create.error.message} />}
        <TextField
          label="Titel"
          value={form.title}
          onChange={(e) => set('title')(e.target.value)}
          error={errors['title']}
        />
        <TextAreaField
          label="Beschreibung (freiwillig)"
          value={form.description}
          onChange={set('description')}
          error={errors['description']}
        />
        <TextField
          label="CPV-Bereich"
          hint="Ein CPV-Präfix mit 2 bis 8 Ziffern (z. B. 3414 für Kraftfahrzeuge) oder ein ganzer Code."
          inputMode="numeric"
          value={form.cpvPrefix}
          onChange={(e) => set('cpvPrefix')(e.target.value)}
          error={errors['cpvPrefix']}
        />
        <TextField
          label="Weitere CPV-Bereiche (freiwillig)"
          hint="Durch Komma getrennt, z. B. 3115 für Ladestationen."
          value={form.additionalCpvPrefixes}
          onChange={(e) => set('additionalCpvPrefixes')(e.target.value)}
          error={errorsOf(errors, 'additionalCpvPrefixes')}
        />
        <CheckboxGroup
          legend="Kreise"
          hint="Die Kreise, die Ihre Organisation koordiniert; das Bündel steht Organisationen aus diesen Kreisen offen."
          error={errorsOf(errors, 'districtKeys')}
        >
          {districts.isPending && <p className="kern-body">Kreise werden geladen …</p>}
          {allDistricts.map((key) => (
            <Checkbox
              key={key}
              label={districtName(key)}
              checked={selected.includes(key)}
              onChange={() => setChosenDistricts(toggle(selected, key))}
            />
          ))}
        </CheckboxGroup>
        <fieldset className="kern-fieldset">
          <legend className="kern-label">Beitrittsfrist (Berliner Zeit)</legend>
          <div className="kern-fieldset__body kern-stack">
            <TextField
              label="Tag"
              type="date"
              value={form.deadlineDate}
              onChange={(e) => set('deadlineDate')(e.target.value)}
              error={errors['joinDeadline']}
            />
            <TextField
              label="Uhrzeit"
              type="time"
              value={form.deadlineTime}
              onChange={(e) => set('deadlineTime')(e.target.value)}
            />
          </div>
        </fieldset>
        <DeliveryWindowFields
          from={form.deliveryFrom}
          to={form.deliveryTo}
          onChange={(field, value) => set(field)(value)}
          errors={errors}
        />
        <CheckboxGroup
          legend="Pflichtkriterien (freiwillig)"
          hint="Kriterien aus dem Katalog, die jede beteiligte Organisation übernimmt."
          error={errorsOf(errors, 'mandatoryCriteria')}
        >
          {criteria.isPending && <p className="kern-body">Kriterien werden geladen …</p>}
          {(criteria.data?.items ?? []).map((c) => (
            <Checkbox
              key={c.code}
              label={`${c.name.de} (${c.legalReference})`}
              checked={mandatory.includes(c.code)}
              onChange={() => setMandatory(toggle(mandatory, c.code))}
            />
          ))}
        </CheckboxGroup>
        <TextField
          label="Mindestzahl Beteiligter (freiwillig)"
          inputMode="numeric"
          value={form.minParticipants}
          onChange={(e) => set('minParticipants')(e.target.value)}
          error={errors['minParticipants']}
        />
        <TextField
          label="Zielwert (netto, €, freiwillig)"
          inputMode="decimal"
          value={form.targetValueEur}
          onChange={(e) => set('targetValueEur')(e.target.value)}
          error={errors['targetValueEur']}
        />
        <div className="kern-btn-wrapper">
          <button type="submit" className="kern-btn kern-btn--primary" disabled={create.isPending}>
            <span className="kern-label">Bündel anlegen</span>
          </button>
        </div>
      </form>
    </div>
  );
}
