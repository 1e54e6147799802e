import 'reflect-metadata';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createApiApp, prepareDatabase } from '@buendel/api';
import e2eGlobalSetup from '../../support/global-setup';

/**
 * The web app's build (cached: nothing to do when its sources are unchanged), then the
 * e2e tests' database and Redis prefix for this run, with the demo data loaded, so that a
 * browser test can sign in as a demo user of Landkreis Zwickau.
 */
export default async function globalSetup(): Promise<void> {
  const webBuild = pathToFileURL(path.join(__dirname, '../../../tools/web-build.mjs')).href;
  const { buildWeb } = (await import(webBuild)) as { buildWeb: () => Promise<unknown> };
  await buildWeb();
  await e2eGlobalSetup();
  Object.assign(process.env, { DEMO_DATA: 'true', MIGRATIONS_RUN: 'true' });
  const app = await createApiApp();
  try {
    await prepareDatabase(app);
  } finally {
    await app.close();
  }
  Object.assign(process.env, { DEMO_DATA: 'false', MIGRATIONS_RUN: 'false' });
}
