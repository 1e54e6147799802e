import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import { unwrap } from './problem';
import type { components } from './schema';

export type OrganisationSummary = components['schemas']['OrganisationSummaryDto'];
export type OrganisationType = components['schemas']['OrganisationType'];
export type User = components['schemas']['UserDetailView'];
export type NewUser = components['schemas']['CreateUserDto'];

export const ORGANISATION_TYPE_LABELS: Record<OrganisationType, string> = {
  municipality: 'Gemeinde',
  district: 'Landkreis',
  city: 'Stadt',
  central_purchasing_body: 'Zentrale Beschaffungsstelle',
  supplier: 'Lieferant',
};

export function useOrganisations(query: { search?: string; type?: OrganisationType; page: number }) {
  return useQuery({
    queryKey: ['organisations', 'list', query],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/organisations', { params: { query: { ...query, pageSize: 20 } } })),
    placeholderData: keepPreviousData,
  });
}

export function useOrganisation(id: string) {
  return useQuery({
    queryKey: ['organisations', 'one', id],
    queryFn: async () => unwrap(await api.GET('/api/v1/organisations/{id}', { params: { path: { id } } })),
  });
}

export function useCreateOrganisation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: components['schemas']['CreateOrganisationDto']) =>
      unwrap(await api.POST('/api/v1/organisations', { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['organisations'] }),
  });
}

export function useUsers(organisationId: string, page: number) {
  return useQuery({
    queryKey: ['organisations', organisationId, 'users', page],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/organisations/{id}/users', {
          params: { path: { id: organisationId }, query: { page, pageSize: 20 } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

export function useCreateUser(organisationId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: NewUser) =>
      unwrap(await api.POST('/api/v1/organisations/{id}/users', { params: { path: { id: organisationId } }, body })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['organisations', organisationId, 'users'] }),
  });
}

export function useSetUserActive(organisationId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ userId, active }: { userId: string; active: boolean }) =>
      unwrap(
        await api.PATCH('/api/v1/organisations/{id}/users/{userId}', {
          params: { path: { id: organisationId, userId } },
          body: { active },
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: ['organisations', organisationId, 'users'] }),
  });
}

export function useCoordinatedDistricts(organisationId: string) {
  return useQuery({
    queryKey: ['organisations', organisationId, 'coordinated-districts'],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/organisations/{id}/coordinated-districts', {
          params: { path: { id: organisationId } },
        }),
      ),
  });
}

export function useAssignDistricts(organisationId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (districtKeys: string[]) =>
      unwrap(
        await api.POST('/api/v1/organisations/{id}/coordinated-districts', {
          params: { path: { id: organisationId } },
          body: { districtKeys },
        }),
      ),
    onSuccess: (data) => client.setQueryData(['organisations', organisationId, 'coordinated-districts'], data),
  });
}

export function useRemoveDistrict(organisationId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (districtKey: string) =>
      unwrap(
        await api.DELETE('/api/v1/organisations/{id}/coordinated-districts/{districtKey}', {
          params: { path: { id: organisationId, districtKey } },
        }),
      ),
    onSuccess: (data) => client.setQueryData(['organisations', organisationId, 'coordinated-districts'], data),
  });
}
