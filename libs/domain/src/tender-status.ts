import { canTransition, type StatusMachine } from './demand-status';

/**
 * The status machine of a joint tender, and the questions the services ask of a status.
 *
 * `draft` (the coordinator prepares it) -> `published` (suppliers may offer until the deadline)
 * -> `opened` (the deadline passed; the sealed offers are open) -> `awarded` (every lot
 * decided); `cancelled` from any of the first three (its bundle and demands are released).
 * `awarded` and `cancelled` are final.
 */
export const TENDER_STATUSES = ['draft', 'published', 'opened', 'awarded', 'cancelled'] as const;
export type TenderStatus = (typeof TENDER_STATUSES)[number];

export const TENDER_STATUS_MACHINE: StatusMachine<TenderStatus> = Object.freeze({
  entity: 'tender',
  transitions: Object.freeze({
    draft: ['published', 'cancelled'],
    published: ['opened', 'cancelled'],
    opened: ['awarded', 'cancelled'],
    awarded: [],
    cancelled: [],
  } as const),
});

function isTenderStatus(status: string): status is TenderStatus {
  return Object.prototype.hasOwnProperty.call(TENDER_STATUS_MACHINE.transitions, status);
}

function can(status: string, to: TenderStatus): boolean {
  return isTenderStatus(status) && canTransition(TENDER_STATUS_MACHINE, status, to);
}

/** only a draft is published */
export function canPublishTender(status: string): boolean {
  return can(status, 'published');
}

/** a draft, published or opened tender can be cancelled */
export function canCancelTender(status: string): boolean {
  return can(status, 'cancelled');
}

/** lots are awarded once the offers are opened (the tender stays opened until every lot is decided) */
export function canAwardTender(status: string): boolean {
  return can(status, 'awarded');
}

/** a draft's content is the coordinator's to change freely; a published tender's only by a notice of change */
export function isTenderDraft(status: string): boolean {
  return status === 'draft';
}

/** published (offers until the deadline), not yet opened */
export function isTenderPublished(status: string): boolean {
  return status === 'published';
}

/** the offers have been opened: the tender is opened or awarded */
export function areOffersOpened(status: string): boolean {
  return status === 'opened' || status === 'awarded';
}

/** every lot decided */
export function isTenderAwarded(status: string): boolean {
  return status === 'awarded';
}
