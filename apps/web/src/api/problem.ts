/**
 * The API's errors: RFC 9457 problem details; a 400 lists every bad field with a stable
 * code, its parameters and a German reason (the client asks with Accept-Language: de).
 */
export interface FieldError {
  field: string;
  reason: string;
  code?: string;
  params?: Record<string, unknown>;
}

export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  errors?: FieldError[];
}

export function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && ('status' in value || 'title' in value);
}

/** the reasons per field, for the messages beside each field */
export function fieldErrors(problem: Problem | undefined): Record<string, string> {
  const byField: Record<string, string> = {};
  for (const e of problem?.errors ?? [])
    byField[e.field] = byField[e.field] ? `${byField[e.field]} ${e.reason}` : e.reason;
  return byField;
}

/** an error a person can read, for the place above a form */
export function problemMessage(
  problem: unknown,
  fallback = 'Das hat nicht geklappt. Bitte versuchen Sie es erneut.',
): string {
  if (isProblem(problem)) return problem.detail ?? problem.title ?? fallback;
  return fallback;
}

/** thrown by the query functions, so that TanStack Query's error carries the problem */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | undefined,
  ) {
    super(problemMessage(problem));
    this.name = 'ApiError';
  }
}

/** the answer's data, or an ApiError with the problem (so that TanStack Query's error carries it) */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error !== undefined || result.data === undefined) {
    throw new ApiError(result.response.status, result.error as Problem | undefined);
  }
  return result.data;
}

/** an answer without a body the caller needs (204, or a changed row it does not read): an ApiError when it failed */
export function expectOk(result: { error?: unknown; response: Response }): void {
  if (!result.response.ok) throw new ApiError(result.response.status, result.error as Problem | undefined);
}
