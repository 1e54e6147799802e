import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@buendel/config';
import { ErrorKind } from '@buendel/errors';
import { TenderingErrorCode, TenderingException } from '../tendering.exception';

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
  /** HMAC-SHA256 of the content under the key: the supplier's receipt; reveals nothing without the key */
  digest: string;
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
    return {
      ciphertext,
      iv,
      authTag: cipher.getAuthTag(),
      keyId: this.keyId,
      digest: createHmac('sha256', this.key).update(plaintext).digest('hex'),
    };
  }

  open<T>(sealed: Omit<SealedOffer, 'digest'>, binding: OfferBinding, tender: TenderOpenState): T {
    const opened =
      ['opened', 'awarded'].includes(tender.status) &&
      tender.openedAt !== null &&
      tender.submissionDeadline.getTime() <= Date.now();
    if (!opened) {
      throw new TenderingException(
        ErrorKind.Conflict,
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
