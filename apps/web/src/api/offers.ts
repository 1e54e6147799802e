import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import { unwrap } from './problem';
import type { components } from './schema';

export type MarketTender = components['schemas']['MarketTenderDto'];
export type Tender = components['schemas']['TenderDto'];
export type TenderLot = components['schemas']['TenderLotDto'];
export type TenderItem = components['schemas']['TenderItemDto'];
export type TenderCriterion = components['schemas']['TenderCriterionViewDto'];
export type OfferReceipt = components['schemas']['OfferReceiptDto'];
export type NewOffer = components['schemas']['SubmitOfferDto'];
export type Evidence = components['schemas']['EvidenceDto'];
export type Criterion = components['schemas']['CriterionDto'];

export interface MarketTenderFilter {
  cpv?: string;
  districtKey?: string;
  open?: boolean;
  deadlineBefore?: string;
}

/** the published tenders a supplier may bid for (GET /market/tenders), a page at a time */
export function useMarketTenders(filter: MarketTenderFilter, page: number) {
  return useQuery({
    queryKey: ['market', 'tenders', filter, page],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/market/tenders', { params: { query: { ...filter, page, pageSize: 20 } } })),
    placeholderData: keepPreviousData,
  });
}

const tenderKey = (id: string) => ['market', 'tenders', id] as const;
const receiptsKey = (id: string) => ['market', 'tenders', id, 'receipts'] as const;

/** a published tender as bidders read it: lots, items with delivery places, criteria per phase */
export function usePublishedTender(id: string) {
  return useQuery({
    queryKey: tenderKey(id),
    queryFn: async () => unwrap(await api.GET('/api/v1/market/tenders/{id}', { params: { path: { id } } })),
  });
}

/** the supplier's own receipts for the tender: the latest version per lot, with its digest */
export function useOwnReceipts(id: string) {
  return useQuery({
    queryKey: receiptsKey(id),
    queryFn: async () => unwrap(await api.GET('/api/v1/tenders/{id}/offers/mine', { params: { path: { id } } })).items,
  });
}

/** submits the offer for a lot, or replaces the earlier one (until the deadline); answers the receipt */
export function useSubmitOffer(tenderId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: NewOffer) =>
      unwrap(await api.POST('/api/v1/tenders/{id}/offers', { params: { path: { id: tenderId } }, body })),
    onSuccess: () => client.invalidateQueries({ queryKey: receiptsKey(tenderId) }),
  });
}

/** the supplier's evidence profile (certificates, labels, declarations) that an offer may refer to */
export function useOwnEvidence() {
  return useQuery({
    queryKey: ['suppliers', 'me', 'evidence'],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/suppliers/me/evidence', { params: { query: { pageSize: 100 } } })).items,
    staleTime: 60_000,
  });
}
