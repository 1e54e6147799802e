import { useSearchParams } from 'react-router';

/**
 * A list's filters and page in the address (`?status=open&seite=2`): `set` changes one and,
 * for a filter, goes back to the first page.
 */
export function useListParams() {
  const [params, setParams] = useSearchParams();
  const page = Number(params.get('seite') ?? '1') || 1;
  const set = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key !== 'seite') next.delete('seite');
    setParams(next);
  };
  return { params, page, set };
}

/** the number of pages of a paged answer (at least one) */
export function pageCount(data: { total: number; pageSize: number } | undefined): number {
  return data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;
}
