import { useQuery } from '@tanstack/react-query';
import { api, CSRF_HEADER, csrfToken, sessionExpired } from './client';
import { ApiError, isProblem, unwrap } from './problem';
import type { components } from './schema';

export type ImportReport = components['schemas']['DemandImportReportDto'];
export type ImportJob = components['schemas']['DemandImportDto'];

/** what an upload answered: the report at once (a small file) or an import job to follow (a large one) */
export type UploadResult = { kind: 'report'; report: ImportReport } | { kind: 'job'; job: ImportJob };

/**
 * Uploads a CSV or XLSX file to POST /demands/import as multipart/form-data, with the
 * session's CSRF token. XMLHttpRequest rather than fetch: only it reports the upload's
 * progress (`onProgress` with the share sent, 0 to 1).
 */
export function uploadImport(
  file: File,
  options: { dryRun: boolean; onProgress?: (share: number) => void },
): Promise<UploadResult> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1/demands/import?dryRun=${options.dryRun ? 'true' : 'false'}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept-language', 'de');
    xhr.setRequestHeader('accept', 'application/json');
    const token = csrfToken();
    if (token) xhr.setRequestHeader(CSRF_HEADER, token);
    xhr.responseType = 'json';
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) options.onProgress?.(e.loaded / e.total);
    };
    xhr.onerror = () =>
      reject(new ApiError(0, { detail: 'Die Verbindung zum Server brach ab. Es wurde nichts gespeichert.' }));
    xhr.onload = () => {
      const body: unknown = xhr.response;
      if (xhr.status === 401) sessionExpired();
      if (xhr.status === 200) resolve({ kind: 'report', report: body as ImportReport });
      else if (xhr.status === 202) resolve({ kind: 'job', job: body as ImportJob });
      else reject(new ApiError(xhr.status, isProblem(body) ? body : undefined));
    };
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

/** an import job, read again every half second until it is done or failed */
export function useImportJob(id: string | undefined) {
  return useQuery({
    queryKey: ['imports', id],
    queryFn: async () => unwrap(await api.GET('/api/v1/demands/imports/{id}', { params: { path: { id: id ?? '' } } })),
    enabled: !!id,
    refetchInterval: (query) => {
      const status = query.state.data?.status;
      return status === 'done' || status === 'failed' ? false : 500;
    },
  });
}
