import { InvalidInputError } from '../errors';
import { centsToEur } from '../money';
import { compareCodeUnits } from '../order';
import { OcdsInstant } from './input';
import { OcdsValue } from './output';
import { INSTANT } from './constants';

// OCDS builder: Small helpers

export function eur(cents: number): OcdsValue {
  return { amount: centsToEur(cents), currency: 'EUR' };
}

/** Normalises an instant to `toISOString()` form; OCDS wants RFC 3339 date-times with offset. */
export function instant(value: OcdsInstant, field: string): string {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new InvalidInputError(field, 'is an invalid Date');
    return value.toISOString();
  }
  const date = typeof value === 'string' && INSTANT.test(value.trim()) ? new Date(value.trim()) : undefined;
  if (!date || Number.isNaN(date.getTime())) {
    throw new InvalidInputError(field, `must be an ISO 8601 date-time with offset, got "${String(value)}"`);
  }
  return date.toISOString();
}

export function requireText(value: string | null | undefined, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new InvalidInputError(field, 'must be a non-empty text');
  return value.trim();
}

/** `{ key: text }` for a non-blank text, else `{}`: OCDS omits unknown fields rather than sending null. */
export function optionalText<K extends string>(key: K, value: string | null | undefined): Partial<Record<K, string>> {
  const text = value?.trim();
  return text ? ({ [key]: text } as Partial<Record<K, string>>) : {};
}

export function byNameThenId(a: { name: string; id: string }, b: { name: string; id: string }): number {
  return compareCodeUnits(a.name, b.name) || compareCodeUnits(a.id, b.id);
}
