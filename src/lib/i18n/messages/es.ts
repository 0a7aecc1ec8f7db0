import type { Catalog } from './en';

/** Spanish: awaiting translation; every message falls back to English, numbers and dates use this locale. */
export const es: Catalog = {};
