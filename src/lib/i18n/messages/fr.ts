import type { Catalog } from './en';

/** French: awaiting translation; every message falls back to English, numbers and dates use this locale. */
export const fr: Catalog = {};
