import { formatDate, ROLE_LABELS } from '@buendel/domain/display';
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import {
  ORGANISATION_TYPE_LABELS,
  useCreateUser,
  useOrganisation,
  useSetUserActive,
  useUsers,
  type NewUser,
} from '../../api/admin';
import { fieldErrors } from '../../api/problem';
import { Alert } from '../../components/alert';
import { DataTable, QueryList } from '../../components/data-table';
import { DistrictNames } from '../../components/district-names';
import { Pager } from '../../components/pager';
import { TextField } from '../../components/text-field';
import { CoordinatedDistricts } from './coordinated-districts';

/** One organisation for the platform admin: its data, its users (create, deactivate, reactivate), its coordinated districts. */
export function OrganisationPage() {
  const { id = '' } = useParams();
  const organisation = useOrganisation(id);
  useEffect(() => {
    if (organisation.data) document.title = `${organisation.data.name} – Bündel`;
  }, [organisation.data]);
  if (organisation.isPending)
    return (
      <p className="kern-body" role="status">
        Wird geladen …
      </p>
    );
  if (organisation.isError) return <Alert kind="danger" title={organisation.error.message} />;
  const o = organisation.data;
  return (
    <div className="kern-stack">
      <p className="kern-body">
        <Link className="kern-link" to="/verwaltung/organisationen">
          Alle Organisationen
        </Link>
      </p>
      <h1 className="kern-heading-large">{o.name}</h1>
      <dl className="kern-description-list">
        <div className="kern-description-list-item">
          <dt className="kern-description-list-item__key">Art</dt>
          <dd className="kern-description-list-item__value">{ORGANISATION_TYPE_LABELS[o.type]}</dd>
        </div>
        {o.ags && (
          <div className="kern-description-list-item">
            <dt className="kern-description-list-item__key">AGS</dt>
            <dd className="kern-description-list-item__value">{o.ags}</dd>
          </div>
        )}
        {o.districtKey && (
          <div className="kern-description-list-item">
            <dt className="kern-description-list-item__key">Kreis</dt>
            <dd className="kern-description-list-item__value">
              <DistrictNames keys={[o.districtKey]} /> (Kreisschlüssel {o.districtKey})
            </dd>
          </div>
        )}
        {o.vatId && (
          <div className="kern-description-list-item">
            <dt className="kern-description-list-item__key">USt-IdNr.</dt>
            <dd className="kern-description-list-item__value">{o.vatId}</dd>
          </div>
        )}
      </dl>
      <Users organisationId={o.id} supplier={o.type === 'supplier'} />
      {o.type !== 'supplier' && (
        <CoordinatedDistricts organisationId={o.id} organisationName={o.name} assignable={o.type !== 'district'} />
      )}
    </div>
  );
}

function Users({ organisationId, supplier }: { organisationId: string; supplier: boolean }) {
  const [page, setPage] = useState(1);
  const users = useUsers(organisationId, page);
  const setActive = useSetUserActive(organisationId);
  const totalPages = users.data ? Math.max(1, Math.ceil(users.data.total / users.data.pageSize)) : 1;
  return (
    <section aria-labelledby="benutzer" className="kern-stack">
      <h2 className="kern-heading-medium" id="benutzer">
        Benutzer
      </h2>
      {setActive.isError && <Alert kind="danger" title={setActive.error.message} />}
      <QueryList
        query={users}
        loading="Benutzer werden geladen …"
        empty={(data) => (data.items.length === 0 ? 'Noch keine Benutzer.' : undefined)}
      >
        {(data) => (
          <DataTable
            caption={`${data.total} Benutzer`}
            testId="benutzer"
            rows={data.items}
            rowKey={(u) => u.id}
            columns={[
              { header: 'Name', cell: (u) => u.name },
              { header: 'E-Mail-Adresse', cell: (u) => u.email },
              { header: 'Rolle', cell: (u) => ROLE_LABELS[u.role] },
              { header: 'Angelegt am', cell: (u) => formatDate(u.createdAt) },
              { header: 'Status', cell: (u) => (u.active ? 'aktiv' : 'deaktiviert') },
              {
                header: 'Aktion',
                action: true,
                cell: (u) => (
                  <button
                    type="button"
                    className="kern-btn kern-btn--tertiary kern-btn--x-small"
                    disabled={setActive.isPending}
                    onClick={() => setActive.mutate({ userId: u.id, active: !u.active })}
                  >
                    <span className="kern-label">
                      {u.active ? 'Deaktivieren' : 'Reaktivieren'}
                      <span className="app-visually-hidden">: {u.email}</span>
                    </span>
                  </button>
                ),
              },
            ]}
          />
        )}
      </QueryList>
      {users.data && <Pager page={page} totalPages={totalPages} onPage={setPage} />}
      <NewUserForm organisationId={organisationId} supplier={supplier} />
    </section>
  );
}

function NewUserForm({ organisationId, supplier }: { organisationId: string; supplier: boolean }) {
  const create = useCreateUser(organisationId);
  const roles: Array<NewUser['role']> = supplier ? ['supplier'] : ['buyer', 'coordinator', 'admin'];
  const [form, setForm] = useState<NewUser>({ name: '', email: '', password: '', role: roles[0] ?? 'buyer' });
  const errors = fieldErrors(create.error?.problem);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(form, { onSuccess: () => setForm((f) => ({ ...f, name: '', email: '', password: '' })) });
  };
  return (
    <form onSubmit={submit} noValidate className="kern-stack" aria-labelledby="benutzer-neu">
      <h3 className="kern-heading-small" id="benutzer-neu">
        Benutzer anlegen
      </h3>
      {create.isError && (
        <Alert
          kind="danger"
          title={create.error.status === 400 ? 'Bitte prüfen Sie die markierten Felder.' : create.error.message}
        />
      )}
      {create.isSuccess && <Alert kind="success" title={`${create.data.email} ist angelegt.`} />}
      <TextField
        label="Name"
        autoComplete="off"
        value={form.name}
        onChange={(e) => setForm((f) => ({ ...f, name: e.target.value }))}
        error={errors['name']}
      />
      <TextField
        label="E-Mail-Adresse"
        type="email"
        autoComplete="off"
        value={form.email}
        onChange={(e) => setForm((f) => ({ ...f, email: e.target.value }))}
        error={errors['email']}
      />
      <TextField
        label="Erstes Passwort"
        type="password"
        autoComplete="new-password"
        hint="Mindestens 12 Zeichen; teilen Sie es der Person auf sicherem Weg mit."
        value={form.password}
        onChange={(e) => setForm((f) => ({ ...f, password: e.target.value }))}
        error={errors['password']}
      />
      <div className="kern-form-input">
        <label className="kern-label" htmlFor={`${organisationId}-rolle`}>
          Rolle
        </label>
        <select
          id={`${organisationId}-rolle`}
          className="kern-form-input__select"
          value={form.role}
          onChange={(e) => setForm((f) => ({ ...f, role: e.target.value as NewUser['role'] }))}
        >
          {roles.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABELS[r]}
            </option>
          ))}
        </select>
      </div>
      <div>
        <button type="submit" className="kern-btn kern-btn--primary" disabled={create.isPending}>
          <span className="kern-label">Benutzer anlegen</span>
        </button>
      </div>
    </form>
  );
}
