import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { CaughtMail, RecipientRule } from '@buendel/mail';
import { eventually } from '@buendel/testing';

export type { CaughtMail };

/**
 * The run's SMTP server (started in global-setup.ts, SMTP_URL of every API and worker of the run)
 * refuses some recipients, so that tests can see retries and refusals: an address that starts
 * with `refuse` gets a permanent 550, one that starts with `later` a 451 at its first attempt.
 */
export const TEST_MAIL_RULE: RecipientRule = (address, attempt) => {
  if (address.startsWith('refuse')) return { code: 550, message: 'Mailbox unavailable (test rule)' };
  if (address.startsWith('later') && attempt === 1) return { code: 451, message: 'Try again later (test rule)' };
  return undefined;
};

/** every mail the run's SMTP server received so far, oldest first */
export async function caughtMails(): Promise<CaughtMail[]> {
  const dir = process.env['E2E_MAIL_DIR'];
  if (!dir) throw new Error('E2E_MAIL_DIR is not set: run the tests through test/jest.config.js');
  const files = (await fs.readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  return Promise.all(files.map(async (f) => JSON.parse(await fs.readFile(path.join(dir, f), 'utf8')) as CaughtMail));
}

/** the mails received for this address (envelope recipient) */
export async function mailsTo(address: string): Promise<CaughtMail[]> {
  const lower = address.toLowerCase();
  return (await caughtMails()).filter((m) => m.envelope.to.includes(lower));
}

/** waits until `count` mails for this address arrived (and returns them) */
export function awaitMailsTo(address: string, count = 1, timeoutMs = 15_000): Promise<CaughtMail[]> {
  return eventually(async () => {
    const mails = await mailsTo(address);
    return mails.length >= count ? mails : undefined;
  }, timeoutMs);
}
