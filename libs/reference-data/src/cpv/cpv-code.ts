/** Pure interpretation of CPV code input (path parameters and code searches). */

export interface CpvCodeInput {
  /** the eight digits */
  digits: string;
  /** the check digit when given (`31440000-2`) */
  checkDigit?: string;
}

/** `31440000-2` or `31440000` (white space around is tolerated); anything else is malformed */
export function parseCpvCode(input: string): CpvCodeInput | undefined {
  const m = /^(\d{8})(?:-(\d))?$/.exec(input.trim());
  if (!m) return undefined;
  return m[2] === undefined ? { digits: m[1] } : { digits: m[1], checkDigit: m[2] };
}

export interface CpvCodeSearch {
  /** the code the input names exactly, padded with zeros: `3144` -> `31440000` */
  exactDigits: string;
  /** the full code with check digit when the input had one */
  exactCode?: string;
  /** significant prefix (trailing zeros dropped, at least the division): every code below */
  prefix: string;
}

/**
 * A search that is a code or code prefix: 2 to 8 digits, optionally with the check digit
 * (`31`, `3144`, `31440000`, `31440000-2`). Returns undefined for a text search.
 */
export function cpvCodeSearch(search: string): CpvCodeSearch | undefined {
  const m = /^(\d{2,8})(?:-(\d))?$/.exec(search.trim());
  if (!m) return undefined;
  const digits = m[1];
  if (m[2] !== undefined && digits.length !== 8) return undefined;
  const exactDigits = digits.padEnd(8, '0');
  let prefix = exactDigits.replace(/0+$/, '');
  if (prefix.length < 2) prefix = exactDigits.slice(0, 2);
  return m[2] !== undefined ? { exactDigits, exactCode: `${digits}-${m[2]}`, prefix } : { exactDigits, prefix };
}
