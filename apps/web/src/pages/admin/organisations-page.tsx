import { formatNumber } from '@buendel/domain/display';
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import {
  ORGANISATION_TYPE_LABELS,
  useCreateOrganisation,
  useOrganisations,
  type OrganisationType,
} from '../../api/admin';
import { fieldErrors } from '../../api/problem';
import { Alert } from '../../components/alert';
import { Pager } from '../../components/pager';
import { TextField } from '../../components/text-field';

const TYPES = Object.keys(ORGANISATION_TYPE_LABELS) as OrganisationType[];

/** The platform admin's organisations: search by name or AGS, by type, with pages; a new central purchasing body. */
export function OrganisationsPage() {
  const [params, setParams] = useSearchParams();
  const search = params.get('suche') ?? '';
  const type = (params.get('art') as OrganisationType | null) ?? undefined;
  const page = Number(params.get('seite') ?? '1') || 1;
  const organisations = useOrganisations({
    ...(search.trim().length >= 2 ? { search: search.trim() } : {}),
    ...(type ? { type } : {}),
    page,
  });
  useEffect(() => {
    document.title = 'Organisationen – Bündel';
  }, []);
  const set = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key !== 'seite') next.delete('seite');
    setParams(next, { replace: key === 'suche' });
  };
  const totalPages = organisations.data
    ? Math.max(1, Math.ceil(organisations.data.total / organisations.data.pageSize))
    : 1;
  return (
    <div className="kern-stack">
      <h1 className="kern-heading-large">Organisationen</h1>
      <section aria-labelledby="org-liste" className="kern-stack">
        <h2 className="kern-heading-medium" id="org-liste">
          Alle Organisationen
        </h2>
        <form
          role="search"
          aria-label="Organisationen suchen"
          className="kern-stack"
          onSubmit={(e) => e.preventDefault()}
        >
          <TextField
            label="Name oder AGS"
            hint="ab zwei Zeichen"
            type="search"
            value={search}
            onChange={(e) => set('suche', e.target.value || undefined)}
          />
          <div className="kern-form-input">
            <label className="kern-label" htmlFor="org-art">
              Art
            </label>
            <select
              id="org-art"
              className="kern-form-input__select"
              value={type ?? ''}
              onChange={(e) => set('art', e.target.value || undefined)}
            >
              <option value="">alle</option>
              {TYPES.map((t) => (
                <option key={t} value={t}>
                  {ORGANISATION_TYPE_LABELS[t]}
                </option>
              ))}
            </select>
          </div>
        </form>
        {organisations.isPending ? (
          <p className="kern-body" role="status">
            Organisationen werden geladen …
          </p>
        ) : organisations.isError ? (
          <Alert kind="danger" title={organisations.error.message} />
        ) : organisations.data.items.length === 0 ? (
          <p className="kern-body">Keine Organisationen gefunden.</p>
        ) : (
          <div className="kern-table-responsive">
            <table className="kern-table" data-testid="organisationen">
              <caption className="kern-title">
                {formatNumber(organisations.data.total)} Organisationen, Seite {organisations.data.page} von{' '}
                {formatNumber(totalPages)}
              </caption>
              <thead className="kern-table__head">
                <tr className="kern-table__row">
                  <th scope="col" className="kern-table__header">
                    Name
                  </th>
                  <th scope="col" className="kern-table__header">
                    Art
                  </th>
                  <th scope="col" className="kern-table__header">
                    AGS
                  </th>
                  <th scope="col" className="kern-table__header">
                    Kreisschlüssel
                  </th>
                  <th scope="col" className="kern-table__header kern-table__header--numeric">
                    Einwohner
                  </th>
                </tr>
              </thead>
              <tbody className="kern-table__body">
                {organisations.data.items.map((o) => (
                  <tr className="kern-table__row" key={o.id}>
                    <td className="kern-table__cell">
                      <Link className="kern-link" to={`/verwaltung/organisationen/${o.id}`}>
                        {o.name}
                      </Link>
                    </td>
                    <td className="kern-table__cell">{o.officialType ?? ORGANISATION_TYPE_LABELS[o.type]}</td>
                    <td className="kern-table__cell">{o.ags ?? '–'}</td>
                    <td className="kern-table__cell">{o.districtKey ?? '–'}</td>
                    <td className="kern-table__cell kern-table__cell--numeric">
                      {o.population === null ? '–' : formatNumber(o.population)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {organisations.data && <Pager page={page} totalPages={totalPages} onPage={(p) => set('seite', String(p))} />}
      </section>
      <NewPurchasingBodyForm />
    </div>
  );
}

function NewPurchasingBodyForm() {
  const create = useCreateOrganisation();
  const [name, setName] = useState('');
  const [districtKey, setDistrictKey] = useState('');
  const errors = fieldErrors(create.error?.problem);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(
      { type: 'central_purchasing_body', name, ...(districtKey.trim() ? { districtKey: districtKey.trim() } : {}) },
      {
        onSuccess: () => {
          setName('');
          setDistrictKey('');
        },
      },
    );
  };
  return (
    <section aria-labelledby="org-neu" className="kern-stack">
      <h2 className="kern-heading-medium" id="org-neu">
        Zentrale Beschaffungsstelle anlegen
      </h2>
      <p className="kern-body">
        Gemeinden, Kreise und Städte kommen aus den Referenzdaten; Lieferanten registrieren sich selbst.
      </p>
      <form onSubmit={submit} noValidate className="kern-stack">
        {create.isError && (
          <Alert
            kind="danger"
            title={create.error.status === 400 ? 'Bitte prüfen Sie die markierten Felder.' : create.error.message}
          />
        )}
        {create.isSuccess && (
          <Alert kind="success" title={`„${create.data.name}“ ist angelegt.`}>
            <p className="kern-body">
              <Link className="kern-link" to={`/verwaltung/organisationen/${create.data.id}`}>
                Benutzer und Koordination einrichten
              </Link>
            </p>
          </Alert>
        )}
        <TextField label="Name" value={name} onChange={(e) => setName(e.target.value)} error={errors['name']} />
        <TextField
          label="Kreisschlüssel des Sitzes (optional)"
          hint="fünf Ziffern, z. B. 14524"
          inputMode="numeric"
          value={districtKey}
          onChange={(e) => setDistrictKey(e.target.value)}
          error={errors['districtKey']}
        />
        <div>
          <button type="submit" className="kern-btn kern-btn--primary" disabled={create.isPending}>
            <span className="kern-label">Anlegen</span>
          </button>
        </div>
      </form>
    </section>
  );
}
