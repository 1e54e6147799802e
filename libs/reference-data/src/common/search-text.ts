/** Pure helpers for the look-up searches (SQL patterns built from user input, safely). */

/** more words than this are ignored for the per-word match (the whole phrase still ranks) */
export const SEARCH_MAX_TERMS = 8;

/** escapes LIKE/ILIKE wildcards (the default escape character is the backslash) */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** escapes every character that is special in a PostgreSQL regular expression (ARE) */
export function escapeRegex(value: string): string {
  return value.replace(/[\\^$.|?*+()[\]{}]/g, (c) => `\\${c}`);
}

/** the words of a search, lower-case, without duplicates */
export function searchTerms(search: string): string[] {
  const words = search
    .toLowerCase()
    .split(/[\s,;/]+/)
    .map((w) => w.replace(/^[-.()]+|[-.()]+$/g, ''))
    .filter((w) => w.length > 0);
  return [...new Set(words)].slice(0, SEARCH_MAX_TERMS);
}

/** lower case with the German umlauts and ß spelled out, so that "Muenchen" finds "München" */
export function foldGerman(value: string): string {
  return value.toLowerCase().replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss');
}

/** the same folding in SQL, for a text expression */
export function foldGermanSql(expression: string): string {
  return `replace(replace(replace(replace(lower(${expression}), 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'ß', 'ss')`;
}

/** SQL parameters for a text search: the phrase, and per word a substring and a word-start pattern */
export interface TextSearchParams {
  /** lower-case phrase, for equality and trigram similarity */
  phrase: string;
  /** ILIKE pattern: the phrase anywhere */
  phraseContains: string;
  /** ILIKE pattern: the phrase at the start */
  phrasePrefix: string;
  /** regular expression: the phrase at the start of a word */
  phraseWordStart: string;
  /** ILIKE patterns: every word anywhere */
  termsContain: string[];
  /** regular expressions: every word at the start of a word */
  termsWordStart: string[];
}

/** `fold` spells out umlauts (compare with foldGermanSql on the column); else lower case only */
export function textSearchParams(search: string, options: { fold?: boolean } = {}): TextSearchParams {
  const normalise = options.fold ? foldGerman : (v: string) => v.toLowerCase();
  const phrase = normalise(search);
  const terms = searchTerms(phrase);
  const words = terms.length ? terms : [phrase];
  return {
    phrase,
    phraseContains: `%${escapeLike(phrase)}%`,
    phrasePrefix: `${escapeLike(phrase)}%`,
    phraseWordStart: `\\m${escapeRegex(phrase)}`,
    termsContain: words.map((t) => `%${escapeLike(t)}%`),
    termsWordStart: words.map((t) => `\\m${escapeRegex(t)}`),
  };
}
