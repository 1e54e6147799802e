import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from './client';
import { unwrap } from './problem';
import type { components } from './schema';

export type TenderSummary = components['schemas']['TenderSummaryDto'];
export type Contract = components['schemas']['ContractDto'];
export type Allocation = components['schemas']['AllocationDto'];
export type Contact = components['schemas']['ProcurementOfficeDto'];

/** the tenders of the organisation's bundles (a participant's and a coordinator's), a page at a time */
export function useOwnTenders(page: number, enabled = true) {
  return useQuery({
    enabled,
    queryKey: ['tenders', 'list', { page }],
    queryFn: async () => unwrap(await api.GET('/api/v1/tenders', { params: { query: { page, pageSize: 20 } } })),
    placeholderData: keepPreviousData,
  });
}

/** the organisation's contracts, newest first */
export function useOwnContracts(page: number) {
  return useQuery({
    queryKey: ['contracts', 'list', { page }],
    queryFn: async () => unwrap(await api.GET('/api/v1/contracts', { params: { query: { page, pageSize: 20 } } })),
    placeholderData: keepPreviousData,
  });
}

export type CallOffContract = components['schemas']['CallOffContractDto'];

/** the organisation's call-off contracts (as buyer, supplier or the framework's coordinator), newest first */
export function useCallOffContracts(page: number) {
  return useQuery({
    queryKey: ['contracts', 'call-offs', { page }],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/contracts/call-offs', { params: { query: { page, pageSize: 20 } } })),
    placeholderData: keepPreviousData,
  });
}

/**
 * a tender with its lots (for the lot titles and items beside the allocations); a supplier reads
 * the published tender of the market (GET /tenders/{id} is the public bodies')
 */
export function useTender(id: string, asSupplier = false) {
  return useQuery({
    queryKey: asSupplier ? ['market', 'tenders', id] : ['tenders', id],
    queryFn: async () =>
      unwrap(
        asSupplier
          ? await api.GET('/api/v1/market/tenders/{id}', { params: { path: { id } } })
          : await api.GET('/api/v1/tenders/{id}', { params: { path: { id } } }),
      ),
  });
}

/** the tender's allocations the caller sees (a participant its own) and its contracts */
export function useTenderAllocations(id: string) {
  return useQuery({
    queryKey: ['tenders', id, 'allocations'],
    queryFn: async () => {
      const [allocations, contracts] = await Promise.all([
        api.GET('/api/v1/tenders/{id}/allocations', { params: { path: { id } } }),
        api.GET('/api/v1/tenders/{id}/contracts', { params: { path: { id } } }),
      ]);
      return { allocations: unwrap(allocations).items, contracts: unwrap(contracts).items };
    },
  });
}

/** the address of the tender's allocations and contracts as an Excel workbook (GET, the session cookie) */
export const contractsWorkbookUrl = (tenderId: string) =>
  `/api/v1/tenders/${encodeURIComponent(tenderId)}/contracts.xlsx`;
