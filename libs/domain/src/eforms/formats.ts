/**
 * The value formats that the eForms SDK's rules check (its field list's patterns): identifiers,
 * telephone numbers, e-mail addresses, URLs and NUTS-3 codes. Pure, so that the checks before
 * publication (check.ts) and the web app can use them.
 */

const UUID_V4 = /^[a-f0-9]{8}-[a-f0-9]{4}-4[a-f0-9]{3}-[89ab][a-f0-9]{3}-[a-f0-9]{12}$/;
// the patterns of BT-503 (telephone), BT-506 (e-mail) and the URL fields in the eForms SDK
const TELEPHONE = /^((\(\+?[0-9]+\))|\+?[0-9]+)( - |-| )?(((\([0-9]+\))|[0-9]+)( - |-| )?)*([0-9]+)( )?$/;
const EMAIL =
  /^[\p{L}\p{N}!#$%&'*+/=?_-]+(\.[\p{L}\p{N}!#$%&'*+/=?_-]+)*@([\p{L}\p{N}]([\p{L}\p{N}_-]*[\p{L}\p{N}])?\.)+([\p{L}\p{N}]{2,})$/u;
const URL = /^(https?|ftps?|sftp):\/\/[\p{L}\p{N}?!./:;,\-_=#+*%@"()&]+$/iu;
const NUTS3 = /^[A-Z]{2}[A-Z0-9]{3}$/;

export function isUuidV4(value: string): boolean {
  return UUID_V4.test(value);
}

export function isEformsTelephone(value: string): boolean {
  return TELEPHONE.test(value);
}

export function isEformsEmail(value: string): boolean {
  return EMAIL.test(value);
}

export function isEformsUrl(value: string): boolean {
  return URL.test(value);
}

/** a NUTS-3 code as eForms writes it (`DED45`) */
export function isNuts3(value: string): boolean {
  return NUTS3.test(value);
}

/** an absent or blank text */
export function isBlank(value: string | null | undefined): boolean {
  return !value || !value.trim();
}
