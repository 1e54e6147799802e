import { api } from './client';
import { useReferenceNames } from './districts';
import { unwrap } from './problem';

/**
 * "3414 – Schwerlastfahrzeuge": a CPV prefix with the German name of the code it stands for
 * (the prefix padded with zeros, 34140000-0), from the CPV reference data. A code search for
 * the prefix answers that code first; each prefix is read once per session. Returns a lookup
 * that answers the bare prefix while it loads or when the reference data does not know it.
 */
export function useCpvPrefixNames(prefixes: readonly string[]): (prefix: string) => string {
  return useReferenceNames(
    'cpv-prefixes',
    prefixes,
    async (prefix) => {
      const page = unwrap(await api.GET('/api/v1/cpv', { params: { query: { search: prefix, pageSize: 1 } } }));
      const code = page.items[0];
      return code && code.code.startsWith(prefix.padEnd(8, '0')) ? cpvPrefixWithName(prefix, code.labelDe) : null;
    },
    (prefix) => prefix,
  );
}

/** "3414 – Schwerlastfahrzeuge" */
export function cpvPrefixWithName(prefix: string, name: string | null | undefined): string {
  return name ? `${prefix} – ${name}` : prefix;
}
