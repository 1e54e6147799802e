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
