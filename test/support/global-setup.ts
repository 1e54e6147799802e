import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { createApiApp, prepareDatabase } from '@buendel/api';
import { MailCatcher } from '@buendel/mail';
import { databaseUrlFor, TEST_SERVER_URL, uniqueRunId } from '@buendel/testing';
import { TEST_MAIL_RULE } from './mail';

/**
 * One fresh database, one Redis key prefix and one SMTP server (a MailCatcher that writes every
 * mail it receives into a directory of the run, read by test/support/mail.ts) per run. The API is booted once here to
 * apply the migrations and run the start-up tasks (reference data, admin); the values
 * reach every test worker through process.env, where tests run with MIGRATIONS_RUN=false.
 */
export default async function globalSetup(): Promise<void> {
  const runId = uniqueRunId();
  const database = `buendel_e2e_${runId}`;
  const admin = new Client({ connectionString: TEST_SERVER_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${database}"`);
  } finally {
    await admin.end();
  }
  const mailDir = path.join(tmpdir(), `buendel-e2e-mail-${runId}`);
  const catcher = await MailCatcher.start({ dir: mailDir, recipientRule: TEST_MAIL_RULE });
  (globalThis as { __MAIL_CATCHER__?: MailCatcher }).__MAIL_CATCHER__ = catcher;
  Object.assign(process.env, {
    NODE_ENV: 'test',
    // the run's evidence files, removed by the teardown
    EVIDENCE_DIR: path.join(tmpdir(), `buendel-e2e-evidence-${runId}`),
    SMTP_URL: catcher.url,
    E2E_MAIL_DIR: mailDir,
    DATABASE_URL: databaseUrlFor(database),
    E2E_DATABASE: database,
    REDIS_URL: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379',
    REDIS_PREFIX: `buendel-test-${runId}`,
    JWT_SECRET: `test-secret-${runId}-0123456789abcdefghijklmnopqrstuvwxyz`,
    OFFER_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    TENDER_MIN_SUBMISSION_SECONDS: '2',
    ADMIN_EMAIL: 'admin@e2e.test',
    ADMIN_PASSWORD: 'e2e-admin-password-1',
    // errors only: a 500 or a failed job prints its stack, so that a rare failure can be read off the run
    LOG_LEVEL: process.env['LOG_LEVEL'] ?? 'error',
    DEMO_DATA: 'false',
    MIGRATIONS_RUN: 'true',
    // every test file registers suppliers from 127.0.0.1; login-throttling.e2e-spec.ts tests the limit itself
    REGISTRATIONS_PER_ADDRESS_PER_HOUR: '1000',
    // the cheapest argon2id cost (1 MiB, 1 pass) instead of OWASP's 19 MiB and 2 passes: the tests
    // create and sign in hundreds of users, and argon2 took a large share of their time
    PASSWORD_HASH_MEMORY_KIB: '1024',
    PASSWORD_HASH_PASSES: '1',
  });
  const app = await createApiApp();
  try {
    await prepareDatabase(app);
  } finally {
    await app.close();
  }
  process.env['MIGRATIONS_RUN'] = 'false';
}
