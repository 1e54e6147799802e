import { InvalidInputError } from '../errors';
import { OcdsJointTenderInput, OcdsJointTenderStatus } from './input';
import { OcdsReleaseTag } from './output';
import { TENDER_STATUS } from './constants';
import { requireText } from './helpers';

// OCDS builder: Status and tags

/** Awards, contracts and suppliers exist only once awarded; tenderers are secret before opening. */
export function assertStatusAllows(input: OcdsJointTenderInput): void {
  const { status } = input.tender;
  if (!Object.hasOwn(TENDER_STATUS, status))
    throw new InvalidInputError('tender.status', `unknown status "${String(status)}"`);
  if (status !== 'awarded') {
    for (const field of ['awards', 'contracts', 'suppliers'] as const) {
      if (input[field].length > 0)
        throw new InvalidInputError(field, `must be empty unless the tender is awarded (status ${status})`);
    }
  }
  if ((input.tenderers?.length ?? 0) > 0 && status !== 'opened' && status !== 'awarded') {
    throw new InvalidInputError('tenderers', `are confidential before the offers are opened (status ${status})`);
  }
}

/** Release tags per status; an awarded tender has `contract` too once it has contracts. */
export function releaseTags(status: OcdsJointTenderStatus, contractCount: number): OcdsReleaseTag[] {
  switch (status) {
    case 'draft':
      return ['planning'];
    case 'published':
    case 'opened':
      return ['tender'];
    case 'awarded':
      return contractCount > 0 ? ['award', 'contract'] : ['award'];
    case 'cancelled':
      return ['tenderCancellation'];
  }
}

/** `2026-03-01T10:00:00.000Z` -> `20260301T100000Z` (milliseconds kept only when not zero). */
export function compactInstant(iso: string): string {
  return iso.replace(/\.000Z$/, 'Z').replace(/[-:]/g, '');
}

export function planningRationale(bundleId: string, buyerCount: number): string {
  return (
    `Gemeinsame Beschaffung von ${buyerCount} öffentlichen Auftraggebern; ` +
    `der Bedarf wurde im Bündel ${requireText(bundleId, 'tender.bundleId')} zusammengefasst.`
  );
}
