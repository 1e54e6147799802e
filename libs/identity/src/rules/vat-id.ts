/**
 * German VAT identification number (Umsatzsteuer-Identifikationsnummer, USt-IdNr):
 * `DE` and nine digits, the last a check digit over the first eight computed with
 * ISO 7064 MOD 11,10 (the method the Bundeszentralamt für Steuern publishes).
 */
export const GERMAN_VAT_ID_PATTERN = /^DE\d{9}$/;

/** The ISO 7064 MOD 11,10 check digit of a string of decimal digits. */
export function iso7064Mod1110CheckDigit(digits: string): number {
  if (!/^\d+$/.test(digits)) throw new Error('digits only');
  let product = 10;
  for (const c of digits) {
    let sum = (Number(c) + product) % 10;
    if (sum === 0) sum = 10;
    product = (2 * sum) % 11;
  }
  const check = 11 - product;
  return check === 10 ? 0 : check;
}

/** Upper case, without spaces, dots and dashes: `de 136 695 976` -> `DE136695976`. */
export function normaliseVatId(raw: string): string {
  return raw.replace(/[\s.-]/g, '').toUpperCase();
}

export type VatIdProblem = 'format' | 'check-digit';

/** Why a (normalised) VAT id is not a valid German one, or undefined when it is. */
export function germanVatIdProblem(vatId: string): VatIdProblem | undefined {
  if (!GERMAN_VAT_ID_PATTERN.test(vatId)) return 'format';
  const digits = vatId.slice(2);
  return iso7064Mod1110CheckDigit(digits.slice(0, 8)) === Number(digits[8]) ? undefined : 'check-digit';
}

export function isValidGermanVatId(vatId: string): boolean {
  return germanVatIdProblem(vatId) === undefined;
}

/** A valid German VAT id from eight digits (for tests and demo data). */
export function germanVatIdFrom(eightDigits: string): string {
  if (!/^\d{8}$/.test(eightDigits)) throw new Error('eight digits expected');
  return `DE${eightDigits}${iso7064Mod1110CheckDigit(eightDigits)}`;
}
