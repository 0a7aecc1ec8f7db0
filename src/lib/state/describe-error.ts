import { CodedError } from '../engine/errors';
import { en, type MessageKey } from '../i18n/messages/en';
import type { Translate } from '../i18n/translate';

/** The user-facing text for an error: the catalog's message for its code when there is one. */
export function describeError(error: unknown, t: Translate): string {
  if (error instanceof CodedError) {
    const key = `error.${error.code}`;
    if (key in en) {
      const details = { ...error.details };
      return t(key as MessageKey, details);
    }
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
