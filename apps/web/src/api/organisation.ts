import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import { unwrap } from './problem';
import type { components } from './schema';

export type OrganisationContact = components['schemas']['UpdateOrganisationContactDto'];

/** the signed-in user's own organisation, with the address and contact point its notices name */
export function useOwnOrganisation(id: string) {
  return useQuery({
    queryKey: ['organisations', 'one', id],
    queryFn: async () => unwrap(await api.GET('/api/v1/organisations/{id}', { params: { path: { id } } })),
  });
}

/** sets the address and contact point of the user's own organisation */
export function useSetOrganisationContact(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: OrganisationContact) =>
      unwrap(await api.PATCH('/api/v1/organisations/{id}/contact', { params: { path: { id } }, body })),
    onSuccess: (data) => client.setQueryData(['organisations', 'one', id], data),
  });
}

/**
 * sets (a number) or removes (null) the value above which a join of the user's public body needs
 * the decision of its council or mayor; a text that is no number goes as typed, so the API names it
 */
export function useSetJoinMandateRule(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (aboveEur: number | string | null) =>
      unwrap(
        await api.PUT('/api/v1/organisations/{id}/join-mandate', {
          params: { path: { id } },
          body: { aboveEur: aboveEur as number | null },
        }),
      ),
    onSuccess: (data) => client.setQueryData(['organisations', 'one', id], data),
  });
}
