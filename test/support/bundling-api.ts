import { eventually, TestApp, TestUser } from '@buendel/testing';

export const API = '/api/v1';

export interface DemandInput {
  cpvCode: string;
  title: string;
  quantity: number;
  unit: string;
  unitPriceEur: number;
  deliveryFrom: string;
  deliveryTo: string;
  deliveryAgs?: string;
  criteria?: string[];
  status?: 'draft' | 'open';
  specificationKey?: string;
  specificationText?: string;
}

/** POST /demands; fails the test unless it answers 201 */
export async function recordDemand(
  t: TestApp,
  user: TestUser,
  demand: DemandInput,
): Promise<{ id: string; estimatedValueEur: number }> {
  const res = await t.http.post(`${API}/demands`).set(user.auth).send(demand);
  if (res.status !== 201) throw new Error(`recording a demand answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

/** POST /bundles/{id}/participations; returns the status and body */
export async function join(t: TestApp, user: TestUser, bundleId: string, demandIds: string[]) {
  return t.http.post(`${API}/bundles/${bundleId}/participations`).set(user.auth).send({ demandIds });
}

export interface AggregateView {
  participantCount: number;
  demandCount: number;
  totalEstimatedValueEur: number;
  lines: Array<{
    cpvCode: string;
    unit: string;
    quantity: number;
    estimatedValueEur: number;
    participantCount: number;
  }>;
  regime: { scope: 'EU' | 'NATIONAL'; thresholdEur: number; legalBasis: string; referenceDate: string };
  lots: Array<{ key: string; title: string; estimatedValueEur: number; districtKeys: string[] }>;
  version: number;
  current: boolean;
}

/** GET /bundles/{id} until its aggregate reflects the latest participation change (the worker's job ran) */
export async function currentAggregate(
  t: TestApp,
  user: TestUser,
  bundleId: string,
  timeoutMs = 15_000,
): Promise<AggregateView> {
  return eventually(async () => {
    const res = await t.http.get(`${API}/bundles/${bundleId}`).set(user.auth);
    if (res.status !== 200) throw new Error(`GET bundle answered ${res.status}`);
    const aggregate = res.body.aggregate as AggregateView | null;
    return aggregate?.current ? aggregate : undefined;
  }, timeoutMs);
}

/** what a field error in a problem-details body looks like */
export interface FieldErrorView {
  field: string;
  reason: string;
  code?: string;
  params?: Record<string, unknown>;
}

/** a response as supertest gives it (status, headers, parsed body) */
export interface ProblemResponse {
  status: number;
  headers: Record<string, string>;
  body: { status?: number; code?: string; detail?: string; errors?: FieldErrorView[] } & Record<string, unknown>;
}

/**
 * Asserts an RFC 9457 problem answer with this status, naming exactly these fields (strings
 * must match exactly, a RegExp matches one field) each with a non-empty reason. `reasons`
 * checks the reasons given for a field. Prints the whole body when the status is off.
 */
export function expectProblem(
  res: ProblemResponse,
  status: number,
  fields?: Array<string | RegExp>,
  reasons: Record<string, RegExp> = {},
): FieldErrorView[] {
  expect({ status: res.status, body: res.body }).toMatchObject({ status, body: { status } });
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const errors = res.body.errors ?? [];
  for (const e of errors) {
    // a stable code and its parameters where the validation pipe gave them
    expect(e).toEqual({
      field: expect.any(String),
      reason: expect.any(String),
      ...(e.code !== undefined ? { code: expect.stringMatching(/^[A-Z][A-Z0-9_]*$/) } : {}),
      ...(e.params !== undefined ? { params: expect.any(Object) } : {}),
    });
    expect(e.reason.length).toBeGreaterThan(0);
  }
  if (fields) {
    const named = [...new Set(errors.map((e) => e.field))].sort();
    for (const f of fields) {
      const hit = named.some((n) => (typeof f === 'string' ? n === f : f.test(n)));
      if (!hit) throw new Error(`expected an error on field ${String(f)}; got ${JSON.stringify(errors)}`);
    }
    const unexpected = named.filter((n) => !fields.some((f) => (typeof f === 'string' ? n === f : f.test(n))));
    if (unexpected.length)
      throw new Error(`unexpected error fields ${unexpected.join(', ')}: ${JSON.stringify(errors)}`);
  }
  for (const [field, pattern] of Object.entries(reasons)) {
    const given = errors.filter((e) => e.field === field).map((e) => e.reason);
    if (!given.some((r) => pattern.test(r))) {
      throw new Error(`expected a reason for ${field} matching ${String(pattern)}; got ${JSON.stringify(given)}`);
    }
  }
  return errors;
}

/**
 * Opens an EU tender's offers the way § 55 Abs. 2 VgV asks: once the deadline has passed, the
 * first person of the coordinating organisation opens the opening and a second one confirms it.
 */
export async function openByTwo(t: TestApp, tenderId: string, first: TestUser, second: TestUser): Promise<void> {
  await eventually(async () => {
    const res = await t.http.post(`${API}/tenders/${tenderId}/opening`).set(first.auth).send({});
    if (res.status === 200) return true;
    if (res.status === 409 && res.body.code === 'OFFERS_SEALED') return undefined;
    throw new Error(`POST opening answered ${res.status}: ${JSON.stringify(res.body)}`);
  }, 40_000);
  const confirm = await t.http.post(`${API}/tenders/${tenderId}/opening/confirm`).set(second.auth).send({});
  if (confirm.status !== 200)
    throw new Error(`POST opening/confirm answered ${confirm.status}: ${JSON.stringify(confirm.body)}`);
}
