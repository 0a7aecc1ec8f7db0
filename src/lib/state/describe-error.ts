import { CodedError } from '../engine/errors';
import type { Formatters } from '../i18n/format';
import { isMessageKey } from '../i18n/messages/en';
import type { Translate } from '../i18n/translate';

/** Details that are byte counts, shown as sizes ("3.2 GB") rather than long numbers. */
const byteDetails = new Set(['bytes', 'limit', 'needed', 'quota']);

/** The user-facing text for an error: the catalog's message for its code when there is one. */
export function describeError(error: unknown, { t, format }: { t: Translate; format: Formatters }): string {
  if (error instanceof CodedError) {
    const key = `error.${error.code}`;
    if (isMessageKey(key)) {
      const details = Object.fromEntries(
        Object.entries(error.details).map(([name, value]) => [
          name,
          byteDetails.has(name) && typeof value === 'number' ? format.bytes(value) : value
        ])
      );
      return t(key, details);
    }
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
