import { de } from './messages/de';
import { en, type Catalog } from './messages/en';
import { es } from './messages/es';
import { fr } from './messages/fr';
import { ja } from './messages/ja';
import { lv } from './messages/lv';
import { nb } from './messages/nb';
import { zh } from './messages/zh';

export interface LocaleInfo {
  /** A BCP 47 tag, used for both the catalog and `Intl` formatting. */
  code: string;
  /** The language's name in itself, for the picker. */
  name: string;
  catalog: Catalog;
}

export const locales = [
  { code: 'en', name: 'English', catalog: en },
  { code: 'lv', name: 'Latviešu', catalog: lv },
  { code: 'nb', name: 'Norsk bokmål', catalog: nb },
  { code: 'de', name: 'Deutsch', catalog: de },
  { code: 'fr', name: 'Français', catalog: fr },
  { code: 'es', name: 'Español', catalog: es },
  { code: 'zh', name: '中文', catalog: zh },
  { code: 'ja', name: '日本語', catalog: ja }
] as const satisfies readonly LocaleInfo[];

export type LocaleCode = (typeof locales)[number]['code'];

export const defaultLocale: LocaleCode = 'en';

export function isLocaleCode(code: string): code is LocaleCode {
  return locales.some((locale) => locale.code === code);
}

/**
 * Picks the first supported language of the user's preferences (`navigator.languages`), matching on the
 * primary subtag: `de-AT` → `de`, `no`/`nn` → `nb` (Norwegian users often send the macrolanguage).
 */
export function matchLocale(preferred: readonly string[]): LocaleCode {
  for (const tag of preferred) {
    const primary = tag.toLowerCase().split('-')[0];
    const candidate = primary === 'no' || primary === 'nn' ? 'nb' : primary;
    if (isLocaleCode(candidate)) return candidate;
  }
  return defaultLocale;
}
