import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { areOffersOpened } from '@buendel/domain';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@buendel/config';
import { tenderingError, TenderingErrorCode } from '../tendering.exception';

/** what binds a ciphertext to its row: a sealed offer moved to another row no longer opens */
export interface OfferBinding {
  offerId: string;
  tenderId: string;
  lotId: string;
  supplierOrganisationId: string;
  version: number;
}

export interface SealedOffer {
  ciphertext: Buffer;
  iv: Buffer;
  authTag: Buffer;
  keyId: string;
  /** a random salt of this submission, kept with the offer and given to the supplier in its receipt */
  salt: string;
  /** the supplier's receipt: see receiptDigest */
  digest: string;
}

/** bytes of the per-offer random salt (hex in the receipt) */
const SALT_BYTES = 32;

/**
 * The receipt digest: SHA-256 (hex) of
 * `buendel-offer-receipt-v2|<salt>|<tenderId>|<lotId>|<offerId>|v<version>|<content as JSON>`,
 * where the content is `{"prices":[{"itemId":..,"unitPriceEur":..}],"criteria":[..]}` as
 * submitted. The random salt makes equal offers give different digests, so a digest tells
 * nobody anything about the prices; the supplier, who knows its content and gets the salt
 * in the receipt, can compute the digest itself and so check what the platform holds.
 */
export function receiptDigest(salt: string, binding: OfferBinding, plaintext: string | Buffer): string {
  return createHash('sha256')
    .update(
      `buendel-offer-receipt-v2|${salt}|${binding.tenderId}|${binding.lotId}|${binding.offerId}|v${binding.version}|`,
    )
    .update(plaintext)
    .digest('hex');
}

/** the tender state the vault checks itself before it opens anything */
export interface TenderOpenState {
  status: string;
  openedAt: Date | null;
  submissionDeadline: Date;
}

/**
 * Seals offers with AES-256-GCM (OFFER_ENCRYPTION_KEY) and opens them only for a tender that
 * is opened (status opened or awarded, opening recorded, deadline passed): even a caller that
 * forgot a check cannot read an offer early. The additional authenticated data binds each
 * ciphertext to its offer, tender, lot, supplier and version.
 */
@Injectable()
export class OfferVault {
  private readonly key: Buffer;
  readonly keyId: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    // base64 decoding in Node accepts the URL-safe alphabet too (the launcher writes base64url)
    this.key = Buffer.from(config.OFFER_ENCRYPTION_KEY, 'base64');
    if (this.key.length !== 32) throw new Error('OFFER_ENCRYPTION_KEY must be 32 bytes');
    this.keyId = createHash('sha256').update(this.key).digest('hex').slice(0, 12);
  }

  seal(content: unknown, binding: OfferBinding): SealedOffer {
    const plaintext = Buffer.from(JSON.stringify(content), 'utf8');
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(aad(binding));
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    const salt = randomBytes(SALT_BYTES).toString('hex');
    return {
      ciphertext,
      iv,
      authTag: cipher.getAuthTag(),
      keyId: this.keyId,
      salt,
      digest: receiptDigest(salt, binding, plaintext),
    };
  }

  open<T>(sealed: Omit<SealedOffer, 'digest' | 'salt'>, binding: OfferBinding, tender: TenderOpenState): T {
    const opened =
      areOffersOpened(tender.status) && tender.openedAt !== null && tender.submissionDeadline.getTime() <= Date.now();
    if (!opened) {
      throw tenderingError(
        TenderingErrorCode.OffersSealed,
        'Offers stay sealed until the submission deadline has passed and the tender is opened (§ 55 VgV)',
      );
    }
    if (sealed.keyId !== this.keyId)
      throw new Error(`offer ${binding.offerId} was sealed with key ${sealed.keyId}, not the configured ${this.keyId}`);
    const decipher = createDecipheriv('aes-256-gcm', this.key, sealed.iv);
    decipher.setAAD(aad(binding));
    decipher.setAuthTag(sealed.authTag);
    return JSON.parse(Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]).toString('utf8')) as T;
  }
}

function aad(b: OfferBinding): Buffer {
  return Buffer.from(`${b.offerId}|${b.tenderId}|${b.lotId}|${b.supplierOrganisationId}|v${b.version}`, 'utf8');
}
