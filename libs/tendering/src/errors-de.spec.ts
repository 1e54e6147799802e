import { codesWithoutGerman } from '@buendel/errors';
import { TENDERING_ERROR_KINDS, TENDERING_ERRORS_DE } from './tendering.exception';
import { EVIDENCE_ERROR_KINDS, EVIDENCE_ERRORS_DE } from './evidence/evidence.exception';
import { FRAMEWORK_ERROR_KINDS, FRAMEWORK_ERRORS_DE } from './frameworks/frameworks.exception';

describe('the German of the tendering codes (every problem a procurement officer reads is German)', () => {
  it.each([
    ['tendering', codesWithoutGerman(TENDERING_ERROR_KINDS, TENDERING_ERRORS_DE)],
    ['evidence', codesWithoutGerman(EVIDENCE_ERROR_KINDS, EVIDENCE_ERRORS_DE)],
    ['frameworks', codesWithoutGerman(FRAMEWORK_ERROR_KINDS, FRAMEWORK_ERRORS_DE)],
  ])('has a German text for every %s code', (_context, missing) => {
    expect(missing).toEqual([]);
  });
});
