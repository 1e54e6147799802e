/** A free-text search as it comes in a query parameter. */

export const SEARCH_MIN_LENGTH = 2;
export const SEARCH_MAX_LENGTH = 100;

/** trims and collapses white space; an empty search is no search */
export function normaliseSearch(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const v = value.trim().replace(/\s+/g, ' ');
  return v === '' ? undefined : v;
}
