import type { Catalog } from './en';

/** Chinese (Simplified): awaiting translation; every message falls back to English, numbers and dates use this locale. */
export const zh: Catalog = {};
