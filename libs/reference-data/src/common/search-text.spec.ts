import { escapeLike, escapeRegex, searchTerms, textSearchParams } from './search-text';

describe('search text helpers', () => {
  it('escapes LIKE wildcards and regular expression syntax', () => {
    expect(escapeLike('100%_a\\b')).toBe('100\\%\\_a\\\\b');
    expect(escapeRegex('a.b*(c)[d]+?^$|{1}\\')).toBe('a\\.b\\*\\(c\\)\\[d\\]\\+\\?\\^\\$\\|\\{1\\}\\\\');
  });

  it('splits the words of a search, lower-case, once each', () => {
    expect(searchTerms('Office Chairs, office')).toEqual(['office', 'chairs']);
    expect(searchTerms('(Blei-)Batterien')).toEqual(['blei-)batterien']);
  });

  it('builds the parameters of a text search', () => {
    expect(textSearchParams('Batterie 50%')).toEqual({
      phrase: 'batterie 50%',
      phraseContains: '%batterie 50\\%%',
      phrasePrefix: 'batterie 50\\%%',
      phraseWordStart: '\\mbatterie 50%',
      termsContain: ['%batterie%', '%50\\%%'],
      termsWordStart: ['\\mbatterie', '\\m50%'],
    });
  });
});
