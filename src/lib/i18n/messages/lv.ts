import type { Catalog } from './en';

/** Latvian: awaiting translation; every message falls back to English, numbers and dates use this locale. */
export const lv: Catalog = {};
