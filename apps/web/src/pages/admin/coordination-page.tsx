import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useOrganisations } from '../../api/admin';
import { Alert } from '../../components/alert';
import { TextField } from '../../components/text-field';
import { CoordinatedDistricts } from './coordinated-districts';

/**
 * Coordination assignments: which larger town, city or central purchasing body coordinates
 * bundles for which districts. Find the organisation, then assign or remove districts.
 */
export function CoordinationPage() {
  const [params, setParams] = useSearchParams();
  const [search, setSearch] = useState('');
  const chosen = params.get('organisation');
  const candidates = useOrganisations({ ...(search.trim().length >= 2 ? { search: search.trim() } : {}), page: 1 });
  useEffect(() => {
    document.title = 'Koordination – Bündel';
  }, []);
  const options = (candidates.data?.items ?? []).filter((o) => o.type !== 'supplier' && o.type !== 'district');
  const selected = candidates.data?.items.find((o) => o.id === chosen);
  return (
    <div className="kern-stack">
      <h1 className="kern-heading-large">Koordination</h1>
      <p className="kern-body">
        Landkreise koordinieren ihren eigenen Kreis. Eine Stadt, eine Große Kreisstadt oder eine zentrale
        Beschaffungsstelle kann zusätzlich Kreise zugewiesen bekommen und dort Bündel eröffnen.
      </p>
      <TextField
        label="Organisation suchen"
        hint="Name oder AGS, ab zwei Zeichen"
        type="search"
        value={search}
        onChange={(e) => setSearch(e.target.value)}
      />
      {candidates.isError && <Alert kind="danger" title={candidates.error.message} />}
      {search.trim().length >= 2 && candidates.data && (
        <div className="kern-form-input">
          <label className="kern-label" htmlFor="koordination-organisation">
            Organisation
          </label>
          <select
            id="koordination-organisation"
            className="kern-form-input__select"
            value={chosen ?? ''}
            onChange={(e) => setParams(e.target.value ? { organisation: e.target.value } : {})}
          >
            <option value="">bitte wählen ({options.length} Treffer)</option>
            {options.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
                {o.officialType ? ` (${o.officialType})` : ''}
              </option>
            ))}
          </select>
        </div>
      )}
      {chosen && (
        <CoordinatedDistricts
          key={chosen}
          organisationId={chosen}
          organisationName={selected?.name ?? 'Die Organisation'}
          assignable
        />
      )}
    </div>
  );
}
