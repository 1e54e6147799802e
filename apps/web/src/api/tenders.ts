import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { takeEarlyEvaluation } from './early-requests';
import { queryClient } from './query-client';
import { api } from './client';
import { unwrap } from './problem';
import type { components } from './schema';

export type Tender = components['schemas']['TenderDto'];
export type TenderSummary = components['schemas']['TenderSummaryDto'];
export type TenderLot = components['schemas']['TenderLotDto'];
export type TenderItem = components['schemas']['TenderItemDto'];
export type TenderCriterionView = components['schemas']['TenderCriterionViewDto'];
export type TenderCriterion = components['schemas']['TenderCriterionDto'];
export type LotSelector = components['schemas']['LotSelectorDto'];
export type TenderChange = components['schemas']['UpdateTenderDto'];
export type OpenedOffers = components['schemas']['OpenedOffersDto'];
export type TenderEvaluation = components['schemas']['TenderEvaluationDto'];
export type LotOffers = components['schemas']['LotOffersDto'];
export type OpenedOffer = components['schemas']['OpenedOfferDto'];
export type InformationLetter = components['schemas']['InformationLetterDto'];
export type Contract = components['schemas']['ContractDto'];
export type Notice = components['schemas']['NoticeDto'];
export type TenderStatus = Tender['status'];

export const tenderKey = (id: string) => ['tenders', id] as const;

/** the tenders the organisation runs or takes part in (drafts too), newest first */
export function useTenders(query: { status?: TenderStatus; page?: number; bundleId?: string }) {
  return useQuery({
    queryKey: ['tenders', 'list', query],
    queryFn: async () => unwrap(await api.GET('/api/v1/tenders', { params: { query: { ...query, pageSize: 20 } } })),
    placeholderData: keepPreviousData,
  });
}

const tenderQuery = (id: string) =>
  queryOptions({
    queryKey: tenderKey(id),
    queryFn: async () => unwrap(await api.GET('/api/v1/tenders/{id}', { params: { path: { id } } })),
  });

export function useTender(id: string) {
  return useQuery(tenderQuery(id));
}

/** every change of a tender answers with the tender: it goes straight into the cache */
function useTenderMutation<V>(id: string, call: (vars: V) => Promise<Tender>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: (tender) => {
      client.setQueryData(tenderKey(id), tender);
      return client.invalidateQueries({ queryKey: ['tenders', 'list'] });
    },
  });
}

/** drafts the joint tender of a closed bundle (its coordinator) */
export function useDraftTender(bundleId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (submissionDeadline: string) =>
      unwrap(
        await api.POST('/api/v1/bundles/{id}/tender', {
          params: { path: { id: bundleId } },
          body: { submissionDeadline },
        }),
      ),
    onSuccess: async (tender) => {
      client.setQueryData(tenderKey(tender.id), tender);
      await client.invalidateQueries({ queryKey: ['bundles'] });
    },
  });
}

export function useChangeTender(id: string) {
  return useTenderMutation(id, async (body: TenderChange) =>
    unwrap(await api.PATCH('/api/v1/tenders/{id}', { params: { path: { id } }, body })),
  );
}

export function useRenameLot(id: string) {
  return useTenderMutation(id, async ({ lotId, title }: { lotId: string; title: string }) =>
    unwrap(await api.PATCH('/api/v1/tenders/{id}/lots/{lotId}', { params: { path: { id, lotId } }, body: { title } })),
  );
}

export function usePublishTender(id: string) {
  return useTenderMutation(id, async () =>
    unwrap(await api.POST('/api/v1/tenders/{id}/publish', { params: { path: { id } } })),
  );
}

const publishCheckKey = (id: string) => [...tenderKey(id), 'publish-check'] as const;

/**
 * The API's dry run of publish for a draft: every problem publishing now would be refused with
 * (the organisations' eForms data too, which the page cannot see). Asked again at every change
 * of the draft (the tender is part of the key) and when the window comes back into focus.
 */
export function usePublishCheck(tender: Tender) {
  return useQuery({
    queryKey: [...publishCheckKey(tender.id), tender],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/tenders/{id}/publish-check', { params: { path: { id: tender.id } } })),
    staleTime: 0,
    enabled: tender.status === 'draft',
  });
}

/** the first of the two people begins the opening of an EU procedure's offers */
export function useStartOpening(id: string) {
  return useTenderMutation(id, async (witnessUserId: string | undefined) =>
    unwrap(
      await api.POST('/api/v1/tenders/{id}/opening', {
        params: { path: { id } },
        body: witnessUserId ? { witnessUserId } : {},
      }),
    ),
  );
}

/** the second person confirms: the offers open */
export function useConfirmOpening(id: string) {
  return useTenderMutation(id, async () =>
    unwrap(await api.POST('/api/v1/tenders/{id}/opening/confirm', { params: { path: { id } } })),
  );
}

/** the opened offers with their evaluation (its coordinator, once opened) */
const openedOffersQuery = (id: string) =>
  queryOptions({
    queryKey: [...tenderKey(id), 'offers'],
    queryFn: async () => unwrap(await api.GET('/api/v1/tenders/{id}/offers', { params: { path: { id } } })),
  });

export function useOpenedOffers(id: string, enabled: boolean) {
  return useQuery({ ...openedOffersQuery(id), enabled });
}

/** the award decision of a lot; the information letters go out with it */
export function useAward(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: { lotId: string; offerId: string; reason?: string }) =>
      unwrap(await api.POST('/api/v1/tenders/{id}/award', { params: { path: { id } }, body })),
    onSuccess: () => client.invalidateQueries({ queryKey: tenderKey(id) }),
  });
}

const informationLettersQuery = (id: string) =>
  queryOptions({
    queryKey: [...tenderKey(id), 'letters'],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/tenders/{id}/information-letters', { params: { path: { id } } })),
  });

export function useInformationLetters(id: string, enabled: boolean) {
  return useQuery({ ...informationLettersQuery(id), enabled });
}

const tenderContractsQuery = (id: string) =>
  queryOptions({
    queryKey: [...tenderKey(id), 'contracts'],
    queryFn: async () => unwrap(await api.GET('/api/v1/tenders/{id}/contracts', { params: { path: { id } } })),
  });

export function useTenderContracts(id: string, enabled: boolean) {
  return useQuery({ ...tenderContractsQuery(id), enabled });
}

/** the evaluation page's data once the offers are open: what it shows besides the tender */
export const evaluationOpened = (status: TenderStatus | undefined) => status === 'opened' || status === 'awarded';

/**
 * Starts the evaluation page's data at the navigation, beside the page's JavaScript and the
 * session check, in one request instead of the tender first and three more once it says the
 * offers are open (bench W1: 20 lots with 30 offers each): `GET /tenders/{id}/evaluation`
 * answers the tender and, once opened, the offers, the letters and the contracts. Each goes into
 * the cache entry the page reads, the others before the tender's, so that the page finds them
 * when the tender shows it the offers are open. Where the role may not read it (403: not the
 * coordinator's), the tender is asked for alone, and the page asks for the rest itself and shows
 * its answers. Nothing is awaited: the page reads the same cache entries and shows their errors.
 */
export function prefetchEvaluation(id: string): void {
  void queryClient
    .fetchQuery({
      queryKey: tenderKey(id),
      // a new visit of the page reads its data anew, even where the tender was just read elsewhere
      staleTime: 0,
      queryFn: async () => {
        // asked for already by early-requests.ts when the app was opened at this page
        const early = await takeEarlyEvaluation(id);
        const answer = early
          ? { data: (await early.json()) as TenderEvaluation, response: early }
          : await api.GET('/api/v1/tenders/{id}/evaluation', { params: { path: { id } } });
        if (answer.response.status === 403)
          return unwrap(await api.GET('/api/v1/tenders/{id}', { params: { path: { id } } }));
        const { tender, offers, informationLetters, contracts } = unwrap(answer);
        if (offers) queryClient.setQueryData(openedOffersQuery(id).queryKey, offers);
        if (informationLetters) queryClient.setQueryData(informationLettersQuery(id).queryKey, informationLetters);
        if (contracts) queryClient.setQueryData(tenderContractsQuery(id).queryKey, contracts);
        return tender;
      },
    })
    .catch(() => undefined);
}

/** concludes a lot's contracts after the standstill, one per participating organisation */
export function useConcludeContract(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (lotId: string) =>
      unwrap(
        await api.POST('/api/v1/tenders/{id}/lots/{lotId}/contract', { params: { path: { id, lotId } }, body: {} }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: tenderKey(id) }),
  });
}

/** the eForms notices issued so far (EU procedures) */
export function useNotices(id: string, enabled: boolean) {
  return useQuery({
    queryKey: [...tenderKey(id), 'notices'],
    queryFn: async () => unwrap(await api.GET('/api/v1/tenders/{id}/notices', { params: { path: { id } } })),
    enabled,
  });
}

/** the other people of the own organisation, one of whom may witness the opening */
export function useOrganisationUsers(organisationId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['organisations', organisationId, 'users'],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/organisations/{id}/users', {
          params: { path: { id: organisationId }, query: { pageSize: 100 } },
        }),
      ),
    enabled,
  });
}
