import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { AppConfig } from '@buendel/config';
import { OfferBinding, OfferVault } from './offer-vault';

const vault = new OfferVault({ OFFER_ENCRYPTION_KEY: randomBytes(32).toString('base64') } as AppConfig);
const binding: OfferBinding = {
  offerId: randomUUID(),
  tenderId: randomUUID(),
  lotId: randomUUID(),
  supplierOrganisationId: randomUUID(),
  version: 1,
};
const content = { prices: [{ itemId: 'i', unitPriceEur: 27_990 }], criteria: ['ZERO_EMISSION_VEHICLE'] };
const opened = {
  status: 'opened',
  openedAt: new Date(Date.now() - 1000),
  submissionDeadline: new Date(Date.now() - 2000),
};

describe('OfferVault', () => {
  it('seals so that the stored bytes do not show the content, and opens after the opening', () => {
    const sealed = vault.seal(content, binding);
    expect(sealed.ciphertext.toString('utf8')).not.toContain('27990');
    expect(sealed.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(sealed.salt).toMatch(/^[0-9a-f]{64}$/);
    expect(vault.open(sealed, binding, opened)).toEqual(content);
  });

  it('refuses to open before the tender is opened, whoever asks', () => {
    const sealed = vault.seal(content, binding);
    const future = new Date(Date.now() + 60_000);
    for (const state of [
      { status: 'published', openedAt: null, submissionDeadline: future },
      { status: 'published', openedAt: null, submissionDeadline: new Date(Date.now() - 1) },
      { status: 'opened', openedAt: new Date(), submissionDeadline: future },
    ]) {
      expect(() => vault.open(sealed, binding, state)).toThrow(/sealed until the submission deadline/);
    }
  });

  it('does not open a ciphertext moved to another offer, lot, supplier or version', () => {
    const sealed = vault.seal(content, binding);
    for (const other of [
      { lotId: randomUUID() },
      { supplierOrganisationId: randomUUID() },
      { version: 2 },
      { offerId: randomUUID() },
    ]) {
      expect(() => vault.open(sealed, { ...binding, ...other }, opened)).toThrow(/authenticate/);
    }
  });

  it('gives a different ciphertext for the same content each time', () => {
    expect(vault.seal(content, binding).ciphertext.equals(vault.seal(content, binding).ciphertext)).toBe(false);
  });

  it('gives equal offers different digests: a digest confirms no price guess', () => {
    const digests = new Set(Array.from({ length: 20 }, () => vault.seal(content, binding).digest));
    expect(digests.size).toBe(20);
    // another vault with another key, same content: still no way to tell the two apart
    const other = new OfferVault({ OFFER_ENCRYPTION_KEY: randomBytes(32).toString('base64') } as AppConfig);
    expect(digests.has(other.seal(content, binding).digest)).toBe(false);
  });

  it('lets the supplier verify its receipt from what it submitted and the receipt alone', () => {
    const sealed = vault.seal(content, binding);
    // the formula the receipt documents, computed here without the vault or its key
    const recompute = (prices: typeof content) =>
      createHash('sha256')
        .update(
          `buendel-offer-receipt-v2|${sealed.salt}|${binding.tenderId}|${binding.lotId}|${binding.offerId}|v1|` +
            JSON.stringify(prices),
        )
        .digest('hex');
    expect(recompute(content)).toBe(sealed.digest);
    expect(recompute({ ...content, prices: [{ itemId: 'i', unitPriceEur: 27_991 }] })).not.toBe(sealed.digest);
  });
});
