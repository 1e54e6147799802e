import { normaliseSearch } from './search-input';

describe('search input', () => {
  it('normalises white space; empty is no search; non-strings pass through for validation', () => {
    expect(normaliseSearch('  office   chairs ')).toBe('office chairs');
    expect(normaliseSearch('   ')).toBeUndefined();
    expect(normaliseSearch(['a', 'b'])).toEqual(['a', 'b']);
  });
});
