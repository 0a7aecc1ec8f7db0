import type { Catalog } from './en';

/** Norwegian (Bokmål): awaiting translation; every message falls back to English, numbers and dates use this locale. */
export const nb: Catalog = {};
