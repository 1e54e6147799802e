/** RFC 9457 problem details, as every error response of the API carries them. */
export interface FieldError {
  /** dotted path of the offending field, e.g. `address.postalCode` or `demandIds.2` */
  field: string;
  /** in English, or in German for `Accept-Language: de` */
  reason: string;
  /** stable, for clients that word the reason themselves: `MAX_LENGTH`, `IS_EMAIL`, `UNKNOWN_FIELD`, … */
  code?: string;
  /** what the reason names: `{ max: 320 }`, `{ values: [...] }` */
  params?: Record<string, unknown>;
  /**
   * the reason in German, where the throw words it (the filter puts it in `reason` for a reader
   * of German and drops it for everyone else: it is never sent as a member of its own)
   */
  de?: string;
}

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code?: string;
  errors?: FieldError[];
  requestId?: string;
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
export const PROBLEM_TYPE_BASE = 'https://buendel.example/problems/';
