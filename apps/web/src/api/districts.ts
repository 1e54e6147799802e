import { useQueries } from '@tanstack/react-query';
import { api } from './client';
import { unwrap } from './problem';

/**
 * The names of districts (Landkreise, kreisfreie Städte) by their five-digit keys, from the
 * reference data: the directory lists a district's own entry before its municipalities, so the
 * first entry for the key is the district. Each key is read once per session (reference data
 * does not change while the app runs). Returns a lookup that answers the name, or
 * "Kreis 14524" while it loads or when the directory does not know the key.
 */
export function useDistrictNames(keys: readonly string[]): (key: string) => string {
  return useReferenceNames(
    'districts',
    keys,
    async (key) => {
      const page = unwrap(
        await api.GET('/api/v1/organisations', { params: { query: { districtKey: key, pageSize: 1 } } }),
      );
      const first = page.items[0];
      return first && first.districtKey === key && (first.type === 'district' || first.type === 'city')
        ? first.name
        : null;
    },
    (key) => `Kreis ${key}`,
  );
}

/** names of reference data by key, each key read once per session; `fallback` while it loads or when unknown */
export function useReferenceNames(
  kind: string,
  keys: readonly string[],
  read: (key: string) => Promise<string | null>,
  fallback: (key: string) => string,
): (key: string) => string {
  const unique = [...new Set(keys)];
  const results = useQueries({
    queries: unique.map((key) => ({
      queryKey: [kind, 'name', key],
      queryFn: () => read(key),
      staleTime: Infinity,
      gcTime: Infinity,
    })),
  });
  const names = new Map(unique.map((key, i) => [key, results[i]?.data ?? undefined]));
  return (key) => names.get(key) ?? fallback(key);
}

/** the districts' names, comma-separated ("Landkreis Zwickau, Stadt Chemnitz") */
export function useDistrictList(keys: readonly string[]): string {
  const name = useDistrictNames(keys);
  return keys.map(name).join(', ');
}

/**
 * The names of municipalities by their AGS (8 digits), from the reference data: one read per
 * district the places lie in (its first five digits), not one per place, each kept for the
 * session. Returns a lookup that answers the name, or the AGS while it loads or when the
 * directory does not know it.
 */
export function useMunicipalityNames(agsList: readonly string[]): (ags: string) => string {
  const districts = [...new Set(agsList.map((ags) => ags.slice(0, 5)))];
  const results = useQueries({
    queries: districts.map((districtKey) => ({
      queryKey: ['municipalities', 'of-district', districtKey],
      queryFn: () => placeNamesOf(districtKey),
      staleTime: Infinity,
      gcTime: Infinity,
    })),
  });
  const names = new Map(results.flatMap((r) => r.data ?? []));
  return (ags) => names.get(ags) ?? ags;
}

/** the places of a district with an AGS (its municipalities, or the city that is the district), by AGS */
async function placeNamesOf(districtKey: string): Promise<Array<[string, string]>> {
  const names: Array<[string, string]> = [];
  for (let page = 1; ; page++) {
    const answer = unwrap(
      await api.GET('/api/v1/organisations', { params: { query: { districtKey, page, pageSize: PLACES_PAGE } } }),
    );
    for (const o of answer.items) if (o.ags) names.push([o.ags, o.name]);
    if (page * PLACES_PAGE >= answer.total) return names;
  }
}

/** the directory's largest page */
const PLACES_PAGE = 100;
