import { fieldsWithNul, JsonNesting, jsonNestsDeeperThan } from './input-limits';
import { isCalendarDateInYears, isInstantInYears } from './validators';

describe('input limits', () => {
  it('measures the nesting of JSON, not counting brackets inside strings or after escaped quotes', () => {
    expect(jsonNestsDeeperThan('[[[]]]', 3)).toBe(false);
    expect(jsonNestsDeeperThan('[[[[]]]]', 3)).toBe(true);
    expect(jsonNestsDeeperThan('{"a":[{"b":{}}]}', 4)).toBe(false);
    expect(jsonNestsDeeperThan('{"a":[{"b":{"c":1}}]}', 3)).toBe(true);
    expect(jsonNestsDeeperThan(`["${'['.repeat(100)}"]`, 1)).toBe(false);
    expect(jsonNestsDeeperThan(`["\\"${'{'.repeat(10)}"]`, 1)).toBe(false);
    expect(jsonNestsDeeperThan(`["\\\\", [[]]]`, 2)).toBe(true);
  });

  it('follows the nesting across chunks, also when a chunk ends inside an escape', () => {
    const n = new JsonNesting(2);
    expect(n.tooDeepAfter('["a\\')).toBe(false);
    expect(n.tooDeepAfter('"[[[", [')).toBe(false);
    expect(n.tooDeepAfter('[')).toBe(true);
  });

  it('names every field holding U+0000, in lists and keys too, and leaves other text alone', () => {
    expect(fieldsWithNul({ a: 'x', b: { c: ['ok', 'n\u0000'] }, ['k\u0000']: 1 })).toEqual(['b.c.1', 'k\\u0000']);
    expect(fieldsWithNul({ search: 'Papier', id: 'ä😀' })).toEqual([]);
    expect(fieldsWithNul('\u0000')).toEqual(['(body)']);
    expect(fieldsWithNul(Buffer.from([0]))).toEqual([]);
  });

  it('takes dates and instants from 1900 to 2200 only', () => {
    expect(isCalendarDateInYears('1900-01-01')).toBe(true);
    expect(isCalendarDateInYears('2200-12-31')).toBe(true);
    expect(isCalendarDateInYears('0000-01-01')).toBe(false);
    expect(isCalendarDateInYears('2201-01-01')).toBe(false);
    expect(isCalendarDateInYears('2027-02-29')).toBe(false);
    expect(isInstantInYears('2027-01-20T12:00:00+01:00')).toBe(true);
    expect(isInstantInYears('0000-01-01T00:00:00Z')).toBe(false);
    expect(isInstantInYears('+275760-09-13T00:00:00Z')).toBe(false);
    expect(isInstantInYears('2027-W01')).toBe(false);
    expect(isInstantInYears('next Friday')).toBe(false);
  });
});
