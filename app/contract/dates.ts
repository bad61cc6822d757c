// Stored times are UTC (ISO 8601); people read them in their own time zone, with the zone named so
// a screenshot or a report sent elsewhere is not misread. One formatter for the UI, reports and CLI.

const DATE_TIME: Intl.DateTimeFormatOptions = {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZoneName: 'short',
};

/** "2 Dec 2026, 14:05 CET" (in the reader's locale and zone); text that is no timestamp is shown as it is. */
export function formatTimestamp(iso: string, locale?: string, timeZone?: string): string {
  const time = Date.parse(iso);
  if (!/^\d{4}-\d\d-\d\dT/.test(iso) || Number.isNaN(time)) return iso;
  return new Intl.DateTimeFormat(locale, { ...DATE_TIME, timeZone }).format(time);
}
