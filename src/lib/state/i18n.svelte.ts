import { createFormatters, type Formatters } from '../i18n/format';
import { isLocaleCode, matchLocale, type LocaleCode } from '../i18n/locales';
import type { MessageKey } from '../i18n/messages/en';
import { createTranslator, type MessageValues } from '../i18n/translate';

const storageKey = 'crossbook.locale';

/** The chosen language, with `t()` and `format` that follow it reactively. */
export class I18n {
  locale = $state<LocaleCode>('en');
  readonly #translate = $derived(createTranslator(this.locale));
  readonly format: Formatters = $derived(createFormatters(this.locale));

  constructor(storage: Pick<Storage, 'getItem' | 'setItem'> | undefined, preferred: readonly string[]) {
    const saved = storage?.getItem(storageKey);
    this.locale = saved && isLocaleCode(saved) ? saved : matchLocale(preferred);
    this.#storage = storage;
  }

  readonly #storage: Pick<Storage, 'getItem' | 'setItem'> | undefined;

  t = (key: MessageKey, values?: MessageValues): string => this.#translate(key, values);

  setLocale(locale: LocaleCode): void {
    this.locale = locale;
    try {
      this.#storage?.setItem(storageKey, locale);
    } catch {
      // Storage may be full or disabled; the choice still holds for this visit.
    }
  }
}
