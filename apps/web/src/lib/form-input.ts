/**
 * A number as Germans type it: `28.750,50`, `1.390`, `0,5`; also `28750.5` from a copied
 * figure (one point followed by other than three digits is a decimal point). Undefined when
 * empty, NaN when it is no number.
 */
export function germanNumber(text: string): number | undefined {
  const t = text.trim().replace(/\s|\u00a0|€/g, '');
  if (!t) return undefined;
  if (t.includes(',')) return /^-?[\d.]*,\d*$/.test(t) ? Number(t.replace(/\./g, '').replace(',', '.')) : NaN;
  if (/^-?\d{1,3}(\.\d{3})+$/.test(t)) return Number(t.replace(/\./g, ''));
  return /^-?\d*\.?\d+$/.test(t) ? Number(t) : NaN;
}

/** the API's reasons for a field and its elements (`districtKeys.0` belongs to `districtKeys`) */
export function errorsOf(byField: Record<string, string>, field: string): string | undefined {
  const reasons = Object.entries(byField)
    .filter(([f]) => f === field || f.startsWith(`${field}.`) || f.startsWith(`${field}[`))
    .map(([, r]) => r);
  return reasons.length ? [...new Set(reasons)].join(' ') : undefined;
}

/** what a form sends for a text field: null when left empty, so that the API says it must be given */
export function givenOrNull(text: string): string | null {
  return text.trim() === '' ? null : text;
}

/**
 * What a form sends for a German number field: the number; null when left empty (the API
 * says it must be given); the text as typed when it is no number (the API names the format).
 */
export function amountOrNull(text: string): number | string | null {
  const n = germanNumber(text);
  return n === undefined ? null : Number.isNaN(n) ? text : n;
}
