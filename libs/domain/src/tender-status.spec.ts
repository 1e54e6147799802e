import { canTransition, isFinalStatus } from './demand-status';
import {
  areOffersOpened,
  canAwardTender,
  canCancelTender,
  canPublishTender,
  isTenderAwarded,
  isTenderDraft,
  isTenderPublished,
  TENDER_STATUS_MACHINE,
  TENDER_STATUSES,
} from './tender-status';

describe('the tender status machine', () => {
  const answers = (f: (s: string) => boolean) => TENDER_STATUSES.filter((s) => f(s));

  it('runs draft -> published -> opened -> awarded, cancelled from the first three, and ends there', () => {
    expect(canTransition(TENDER_STATUS_MACHINE, 'draft', 'published')).toBe(true);
    expect(canTransition(TENDER_STATUS_MACHINE, 'published', 'opened')).toBe(true);
    expect(canTransition(TENDER_STATUS_MACHINE, 'opened', 'awarded')).toBe(true);
    expect(canTransition(TENDER_STATUS_MACHINE, 'draft', 'opened')).toBe(false);
    expect(canTransition(TENDER_STATUS_MACHINE, 'awarded', 'cancelled')).toBe(false);
    expect(TENDER_STATUSES.filter((s) => isFinalStatus(TENDER_STATUS_MACHINE, s))).toEqual(['awarded', 'cancelled']);
  });

  it('answers the services’ questions from the machine', () => {
    expect(answers(canPublishTender)).toEqual(['draft']);
    expect(answers(canCancelTender)).toEqual(['draft', 'published', 'opened']);
    expect(answers(canAwardTender)).toEqual(['opened']);
    expect(answers(isTenderDraft)).toEqual(['draft']);
    expect(answers(isTenderPublished)).toEqual(['published']);
    expect(answers(areOffersOpened)).toEqual(['opened', 'awarded']);
    expect(answers(isTenderAwarded)).toEqual(['awarded']);
    expect(canCancelTender('unknown')).toBe(false);
  });
});
