import { catchNotebookError, type NotebookFailure, type NotebookWarning } from './failure';
import { parseNotebook } from './format';
import { checkNotebookSize } from './limits';
import { migrateDocument } from './migrate';
import { normalizeNotebook, type Notebook } from './model';
import { validateDocument } from './validate';

export type LoadResult =
  | {
      ok: true;
      notebook: Notebook;
      /** What was dropped or corrected; show them, the notebook is usable. */
      warnings: NotebookWarning[];
      /** The file's version when it was older and migrated (saving writes the current version). */
      migratedFrom: number | null;
    }
  | NotebookFailure;

/**
 * The one way a notebook gets in, whatever the door: opened, dropped, picked from the gallery, restored from
 * autosave. Size cap → parse → migrate → validate → normalise; any step can refuse, and a refusal returns
 * before anything is built, so the caller's current notebook stays as it was.
 *
 * For a `File`, call `checkNotebookSize(file.size)` before reading it, so a huge file is not read at all.
 */
export function loadNotebook(text: string): LoadResult {
  const tooLarge = checkNotebookSize(text.length);
  if (tooLarge) return tooLarge;
  const parsed = parseNotebook(text);
  if (!parsed.ok) return parsed;
  const migrated = migrateDocument(parsed.document);
  if (!migrated.ok) return migrated;
  const validated = catchNotebookError(() => validateDocument(migrated.document));
  if ('ok' in validated) return validated;
  return {
    ok: true,
    notebook: normalizeNotebook(validated.spec),
    warnings: validated.warnings,
    migratedFrom: migrated.applied.length > 0 ? parsed.document.version : null
  };
}
