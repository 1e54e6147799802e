import { berlinClock, isIsoDate } from '../dates';
import { InvalidInputError } from '../errors';
import type { EformsInstant } from './input';

/**
 * Small pieces of the eForms XML, in xmlbuilder2's object form (`@attr`, `#` text, arrays for
 * repeated elements, `undefined` for an element left out).
 */
export type XmlNode = { [name: string]: XmlValue };
export type XmlValue = string | XmlNode | XmlNode[] | undefined;

export const NOTICE_LANGUAGE = 'DEU';

export const NAMESPACES = {
  'xmlns:cac': 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2',
  'xmlns:cbc': 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2',
  'xmlns:ext': 'urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2',
  'xmlns:efac': 'http://data.europa.eu/p27/eforms-ubl-extension-aggregate-components/1',
  'xmlns:efbc': 'http://data.europa.eu/p27/eforms-ubl-extension-basic-components/1',
  'xmlns:efext': 'http://data.europa.eu/p27/eforms-ubl-extensions/1',
} as const;

/** German text with its language (every multilingual field). */
export function text(value: string): XmlNode {
  return { '@languageID': NOTICE_LANGUAGE, '#': value };
}

export function code(listName: string, value: string): XmlNode {
  return { '@listName': listName, '#': value };
}

export function id(schemeName: string, value: string): XmlNode {
  return { '@schemeName': schemeName, '#': value };
}

/** `<cac:PartyIdentification><cbc:ID schemeName="organization">ORG-0001</cbc:ID>` */
export function orgRef(orgId: string): XmlNode {
  return { 'cac:PartyIdentification': { 'cbc:ID': id('organization', orgId) } };
}

/** Integer cents as an EUR amount with two decimals, exactly. */
export function amount(cents: number): XmlNode {
  if (!Number.isSafeInteger(cents) || cents < 0)
    throw new InvalidInputError('cents', `not a non-negative integer: ${cents}`);
  return { '@currencyID': 'EUR', '#': `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}` };
}

/** Integer thousandths as a decimal without trailing zeros. */
export function decimalMilli(milli: number): string {
  const whole = Math.floor(milli / 1000);
  const frac = String(milli % 1000)
    .padStart(3, '0')
    .replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : String(whole);
}

/** Wraps extension content: `<ext:UBLExtensions>…<efext:EformsExtension>content`. */
export function extension(content: XmlNode): XmlNode {
  return {
    'ext:UBLExtensions': { 'ext:UBLExtension': { 'ext:ExtensionContent': { 'efext:EformsExtension': content } } },
  };
}

const berlinParts = berlinClock;

export function toInstant(value: EformsInstant, field: string): Date {
  const d = typeof value === 'string' ? new Date(value) : value;
  if (!(d instanceof Date) || Number.isNaN(d.getTime()))
    throw new InvalidInputError(field, `invalid instant ${String(value)}`);
  return d;
}

/** eForms date and time of an instant in Europe/Berlin: `2026-03-02+01:00`, `10:00:00+01:00`. */
export function berlinDateTime(value: EformsInstant, field: string): { date: string; time: string } {
  const p = berlinParts(toInstant(value, field));
  return { date: `${p.date}${p.offset}`, time: `${p.time}${p.offset}` };
}

/** An eForms date of a calendar day (`YYYY-MM-DD`), with Berlin's offset on that day. */
export function berlinDay(day: string, field: string): string {
  if (!isIsoDate(day)) throw new InvalidInputError(field, `invalid date ${day}`);
  return `${day}${berlinParts(new Date(`${day}T12:00:00Z`)).offset}`;
}

/** `ORG-0001`: the eForms identifiers of the parts of a notice. */
export function seq(prefix: string, n: number): string {
  return `${prefix}-${String(n).padStart(4, '0')}`;
}
