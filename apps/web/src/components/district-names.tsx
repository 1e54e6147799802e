import { useDistrictList } from '../api/districts';

/** districts by name, comma-separated, for a table cell or a description; `none` when there are none */
export function DistrictNames({ keys, none = '–' }: { keys: readonly string[]; none?: string }) {
  const list = useDistrictList(keys);
  return <>{keys.length ? list : none}</>;
}
