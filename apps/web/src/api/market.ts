import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import { ApiError, unwrap, type Problem } from './problem';
import type { components } from './schema';

export type MarketCell = components['schemas']['MarketCellDto'] & {
  cpv: { prefix: string; code: string; level: string; label: string };
  region: {
    level: 'district' | 'nuts2' | 'nuts1' | 'country' | string;
    districtKey: string | null;
    nuts3: string | null;
    nuts2: string | null;
    nuts1: string | null;
    name: string | null;
  };
  period: { level: 'quarter' | 'year' | string; year: string; quarter: string | null };
};
export type Subscription = components['schemas']['SubscriptionDto'];
export type NewSubscription = components['schemas']['CreateSubscriptionDto'];

export interface MarketFilter {
  cpv?: string;
  nuts?: string;
  districtKey?: string;
}

/** the anonymised market cells (GET /market/demand) for the filters; a page of the table, or up to 100 for the chart */
export function useMarketDemand(filter: MarketFilter, page: number, pageSize = 20) {
  return useQuery({
    queryKey: ['market', 'demand', filter, page, pageSize],
    queryFn: async () => {
      const data = unwrap(await api.GET('/api/v1/market/demand', { params: { query: { ...filter, page, pageSize } } }));
      return { ...data, items: data.items as MarketCell[] };
    },
    placeholderData: keepPreviousData,
  });
}

/** districts (and district-free cities) by name, for a district filter as the user types */
export function useDistrictSearch(search: string) {
  const term = search.trim();
  return useQuery({
    queryKey: ['districts', term],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/organisations', {
          params: { query: { search: term, pageSize: 50 } },
        }),
      ).items.filter((o) => o.type === 'district' || o.type === 'city'),
    enabled: term.length >= 2,
    staleTime: 5 * 60_000,
    placeholderData: keepPreviousData,
  });
}

export function useSubscriptions() {
  return useQuery({
    queryKey: ['market', 'subscriptions'],
    queryFn: async () => unwrap(await api.GET('/api/v1/market/subscriptions')),
  });
}

export function useSubscribe() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: NewSubscription) => unwrap(await api.POST('/api/v1/market/subscriptions', { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['market', 'subscriptions'] }),
  });
}

export function useUnsubscribe() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => {
      const { error, response } = await api.DELETE('/api/v1/market/subscriptions/{id}', {
        params: { path: { id } },
      });
      if (!response.ok) throw new ApiError(response.status, error as Problem | undefined);
    },
    onSuccess: () => client.invalidateQueries({ queryKey: ['market', 'subscriptions'] }),
  });
}
