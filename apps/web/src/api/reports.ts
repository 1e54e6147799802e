import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from './client';
import { unwrap } from './problem';
import type { components } from './schema';

export type SustainabilityReport = components['schemas']['SustainabilityReportDto'];
export type ValueBreakdown = components['schemas']['ValueBreakdownDto'];

/** the sustainability report of the districts the caller coordinates (one of them, or all; the admin: any) */
export function useSustainabilityReport(districtKey: string | undefined) {
  return useQuery({
    queryKey: ['reports', 'sustainability', districtKey ?? null],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/reports/sustainability', {
          params: { query: districtKey ? { districtKey } : {} },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}
