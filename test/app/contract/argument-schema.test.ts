// The argument-schema vocabulary on its own: what each schema admits, and where and how it says a value does not fit.
import { describe, expect, test } from 'vitest';
import { arrayOf, boolean, describeValue, finiteNumber, integer, object, oneOf, optional, specObject, string } from '../../../app/contract/argument-schema.ts';

describe('argument schemas', () => {
  test('should admit what fits and say what was expected and what came otherwise', () => {
    expect(integer({ min: 1 }).check(3)).toBeNull();
    expect(integer({ min: 1 }).check(0)).toEqual({ path: '', problem: 'must be an integer >= 1, got 0' });
    expect(integer().check(2 ** 53)).toEqual({ path: '', problem: 'must be an integer, got 9007199254740992' });
    expect(finiteNumber().check(-0.5)).toBeNull();
    expect(finiteNumber().check(Infinity)).toEqual({ path: '', problem: 'must be a finite number, got Infinity' });
    expect(string({ maxLength: 3 }).check('abcd')).toEqual({ path: '', problem: 'must be a string of at most 3 characters, got "abcd"' });
    expect(string().check('')).toBeNull();
    expect(boolean().check(false)).toBeNull();
    expect(boolean().check(0)).toEqual({ path: '', problem: 'must be true or false, got 0' });
    expect(oneOf(['a', 'b']).check('c')).toEqual({ path: '', problem: 'must be one of a, b, got "c"' });
    expect(specObject().check({ anything: [1] })).toBeNull();
    expect(specObject().check([])).toEqual({ path: '', problem: 'must be an object, got []' });
  });

  test('should point inside arrays and objects to the first item or field that does not fit', () => {
    const ids = arrayOf(integer({ min: 1 }), { nonEmpty: true });
    const options = object({ mode: oneOf(['train', 'eval']), size: optional(finiteNumber()), ids: optional(ids) });

    expect(ids.check([])).toEqual({ path: '', problem: 'must be a non-empty array, got []' });
    expect(ids.check([1, 2, 'x'])).toEqual({ path: '[2]', problem: 'must be an integer >= 1, got "x"' });
    // eslint-disable-next-line no-sparse-arrays -- a hole, as an IPC message can carry one
    expect(ids.check([1, , 3])).toEqual({ path: '[1]', problem: 'must be an integer >= 1, got nothing' });
    expect(options.check({ mode: 'eval' })).toBeNull();
    expect(options.check({ mode: 'eval', ids: [1, 0] })).toEqual({ path: '.ids[1]', problem: 'must be an integer >= 1, got 0' });
    expect(options.check({ size: 3 })).toEqual({ path: '.mode', problem: 'must be one of train, eval, got nothing' });
    expect(options.check({ mode: 'eval', size: null })).toEqual({ path: '.size', problem: 'must be a finite number, got null' });
    expect(options.check({ mode: 'eval', sise: 3 })).toEqual({ path: '.sise', problem: 'is not a known field (known: mode, size, ids)' });
    // A field the object has only through its prototype is not given.
    expect(options.check(Object.create({ mode: 'eval' }))).toEqual({ path: '.mode', problem: 'must be one of train, eval, got nothing' });
  });

  test('should quote values briefly, whatever they are', () => {
    expect(describeValue(undefined)).toBe('nothing');
    expect(describeValue(NaN)).toBe('NaN');
    expect(describeValue('x'.repeat(1_000_000))).toBe(`"${'x'.repeat(56)}...`);
    expect(describeValue({ a: 'x'.repeat(100) })).toHaveLength(60);
    expect(describeValue(10n)).toBe('bigint');
    expect(describeValue(() => 1)).toBe('function');
  });
});
