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
 * The names of municipalities by their AGS (8 digits), from the reference data, each read once
 * per session. Returns a lookup that answers the name, or the AGS while it loads or when the
 * directory does not know it.
 */
export function useMunicipalityNames(agsList: readonly string[]): (ags: string) => string {
  return useReferenceNames(
    'municipalities',
    agsList,
    async (ags) => {
      const page = unwrap(await api.GET('/api/v1/organisations', { params: { query: { search: ags, pageSize: 5 } } }));
      return page.items.find((o) => o.ags === ags)?.name ?? null;
    },
    (ags) => ags,
  );
}
