import { TestApp, TestUser } from '@buendel/testing';
import { API } from './bundling-api';

/** small files of the evidence tests, told by their first bytes */
export const PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');
export const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);

/** POST /suppliers/me/evidence as multipart/form-data */
export function uploadEvidence(
  t: TestApp,
  user: TestUser,
  fields: Record<string, string>,
  file: { content: Buffer; name: string; type?: string } | null = { content: PDF, name: 'nachweis.pdf' },
) {
  let req = t.http.post(`${API}/suppliers/me/evidence`).set(user.auth);
  for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
  if (file)
    req = req.attach('file', file.content, { filename: file.name, contentType: file.type ?? 'application/pdf' });
  return req;
}
