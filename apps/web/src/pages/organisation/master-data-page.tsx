import { useEffect, useState, type FormEvent } from 'react';
import { formatEur, formatNumber } from '@buendel/domain/display';
import {
  useOwnOrganisation,
  useSetJoinMandateRule,
  useSetOrganisationContact,
  type OrganisationContact,
} from '../../api/organisation';
import { ApiError, fieldErrors } from '../../api/problem';
import { Alert } from '../../components/alert';
import { TextField } from '../../components/text-field';
import { useCurrentUser } from '../../lib/current-user';
import { germanNumber } from '../../lib/form-input';

interface PostalAddress {
  street: string;
  postalCode: string;
  city: string;
  country: string;
}

const COMPANY_SIZES = [
  ['micro', 'Kleinstunternehmen'],
  ['small', 'Kleines Unternehmen'],
  ['medium', 'Mittleres Unternehmen'],
  ['large', 'Großunternehmen'],
] as const;

interface Form {
  street: string;
  postalCode: string;
  city: string;
  contactName: string;
  contactEmail: string;
  contactPhone: string;
  website: string;
  nuts3: string;
  companySize: string;
}

/**
 * The master data of the user's own organisation (Stammdaten): the postal address and the
 * procurement office as contact point, which the public notices (eForms) name; the publish
 * check of a tender sends coordinators here. A supplier also sets its NUTS-3 region and size.
 */
export function MasterDataPage() {
  const me = useCurrentUser();
  const organisation = useOwnOrganisation(me.organisation.id);
  useEffect(() => {
    document.title = 'Stammdaten – Bündel';
  }, []);
  return (
    <div className="kern-stack">
      <hgroup className="kern-hgroup">
        <h1 className="kern-heading-large">Stammdaten</h1>
        <p className="kern-subline">{me.organisation.name}</p>
      </hgroup>
      <p className="kern-body">
        Anschrift und Kontaktstelle Ihrer Organisation, wie die Bekanntmachungen (eForms) sie nennen. Eine Ausschreibung
        lässt sich erst veröffentlichen, wenn sie für jede beteiligte Organisation vollständig sind.
      </p>
      {organisation.isPending ? (
        <p className="kern-body" role="status">
          Stammdaten werden geladen …
        </p>
      ) : organisation.isError ? (
        <Alert kind="danger" title={organisation.error.message} />
      ) : (
        <MasterDataForm
          id={me.organisation.id}
          supplier={organisation.data.type === 'supplier'}
          initial={{
            ...((organisation.data.address as PostalAddress | undefined) ?? { street: '', postalCode: '', city: '' }),
            contactName: organisation.data.contactName ?? '',
            contactEmail: organisation.data.contactEmail ?? '',
            contactPhone: organisation.data.contactPhone ?? '',
            website: organisation.data.website ?? '',
            nuts3: organisation.data.nuts3 ?? '',
            companySize: organisation.data.companySize ?? '',
          }}
        />
      )}
      {organisation.isSuccess &&
        organisation.data.type !== 'supplier' &&
        (me.role === 'buyer' || me.role === 'coordinator') && (
          <JoinMandateSection id={me.organisation.id} aboveEur={organisation.data.joinMandateAboveEur} />
        )}
    </div>
  );
}

function MasterDataForm({ id, supplier, initial }: { id: string; supplier: boolean; initial: Form }) {
  const save = useSetOrganisationContact(id);
  const [form, setForm] = useState<Form>(initial);
  const errors = fieldErrors(save.error instanceof ApiError ? save.error.problem : undefined);
  const field = (name: keyof Form) => ({
    value: form[name],
    onChange: (e: { target: { value: string } }) => {
      save.reset();
      setForm((f) => ({ ...f, [name]: e.target.value }));
    },
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const text = (v: string) => (v.trim() ? v.trim() : undefined);
    const body: OrganisationContact = {
      address: {
        street: form.street.trim(),
        postalCode: form.postalCode.trim(),
        city: form.city.trim(),
        country: 'DE',
      },
    };
    const optional = {
      contactName: form.contactName,
      contactEmail: form.contactEmail,
      contactPhone: form.contactPhone,
    };
    for (const [key, value] of Object.entries(optional)) if (text(value)) Object.assign(body, { [key]: text(value) });
    if (text(form.website)) body.website = text(form.website);
    if (supplier && text(form.nuts3)) body.nuts3 = text(form.nuts3)?.toUpperCase();
    if (supplier && form.companySize) body.companySize = form.companySize as OrganisationContact['companySize'];
    save.mutate(body);
  };
  return (
    <form onSubmit={onSubmit} className="kern-stack" noValidate>
      {save.isError && <Alert kind="danger" title={save.error.message} />}
      <fieldset className="kern-fieldset">
        <legend className="kern-label">Anschrift</legend>
        <div className="kern-fieldset__body kern-stack">
          <TextField
            label="Straße und Hausnummer"
            autoComplete="street-address"
            {...field('street')}
            error={errors['address.street']}
          />
          <TextField
            label="Postleitzahl"
            inputMode="numeric"
            autoComplete="postal-code"
            {...field('postalCode')}
            error={errors['address.postalCode']}
          />
          <TextField label="Ort" autoComplete="address-level2" {...field('city')} error={errors['address.city']} />
          {supplier && (
            <TextField
              label="NUTS-3-Region"
              hint="Der Code der Region Ihrer Anschrift, z. B. DED41 für Chemnitz."
              {...field('nuts3')}
              error={errors['nuts3']}
            />
          )}
        </div>
      </fieldset>
      <fieldset className="kern-fieldset">
        <legend className="kern-label">Kontaktstelle</legend>
        <div className="kern-fieldset__body kern-stack">
          <TextField
            label="Bezeichnung (z. B. Zentrale Vergabestelle)"
            {...field('contactName')}
            error={errors['contactName']}
          />
          <TextField
            label="E-Mail-Adresse"
            type="email"
            autoComplete="email"
            {...field('contactEmail')}
            error={errors['contactEmail']}
          />
          <TextField
            label="Telefon"
            type="tel"
            autoComplete="tel"
            hint="z. B. +49 375 4402-0"
            {...field('contactPhone')}
            error={errors['contactPhone']}
          />
          <TextField label="Internetseite (freiwillig)" type="url" {...field('website')} error={errors['website']} />
        </div>
      </fieldset>
      {supplier && (
        <div className="kern-form-input">
          <label className="kern-label" htmlFor="unternehmensgroesse">
            Unternehmensgröße
          </label>
          <select
            id="unternehmensgroesse"
            className="kern-form-input__select"
            value={form.companySize}
            onChange={field('companySize').onChange}
          >
            <option value="">bitte wählen</option>
            {COMPANY_SIZES.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
          {errors['companySize'] && (
            <p className="kern-error" role="alert">
              <span className="kern-body">{errors['companySize']}</span>
            </p>
          )}
        </div>
      )}
      {save.isSuccess && <Alert kind="success" title="Die Stammdaten sind gespeichert." />}
      <div className="kern-btn-wrapper">
        <button type="submit" className="kern-btn kern-btn--primary" disabled={save.isPending}>
          <span className="kern-label">Stammdaten speichern</span>
        </button>
      </div>
    </form>
  );
}

/**
 * A public body's rule for the mandate to join (Beschluss von Rat oder Bürgermeister): above the
 * value it sets, its join to a bundle is provisional until the decision is recorded. Empty: none needed.
 */
function JoinMandateSection({ id, aboveEur }: { id: string; aboveEur: number | undefined }) {
  const save = useSetJoinMandateRule(id);
  const [text, setText] = useState(aboveEur === undefined ? '' : formatNumber(aboveEur));
  const errors = fieldErrors(save.error instanceof ApiError ? save.error.problem : undefined);
  const send = (value: number | string | null) =>
    save.mutate(value, {
      onSuccess: (data) =>
        setText(data.joinMandateAboveEur === undefined ? '' : formatNumber(data.joinMandateAboveEur)),
    });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const n = germanNumber(text);
    // empty: no decision needed; no number: sent as typed, so that the API names the format
    send(n === undefined ? null : Number.isNaN(n) ? text : n);
  };
  return (
    <section aria-labelledby="beschluss-ueberschrift" className="kern-stack">
      <h2 className="kern-heading-medium" id="beschluss-ueberschrift">
        Beschluss für den Beitritt (Rat/Bürgermeister)
      </h2>
      <p className="kern-body">
        Ist der Wert Ihrer Bedarfe in einer Bündelung höher als dieser Betrag (netto), gilt Ihr Beitritt nur vorläufig,
        bis Sie den Beschluss Ihres Rats oder Ihres Bürgermeisters hinterlegen; die Regel gilt für Beitritte ab ihrer
        Festlegung.
      </p>
      <p className="kern-body" data-testid="beschluss-regel">
        {aboveEur === undefined
          ? 'Derzeit ist für keinen Beitritt ein Beschluss nötig.'
          : `Derzeit braucht ein Beitritt über ${formatEur(aboveEur)} einen Beschluss.`}
      </p>
      <form onSubmit={onSubmit} className="kern-stack" noValidate>
        {save.isError && !errors['aboveEur'] && <Alert kind="danger" title={save.error.message} />}
        <TextField
          label="Beschluss nötig ab einem Wert über (Euro, netto)"
          hint="z. B. 100.000 oder 1.234,56; leer lassen, wenn kein Beschluss nötig ist."
          inputMode="decimal"
          value={text}
          onChange={(e) => {
            save.reset();
            setText(e.target.value);
          }}
          error={errors['aboveEur']}
        />
        {save.isSuccess && (
          <Alert
            kind="success"
            title={
              save.data.joinMandateAboveEur === undefined
                ? 'Die Regel ist entfernt: kein Beitritt braucht einen Beschluss.'
                : 'Die Regel für den Beschluss ist gespeichert.'
            }
          />
        )}
        <div className="kern-btn-wrapper">
          <button type="submit" className="kern-btn kern-btn--primary" disabled={save.isPending}>
            <span className="kern-label">Regel speichern</span>
          </button>
          {aboveEur !== undefined && (
            <button
              type="button"
              className="kern-btn kern-btn--secondary"
              disabled={save.isPending}
              onClick={() => send(null)}
            >
              <span className="kern-label">Regel entfernen</span>
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
