import { loadNotebook, type LoadResult } from './load';

/**
 * The bundled notebooks in `notebooks/` at the repository root, shown as examples and templates. Vite inlines
 * their text at build time (no request at run time); each goes through `loadNotebook` like any other file.
 */
const files = import.meta.glob<string>('/notebooks/*.md', { query: '?raw', import: 'default', eager: true });

export interface GalleryEntry {
  /** The file name, e.g. `revenue-by-country.md`. */
  file: string;
  title: string;
  description: string;
  /** The file's text: pass it to `loadNotebook` to open it. */
  text: string;
}

/** Every bundled notebook, sorted by file name. A file that does not load is a build error (see its test). */
export function galleryEntries(): GalleryEntry[] {
  return Object.entries(files)
    .map(([path, text]) => {
      const file = path.slice(path.lastIndexOf('/') + 1);
      const loaded: LoadResult = loadNotebook(text);
      if (!loaded.ok) throw new Error(`The bundled notebook ${file} does not load: ${loaded.message}`);
      return { file, title: loaded.notebook.title, description: loaded.notebook.description, text };
    })
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}
