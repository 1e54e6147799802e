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
import { DataTable, QueryList } from '../../components/data-table';
import { DistrictNames } from '../../components/district-names';
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
        <QueryList
          query={organisations}
          loading="Organisationen werden geladen …"
          empty={(data) => (data.items.length === 0 ? 'Keine Organisationen gefunden.' : undefined)}
        >
          {(data) => (
            <DataTable
              caption={`${formatNumber(data.total)} Organisationen, Seite ${data.page} von ${formatNumber(totalPages)}`}
              testId="organisationen"
              rows={data.items}
              rowKey={(o) => o.id}
              columns={[
                {
                  header: 'Name',
                  cell: (o) => (
                    <Link className="kern-link" to={`/verwaltung/organisationen/${o.id}`}>
                      {o.name}
                    </Link>
                  ),
                },
                { header: 'Art', cell: (o) => o.officialType ?? ORGANISATION_TYPE_LABELS[o.type] },
                { header: 'AGS', cell: (o) => o.ags ?? '–' },
                { header: 'Kreis', cell: (o) => <DistrictNames keys={o.districtKey ? [o.districtKey] : []} /> },
                {
                  header: 'Einwohner',
                  numeric: true,
                  cell: (o) => (o.population === null ? '–' : formatNumber(o.population)),
                },
              ]}
            />
          )}
        </QueryList>
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
