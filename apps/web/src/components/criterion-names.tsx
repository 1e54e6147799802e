import { useCriteria } from '../api/bundles';

/**
 * The German name of a sustainability criterion by its code, from the criteria catalogue
 * (read once per session); the code itself while the catalogue loads or for a code it does not
 * know.
 */
export function useCriterionName(): (code: string) => string {
  const catalogue = useCriteria();
  const names = new Map((catalogue.data?.items ?? []).map((c) => [c.code, c.name.de]));
  return (code) => names.get(code) ?? code;
}

/** criteria by name, comma-separated, for a table cell or a description; `none` when there are none */
export function CriterionNames({ codes, none = '–' }: { codes: readonly string[]; none?: string }) {
  const name = useCriterionName();
  return <>{codes.length ? codes.map(name).join(', ') : none}</>;
}
