import { codesWithoutGerman } from '@buendel/errors';
import { BUNDLING_ERROR_KINDS, BUNDLING_ERRORS_DE } from './bundling.exception';

describe('the German of the bundling codes', () => {
  it('has a German text for every code', () => {
    expect(codesWithoutGerman(BUNDLING_ERROR_KINDS, BUNDLING_ERRORS_DE)).toEqual([]);
  });
});
