import { IntlMessageFormat } from 'intl-messageformat';
import { locales, type LocaleCode } from './locales';
import { en, type MessageKey } from './messages/en';

export type MessageValues = Record<string, string | number>;
export type Translate = (key: MessageKey, values?: MessageValues) => string;

/**
 * A `t(key, values)` for one locale. Messages missing from the locale's catalog come from English; plural and
 * number rules still follow the chosen locale. Compiled formats are cached per translator.
 */
export function createTranslator(locale: LocaleCode): Translate {
  const catalog = locales.find((l) => l.code === locale)?.catalog ?? en;
  const compiled = new Map<MessageKey, IntlMessageFormat>();
  return (key, values) => {
    let format = compiled.get(key);
    if (format === undefined) {
      const text = (catalog as Record<string, string | undefined>)[key] ?? en[key];
      format = new IntlMessageFormat(text, locale);
      compiled.set(key, format);
    }
    return String(format.format(values));
  };
}
