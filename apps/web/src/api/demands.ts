import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import { expectOk, unwrap } from './problem';
import type { components } from './schema';

export type Demand = components['schemas']['DemandDto'];
export type NewDemand = components['schemas']['CreateDemandDto'];
export type CpvCode = components['schemas']['CpvCodeDto'];
export type Unit = components['schemas']['UnitDto'];

export function useDemands(query: { status?: Demand['status']; page: number }) {
  return useQuery({
    queryKey: ['demands', 'list', query],
    queryFn: async () => unwrap(await api.GET('/api/v1/demands', { params: { query: { ...query, pageSize: 20 } } })),
    placeholderData: keepPreviousData,
  });
}

/** CPV codes by German words or by code, as the user types (from two characters) */
export function useCpvSearch(search: string) {
  const term = search.trim();
  return useQuery({
    queryKey: ['cpv', term],
    queryFn: async () => unwrap(await api.GET('/api/v1/cpv', { params: { query: { search: term, pageSize: 10 } } })),
    enabled: term.length >= 2,
    staleTime: 5 * 60_000,
    placeholderData: keepPreviousData,
  });
}

/** the units a demand is usually recorded in, with their German names */
export function useCommonUnits() {
  return useQuery({
    queryKey: ['units', 'common'],
    queryFn: async () => unwrap(await api.GET('/api/v1/units', { params: { query: { common: true, pageSize: 100 } } })),
    staleTime: 60 * 60_000,
  });
}

export function useCreateDemand() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: NewDemand) => unwrap(await api.POST('/api/v1/demands', { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['demands'] }),
  });
}

type UpdateDemand = components['schemas']['UpdateDemandDto'];
/** the fields a PATCH changes (the OpenAPI document marks `status` required there, the API does not) */
export type DemandChange = Partial<UpdateDemand>;

/** changes a demand (PATCH: only the fields sent); refused with 409 once its bundle is closed */
export function useUpdateDemand() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, change }: { id: string; change: DemandChange }) =>
      unwrap(await api.PATCH('/api/v1/demands/{id}', { params: { path: { id } }, body: change as UpdateDemand })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['demands'] }),
  });
}

export function useWithdrawDemand() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => {
      expectOk(await api.DELETE('/api/v1/demands/{id}', { params: { path: { id } } }));
    },
    onSuccess: () => client.invalidateQueries({ queryKey: ['demands'] }),
  });
}
