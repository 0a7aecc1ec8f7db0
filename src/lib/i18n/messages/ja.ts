import type { Catalog } from './en';

/** Japanese: awaiting translation; every message falls back to English, numbers and dates use this locale. */
export const ja: Catalog = {};
