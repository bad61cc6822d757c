// Times are stored in UTC and shown in the reader's zone, with the zone named.
import { describe, expect, test } from 'vitest';
import { formatTimestamp } from '../../../app/contract/dates.ts';

describe('formatTimestamp', () => {
  test.each([
    ['en-GB', 'Europe/Paris', '2 Dec 2026, 14:05 CET'],
    ['en-GB', 'UTC', '2 Dec 2026, 13:05 UTC'],
    ['en-US', 'America/New_York', 'Dec 2, 2026, 08:05 AM EST'],
  ])('should show a UTC time in %s, %s', (locale, zone, shown) => {
    expect(formatTimestamp('2026-12-02T13:05:09.123Z', locale, zone)).toBe(shown);
  });

  test('should follow summer time', () => {
    expect(formatTimestamp('2026-07-01T12:00:00Z', 'en-GB', 'Europe/Paris')).toBe('1 Jul 2026, 14:00 CEST');
  });

  test.each(['', 'nonsense', '2026-13-45T99:99:99Z'])('should show %j, which is no timestamp, as it is', (text) => {
    expect(formatTimestamp(text)).toBe(text);
  });
});
