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

/** a direct call-off within the organisation's maximum; the consumption is read again after it */
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
