import { promises as fs } from 'node:fs';
import { Redis } from 'ioredis';
import type { MailCatcher } from '@buendel/mail';
import { Client } from 'pg';
import { TEST_SERVER_URL } from '@buendel/testing';

/** Stops the run's SMTP server; drops the run's database, mails and Redis keys (KEEP_TEST_DB=1 keeps them). */
export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __MAIL_CATCHER__?: MailCatcher }).__MAIL_CATCHER__?.close();
  if (process.env['KEEP_TEST_DB'] === '1') return;
  const mailDir = process.env['E2E_MAIL_DIR'];
  if (mailDir?.includes('buendel-e2e-mail-')) await fs.rm(mailDir, { recursive: true, force: true });
  const evidenceDir = process.env['EVIDENCE_DIR'];
  if (evidenceDir?.includes('buendel-e2e-evidence-')) await fs.rm(evidenceDir, { recursive: true, force: true });
  const database = process.env['E2E_DATABASE'];
  if (database) {
    const admin = new Client({ connectionString: TEST_SERVER_URL });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  }
  const prefix = process.env['REDIS_PREFIX'];
  if (prefix?.startsWith('buendel-test-')) {
    const redis = new Redis(process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379');
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    await redis.quit();
  }
}
