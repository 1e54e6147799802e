import { useQueries, useQuery } from '@tanstack/react-query';
import { api } from './client';
import { unwrap } from './problem';
import type { components } from './schema';

export type BundleMatch = components['schemas']['BundleMatchDto'];
/** a cell of the market view, with the parts the OpenAPI document shows only by example */
export type MarketCell = Omit<components['schemas']['MarketCellDto'], 'cpv' | 'region' | 'period'> & {
  cpv: { prefix: string; code?: string; label?: string };
  region: { districtKey?: string; nuts3?: string; name?: string };
  period: { year: string; quarter?: string };
};
export type Subscription = components['schemas']['SubscriptionDto'];

/** for each demand, the open bundles it could join and why it cannot join the others */
export function useDemandMatches(demandIds: string[]) {
  return useQueries({
    queries: demandIds.map((id) => ({
      queryKey: ['demands', id, 'matches'],
      queryFn: async () => unwrap(await api.GET('/api/v1/demands/{id}/matches', { params: { path: { id } } })),
    })),
  });
}

export const OPEN_BUNDLES_KEY = ['bundles', 'list', { status: 'open', pageSize: 100 }] as const;

/** the open bundles the user sees (a coordinator's start page keeps them live with useBundleListEvents) */
export function useOpenBundles() {
  return useQuery({
    queryKey: OPEN_BUNDLES_KEY,
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/bundles', { params: { query: { status: 'open', pageSize: 100 } } })),
  });
}

/** the largest cells of the aggregated, anonymous market demand (suppliers) */
export function useMarketSummary() {
  return useQuery({
    queryKey: ['market', 'demand', { pageSize: 10 }],
    queryFn: async () => {
      const page = unwrap(await api.GET('/api/v1/market/demand', { params: { query: { pageSize: 10 } } }));
      return { ...page, items: page.items as MarketCell[] };
    },
  });
}

export function useSubscriptions() {
  return useQuery({
    queryKey: ['market', 'subscriptions'],
    queryFn: async () => unwrap(await api.GET('/api/v1/market/subscriptions')),
  });
}
