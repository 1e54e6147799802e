import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, CSRF_HEADER, csrfToken, sessionExpired } from './client';
import { ApiError, isProblem, unwrap } from './problem';
import type { components } from './schema';

export type Evidence = components['schemas']['EvidenceDto'];
export type EvidenceClaim = components['schemas']['EvidenceClaimDto'];
export type Verdict = components['schemas']['VerifyEvidenceDto']['verification'];

/** the supplier's evidence profile (GET /suppliers/me/evidence), newest first */
export function useEvidence() {
  return useQuery({
    queryKey: ['evidence'],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/suppliers/me/evidence', { params: { query: { pageSize: 100 } } })),
  });
}

export interface EvidenceUpload {
  kind: string;
  title: string;
  issuer: string;
  number: string;
  validFrom: string;
  validTo: string;
  file: File | undefined;
}

/** POST /suppliers/me/evidence as multipart/form-data, with the session's CSRF token; a 4xx throws its problem */
async function postEvidence(upload: EvidenceUpload): Promise<Evidence> {
  const form = new FormData();
  for (const key of ['kind', 'title', 'issuer', 'number', 'validFrom', 'validTo'] as const) {
    if (upload[key].trim()) form.append(key, upload[key].trim());
  }
  if (upload.file) form.append('file', upload.file, upload.file.name);
  const headers: Record<string, string> = { 'accept-language': 'de', accept: 'application/json' };
  const token = csrfToken();
  if (token) headers[CSRF_HEADER] = token;
  const response = await fetch('/api/v1/suppliers/me/evidence', {
    method: 'POST',
    body: form,
    headers,
    credentials: 'same-origin',
  });
  if (response.status === 401) sessionExpired();
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw new ApiError(response.status, isProblem(body) ? body : undefined);
  return body as Evidence;
}

export function useUploadEvidence() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: postEvidence,
    onSuccess: () => client.invalidateQueries({ queryKey: ['evidence'] }),
  });
}

export function useWithdrawEvidence() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) =>
      unwrap(await api.DELETE('/api/v1/suppliers/me/evidence/{id}', { params: { path: { id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['evidence'] }),
  });
}

/** what the awarded offers of the coordinator's tender claim, with the evidence each refers to */
export function useTenderEvidence(tenderId: string) {
  return useQuery({
    queryKey: ['tenders', tenderId, 'evidence'],
    queryFn: async () => unwrap(await api.GET('/api/v1/tenders/{id}/evidence', { params: { path: { id: tenderId } } })),
  });
}

export function useVerifyEvidence(tenderId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (v: { evidenceId: string; verification: Verdict; note: string }) =>
      unwrap(
        await api.PUT('/api/v1/tenders/{id}/evidence/{evidenceId}', {
          params: { path: { id: tenderId, evidenceId: v.evidenceId } },
          body: { verification: v.verification, ...(v.note.trim() ? { note: v.note.trim() } : {}) },
        }),
      ),
    onSuccess: (data) => client.setQueryData(['tenders', tenderId, 'evidence'], data),
  });
}
