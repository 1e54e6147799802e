import { useState, type FormEvent } from 'react';
import { useAssignDistricts, useCoordinatedDistricts, useRemoveDistrict } from '../../api/admin';
import { useDistrictNames } from '../../api/districts';
import { fieldErrors } from '../../api/problem';
import { Alert } from '../../components/alert';
import { DistrictField } from '../../components/district-field';

/** the districts an organisation coordinates: its own (a district, a city) and those an admin assigned; assign, remove */
export function CoordinatedDistricts({
  organisationId,
  organisationName,
  assignable,
}: {
  organisationId: string;
  organisationName: string;
  /** districts and suppliers coordinate nothing but themselves: no assignment */
  assignable: boolean;
}) {
  const districts = useCoordinatedDistricts(organisationId);
  const assign = useAssignDistricts(organisationId);
  const remove = useRemoveDistrict(organisationId);
  const [districtKey, setDistrictKey] = useState<string | undefined>();
  const [fieldKey, setFieldKey] = useState(0);
  const errors = fieldErrors(assign.error?.problem);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    assign.mutate(districtKey ? [districtKey] : [], {
      onSuccess: () => {
        setDistrictKey(undefined);
        setFieldKey((k) => k + 1);
      },
    });
  };
  const assigned = new Set(districts.data?.assignedDistrictKeys ?? []);
  const districtName = useDistrictNames(districts.data?.coordinatedDistrictKeys ?? []);
  return (
    <section aria-labelledby="koordination" className="kern-stack">
      <h2 className="kern-heading-medium" id="koordination">
        Koordinierte Kreise
      </h2>
      {districts.isPending ? (
        <p className="kern-body" role="status">
          Wird geladen …
        </p>
      ) : districts.isError ? (
        <Alert kind="danger" title={districts.error.message} />
      ) : districts.data.coordinatedDistrictKeys.length === 0 ? (
        <p className="kern-body">{organisationName} koordiniert keine Kreise.</p>
      ) : (
        <ul className="kern-list" data-testid="koordinierte-kreise">
          {districts.data.coordinatedDistrictKeys.map((key) => (
            <li key={key}>
              {districtName(key)} {assigned.has(key) ? '(zugewiesen)' : '(eigener Kreis)'}{' '}
              {assigned.has(key) && (
                <button
                  type="button"
                  className="kern-btn kern-btn--tertiary kern-btn--x-small"
                  disabled={remove.isPending}
                  onClick={() => remove.mutate(key)}
                >
                  <span className="kern-label">
                    Zuweisung aufheben<span className="app-visually-hidden">: {districtName(key)}</span>
                  </span>
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {remove.isError && <Alert kind="danger" title={remove.error.message} />}
      {assignable && (
        <form onSubmit={submit} noValidate className="kern-stack">
          {assign.isError && (
            <Alert
              kind="danger"
              title={assign.error.status === 400 ? 'Der Kreis kann nicht zugewiesen werden.' : assign.error.message}
            >
              {assign.error.status === 400 && <p className="kern-body">{assign.error.message}</p>}
            </Alert>
          )}
          <DistrictField
            key={fieldKey}
            label="Kreis zuweisen"
            hint="Namen eingeben (z. B. „Zwickau“) und einen Treffer wählen, oder den Kreisschlüssel"
            value={districtKey}
            onChange={setDistrictKey}
            error={errors['districtKeys'] ?? errors['districtKeys.0']}
          />
          <div>
            <button type="submit" className="kern-btn kern-btn--primary" disabled={assign.isPending}>
              <span className="kern-label">Zuweisen</span>
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
