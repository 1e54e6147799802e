import { useEffect, useState, type FormEvent } from 'react';
import { useOwnOrganisation, useSetOrganisationContact, type OrganisationContact } from '../../api/organisation';
import { ApiError, fieldErrors } from '../../api/problem';
import { Alert } from '../../components/alert';
import { TextField } from '../../components/text-field';
import { useCurrentUser } from '../../lib/current-user';

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
