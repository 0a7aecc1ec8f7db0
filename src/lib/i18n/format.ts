/**
 * Numbers, money, dates and sizes for one locale, all through `Intl`. Dates stored by Crossbook are ISO-8601
 * text in UTC, so they are shown in UTC: an order placed on 2024-03-31 must not appear as March 30 to an
 * analyst west of Greenwich.
 */
export interface Formatters {
  number(value: number | bigint, maximumFractionDigits?: number): string;
  integer(value: number | bigint): string;
  percent(ratio: number, fractionDigits?: number): string;
  money(value: number, currency: string): string;
  date(iso: string): string;
  dateTime(iso: string): string;
  duration(milliseconds: number): string;
  bytes(count: number): string;
}

export function createFormatters(locale: string): Formatters {
  const integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const dateTime = new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'UTC'
  });
  const unit = (u: string, max = 1) =>
    new Intl.NumberFormat(locale, {
      style: 'unit',
      unit: u,
      unitDisplay: 'short',
      maximumFractionDigits: max
    });

  return {
    number: (value, maximumFractionDigits = 2) =>
      new Intl.NumberFormat(locale, { maximumFractionDigits }).format(value),
    integer: (value) => integer.format(value),
    percent: (ratio, fractionDigits = 1) =>
      new Intl.NumberFormat(locale, {
        style: 'percent',
        minimumFractionDigits: fractionDigits,
        maximumFractionDigits: fractionDigits
      }).format(ratio),
    money: (value, currency) => new Intl.NumberFormat(locale, { style: 'currency', currency }).format(value),
    date: (iso) => formatIso(date, iso),
    dateTime: (iso) => formatIso(dateTime, iso),
    duration: (milliseconds) => {
      if (milliseconds < 1000) return unit('millisecond', 0).format(Math.round(milliseconds));
      if (milliseconds < 60_000) return unit('second', 1).format(milliseconds / 1000);
      return unit('minute', 1).format(milliseconds / 60_000);
    },
    bytes: (count) => {
      const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'];
      let value = count;
      let index = 0;
      while (value >= 1000 && index < units.length - 1) {
        value /= 1000;
        index++;
      }
      return unit(units[index], index === 0 ? 0 : 1).format(value);
    }
  };
}

/** Unparseable text is shown as it is rather than as "Invalid Date". */
function formatIso(format: Intl.DateTimeFormat, iso: string): string {
  const time = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso}T00:00:00Z` : iso);
  return Number.isNaN(time) ? iso : format.format(time);
}
