import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import { unwrap } from './problem';
import type { components } from './schema';

export type Framework = components['schemas']['FrameworkDto'];
export type ConsumptionRow = components['schemas']['ConsumptionRowDto'];
export type NewCallOff = components['schemas']['CreateCallOffDto'];
export type CallOff = components['schemas']['CallOffDto'];

/** the frameworks the organisation runs, takes part in or supplies, newest first */
export function useFrameworks(page: number) {
  return useQuery({
    queryKey: ['frameworks', 'list', { page }],
    queryFn: async () => unwrap(await api.GET('/api/v1/frameworks', { params: { query: { page, pageSize: 20 } } })),
    placeholderData: keepPreviousData,
  });
}

/** a framework with its consumption (the coordinator all participants, a participant its own) */
export function useFramework(id: string) {
  return useQuery({
    queryKey: ['frameworks', id],
    queryFn: async () => {
      const [framework, consumption] = await Promise.all([
        api.GET('/api/v1/frameworks/{id}', { params: { path: { id } } }),
        api.GET('/api/v1/frameworks/{id}/consumption', { params: { path: { id } } }),
      ]);
      return { framework: unwrap(framework), consumption: unwrap(consumption).items };
    },
  });
}

/** a call-off within the organisation's maximum (direct, by ranking, mini-competition); the framework is read again after it */
export function useCallOff(frameworkId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: NewCallOff) =>
      unwrap(await api.POST('/api/v1/frameworks/{id}/call-offs', { params: { path: { id: frameworkId } }, body })),
    onSettled: () => client.invalidateQueries({ queryKey: ['frameworks', frameworkId] }),
  });
}

/** the address of the consumption as an Excel workbook (GET, the session cookie) */
export const consumptionWorkbookUrl = (frameworkId: string) =>
  `/api/v1/frameworks/${encodeURIComponent(frameworkId)}/consumption.xlsx`;

export type CallOffMethod = NewCallOff['method'] & string;
export type CallOffOfferReceipt = components['schemas']['CallOffOfferReceiptDto'];
export type OwnCallOffOffer = components['schemas']['OwnCallOffOfferDto'];
export type OpenedCallOffOffers = components['schemas']['OpenedCallOffOffersDto'];
export type NewCallOffOffer = components['schemas']['CallOffOfferInputDto'];
export type NewDelivery = components['schemas']['ReportDeliveryDto'];
export type NextBundleInput = components['schemas']['NextBundleInputDto'];
export type NextBundle = components['schemas']['NextBundleDto'];

const callOffsKey = (frameworkId: string) => ['frameworks', frameworkId, 'call-offs'] as const;

/** the call-offs the caller sees: all (coordinator), its own (participant), those it holds or may bid for (supplier) */
export function useCallOffs(frameworkId: string) {
  return useQuery({
    queryKey: callOffsKey(frameworkId),
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/frameworks/{id}/call-offs', { params: { path: { id: frameworkId } } })).items,
  });
}

/** a change of a call-off's state; the framework (consumption, call-offs) is read again after it */
function useCallOffChange<V>(frameworkId: string, change: (vars: V) => Promise<CallOff>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: change,
    onSettled: () => client.invalidateQueries({ queryKey: ['frameworks', frameworkId] }),
  });
}

/** the supplier asked by ranking accepts or declines; the buyer cancels (before the first delivery) */
export function useCallOffDecision(frameworkId: string) {
  return useCallOffChange(
    frameworkId,
    async ({
      callOffId,
      action,
      reason,
    }: {
      callOffId: string;
      action: 'accept' | 'decline' | 'cancel';
      reason?: string;
    }) => {
      const params = { path: { id: frameworkId, callOffId } };
      if (action === 'accept')
        return unwrap(await api.POST('/api/v1/frameworks/{id}/call-offs/{callOffId}/accept', { params }));
      if (action === 'decline')
        return unwrap(await api.POST('/api/v1/frameworks/{id}/call-offs/{callOffId}/decline', { params }));
      return unwrap(
        await api.POST('/api/v1/frameworks/{id}/call-offs/{callOffId}/cancel', {
          params,
          body: reason ? { reason } : {},
        }),
      );
    },
  );
}

const ownOfferKey = (frameworkId: string, callOffId: string) =>
  ['frameworks', frameworkId, 'call-offs', callOffId, 'own-offer'] as const;

/** the supplier's own offer for a mini-competition: its receipt, its prices once the deadline has passed */
export function useOwnCallOffOffer(frameworkId: string, callOffId: string) {
  return useQuery({
    queryKey: ownOfferKey(frameworkId, callOffId),
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/frameworks/{id}/call-offs/{callOffId}/offers/mine', {
          params: { path: { id: frameworkId, callOffId } },
        }),
      ).offer,
  });
}

/** a supplier's sealed offer for a mini-competition (submitted or replaced until its deadline) */
export function useSubmitCallOffOffer(frameworkId: string, callOffId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: NewCallOffOffer) =>
      unwrap(
        await api.POST('/api/v1/frameworks/{id}/call-offs/{callOffId}/offers', {
          params: { path: { id: frameworkId, callOffId } },
          body,
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: ownOfferKey(frameworkId, callOffId) }),
  });
}

/** the mini-competition's offers, ranked; asked for when the buyer opens them (409 while sealed) */
export function useOpenCallOffOffers(frameworkId: string, callOffId: string) {
  return useMutation({
    mutationFn: async () =>
      unwrap(
        await api.GET('/api/v1/frameworks/{id}/call-offs/{callOffId}/offers', {
          params: { path: { id: frameworkId, callOffId } },
        }),
      ),
  });
}

/** the buyer orders the mini-competition's call-off from one opened offer */
export function useAwardCallOff(frameworkId: string, callOffId: string) {
  return useCallOffChange(frameworkId, async (offerId: string) =>
    unwrap(
      await api.POST('/api/v1/frameworks/{id}/call-offs/{callOffId}/award', {
        params: { path: { id: frameworkId, callOffId } },
        body: { offerId },
      }),
    ),
  );
}

/** the call-off's supplier reports a delivery (never more than was called off) */
export function useReportDelivery(frameworkId: string, callOffId: string) {
  return useCallOffChange(frameworkId, async (body: NewDelivery) =>
    unwrap(
      await api.POST('/api/v1/frameworks/{id}/call-offs/{callOffId}/deliveries', {
        params: { path: { id: frameworkId, callOffId } },
        body,
      }),
    ),
  );
}

/** the coordinator's next bundle from the consumption: a bundle and a draft demand per participant and item */
export function useNextBundle(frameworkId: string) {
  return useMutation({
    mutationFn: async (body: NextBundleInput) =>
      unwrap(await api.POST('/api/v1/frameworks/{id}/next-bundle', { params: { path: { id: frameworkId } }, body })),
  });
}

/** the address of the call-offs as OCDS releases (GET, the session cookie) */
export const frameworkOcdsUrl = (frameworkId: string) => `/api/v1/frameworks/${encodeURIComponent(frameworkId)}/ocds`;
