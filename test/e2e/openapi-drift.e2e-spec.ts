import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createApiApp } from '@buendel/api';
import { createTestApp, TestApp } from '@buendel/testing';

/**
 * The web app's typed client is generated from a committed copy of the OpenAPI document
 * (apps/web/src/api/openapi.json). When the API changes, this test fails until the copy and
 * the client are regenerated: `npm run api:client`.
 */
describe('OpenAPI document', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(createApiApp);
  });
  afterAll(async () => {
    await t.close();
  });

  it('is the one the web app was generated from (else: npm run api:client)', async () => {
    const served = (await t.http.get('/docs-json').expect(200)).body as { paths: Record<string, unknown> };
    const committed = JSON.parse(
      readFileSync(path.join(__dirname, '../../apps/web/src/api/openapi.json'), 'utf8'),
    ) as typeof served;
    const servedPaths = Object.keys(served.paths).sort();
    const committedPaths = Object.keys(committed.paths).sort();
    // the paths first, so that the message names what is missing or new
    expect({ onlyServed: diff(servedPaths, committedPaths), onlyCommitted: diff(committedPaths, servedPaths) }).toEqual(
      {
        onlyServed: [],
        onlyCommitted: [],
      },
    );
    expect(served).toEqual(committed);
  });
});

function diff(a: string[], b: string[]): string[] {
  const other = new Set(b);
  return a.filter((x) => !other.has(x));
}
