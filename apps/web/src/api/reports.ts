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

/** the address of the report as a workbook or as CSV (open data) for the same district choice */
export function sustainabilityExportUrl(format: 'xlsx' | 'csv', districtKey: string | undefined): string {
  const query = districtKey ? `?districtKey=${encodeURIComponent(districtKey)}` : '';
  return `/api/v1/reports/sustainability.${format}${query}`;
}
