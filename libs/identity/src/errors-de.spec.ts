import { codesWithoutGerman } from '@buendel/errors';
import { IDENTITY_ERROR_KINDS, IDENTITY_ERRORS_DE } from './identity.exception';

describe('the German of the identity codes', () => {
  it('has a German text for every code', () => {
    expect(codesWithoutGerman(IDENTITY_ERROR_KINDS, IDENTITY_ERRORS_DE)).toEqual([]);
  });
});
