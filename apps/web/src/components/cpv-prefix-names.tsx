import { useCpvPrefixNames } from '../api/cpv-names';

/** the prefixes with their names, comma-separated, for a table cell or a description */
export function CpvPrefixNames({ prefixes }: { prefixes: readonly string[] }) {
  const name = useCpvPrefixNames(prefixes);
  return <>{prefixes.map(name).join(', ')}</>;
}
