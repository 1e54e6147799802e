import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createApiApp, createOpenApiDocument } from '../bootstrap';

/**
 * Writes the API's OpenAPI document (what /docs-json serves) to the path given, without a
 * database or Redis: the module tree is built in Nest's preview mode, which creates no
 * providers. Part of `npm run api:client`.
 */
async function main(): Promise<void> {
  const target = process.argv[2];
  if (!target) throw new Error('usage: write-openapi <file.json>');
  // the configuration must validate; none of these values is used, nothing connects
  const env: Record<string, string> = {
    DATABASE_URL: 'postgres://openapi@127.0.0.1:1/openapi',
    JWT_SECRET: 'openapi-document-only-0123456789abcdef',
    ADMIN_PASSWORD: 'openapi-document-only',
    OFFER_ENCRYPTION_KEY: Buffer.alloc(32).toString('base64'),
    LOG_LEVEL: 'silent',
  };
  for (const [k, v] of Object.entries(env)) process.env[k] ??= v;
  const app = await createApiApp({ preview: true });
  const document = createOpenApiDocument(app);
  writeFileSync(path.resolve(target), `${JSON.stringify(document, null, 2)}\n`);
  process.stderr.write(`openapi: ${Object.keys(document.paths).length} paths written to ${target}\n`);
  process.exit(0);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
