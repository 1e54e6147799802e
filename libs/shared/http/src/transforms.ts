import { Transform } from 'class-transformer';

/** trims strings; leaves anything else for the validators to refuse */
export const Trim = () =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

/** UUIDs are case-insensitive; stored ones are lower case, so a body's ids are compared in lower case */
export const LowerCaseIds = () =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string'
      ? value.toLowerCase()
      : Array.isArray(value)
        ? value.map((v: unknown) => (typeof v === 'string' ? v.toLowerCase() : v))
        : value,
  );
