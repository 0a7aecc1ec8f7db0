import { downloadBlob } from './download';

/*
 * Notebook files in and out. Chromium-based browsers offer the File System Access API
 * (https://wicg.github.io/file-system-access/): a save dialog that returns a handle, so "Save" can write the
 * same file again without asking, and the write goes to a swap file that replaces the original only on
 * `close()`, so a failed write never leaves half a notebook on disk. Firefox and Safari have neither picker:
 * saving downloads the file, opening uses a plain file input. Both pickers need a user gesture (call these
 * from a click or key handler).
 */

const MIME = 'text/markdown';
const EXTENSION = '.crossbook.md';
/** Whole file name, in UTF-16 code units: short enough to read in a file dialog. */
const MAX_NAME_CHARS = 120;
/** ext4, APFS and NTFS allow 255 bytes (or UTF-16 units) per name; leave room for a " (1)" a browser adds. */
const MAX_NAME_BYTES = 240;

/** What the pickers accept: Chromium checks each extension (a dot, then letters, digits, `.` or `+`). */
const PICKER_TYPES = [{ description: 'Crossbook notebook', accept: { [MIME]: ['.md'] } }];

interface FilePickerType {
  description?: string;
  accept: Record<string, string[]>;
}

/** The File System Access pickers; not in TypeScript's DOM library, and absent outside Chromium. */
interface FilePickerWindow {
  showSaveFilePicker?: (options: {
    suggestedName?: string;
    types?: FilePickerType[];
    id?: string;
  }) => Promise<FileSystemFileHandle>;
  showOpenFilePicker?: (options: {
    types?: FilePickerType[];
    multiple?: boolean;
    excludeAcceptAllOption?: boolean;
    id?: string;
  }) => Promise<FileSystemFileHandle[]>;
}

/** Remembers the folder last used for notebooks, separately from other pickers of the site. */
const PICKER_ID = 'crossbook-notebooks';

/** Saves through the File System Access API when the browser has it (returns the handle, so "Save" writes the same file again), else downloads. */
export async function saveNotebookFile(
  text: string,
  suggestedName: string,
  handle?: FileSystemFileHandle | null
): Promise<{ handle: FileSystemFileHandle | null; fileName: string } | null /* null: user cancelled */> {
  const pickers = window as FilePickerWindow;
  if (handle) {
    try {
      await writeText(handle, text);
      return { handle, fileName: handle.name };
    } catch (error) {
      if (isCancel(error)) return null;
      // The user refused write permission this time, or the file was moved or deleted: ask where to save.
      if (!isNamed(error, 'NotAllowedError', 'NotFoundError') || !pickers.showSaveFilePicker) throw error;
    }
  }
  if (pickers.showSaveFilePicker) {
    let picked: FileSystemFileHandle;
    try {
      picked = await pickers.showSaveFilePicker({ suggestedName, types: PICKER_TYPES, id: PICKER_ID });
      await writeText(picked, text);
    } catch (error) {
      if (isCancel(error)) return null;
      throw error;
    }
    return { handle: picked, fileName: picked.name };
  }
  downloadBlob(new Blob([text], { type: `${MIME};charset=utf-8` }), suggestedName);
  return { handle: null, fileName: suggestedName };
}

/**
 * Lets the user pick a notebook file (`.md`, `.crossbook.md`, text/markdown); null when cancelled. Check
 * `file.size` with `checkNotebookSize` before reading it.
 */
export async function pickNotebookFile(): Promise<File | null> {
  const pickers = window as FilePickerWindow;
  if (pickers.showOpenFilePicker) {
    try {
      const [handle] = await pickers.showOpenFilePicker({ types: PICKER_TYPES, id: PICKER_ID });
      return handle ? await handle.getFile() : null;
    } catch (error) {
      if (isCancel(error)) return null;
      throw error;
    }
  }
  return pickWithInput();
}

/**
 * A hidden file input. Its `cancel` event (Chromium 113, Firefox 91, Safari 16.4) reports a closed dialog;
 * older browsers never say, and the promise then stays pending, which holds nothing but the input.
 */
function pickWithInput(): Promise<File | null> {
  return new Promise((resolve) => {
    const input = Object.assign(document.createElement('input'), {
      type: 'file',
      accept: `.md,${MIME}`,
      hidden: true
    });
    const finish = (file: File | null) => {
      input.remove();
      resolve(file);
    };
    input.addEventListener('change', () => finish(input.files?.[0] ?? null), { once: true });
    input.addEventListener('cancel', () => finish(null), { once: true });
    // Attached, because older Safari opens no dialog for a detached input.
    document.body.append(input);
    input.click();
  });
}

async function writeText(handle: FileSystemFileHandle, text: string): Promise<void> {
  const writable = await handle.createWritable();
  try {
    await writable.write(new Blob([text], { type: MIME }));
    await writable.close();
  } catch (error) {
    // Drops the swap file: the file on disk stays as it was.
    await writable.abort().catch(() => undefined);
    throw error;
  }
}

function isCancel(error: unknown): boolean {
  return isNamed(error, 'AbortError');
}

function isNamed(error: unknown, ...names: string[]): boolean {
  return error instanceof DOMException && names.includes(error.name);
}

/**
 * A file name for the notebook titled `title`, safe on Windows, macOS and Linux: `<title>.crossbook.md`
 * without path separators, control or bidirectional-override characters (which could disguise the extension),
 * characters Windows refuses (`<>:"/\|?*`), leading or trailing dots and spaces, or a device name Windows
 * reserves (`CON`, `NUL`, `COM1`…: https://learn.microsoft.com/windows/win32/fileio/naming-a-file); at most
 * 120 characters and 240 UTF-8 bytes. A blank title gives `fallback`.
 */
export function notebookFileName(title: string, fallback = 'Untitled'): string {
  const stem = toSafeStem(title) || toSafeStem(fallback) || 'notebook';
  return `${stem}${EXTENSION}`;
}

function toSafeStem(title: string): string {
  let stem = title
    .normalize('NFC')
    // Format characters include the bidirectional overrides; zero-width (non-)joiners stay, as emoji and
    // Persian words need them.
    .replace(/(?:[\p{Cc}\p{Zl}\p{Zp}]|(?![\u200c\u200d])\p{Cf})+/gu, ' ')
    .replace(/[<>:"/\\|?*]+/g, '-')
    .replace(/\s+/g, ' ');
  // A title that is a file name already ("q3.md") does not become "q3.md.crossbook.md".
  stem = trimEdges(trimEdges(stem).replace(/(\.crossbook)?\.md$/i, ''));
  stem = truncate(stem, MAX_NAME_CHARS - EXTENSION.length, MAX_NAME_BYTES - EXTENSION.length);
  stem = trimEdges(stem);
  return isReservedOnWindows(stem) ? `_${stem}` : stem;
}

/**
 * Leading dots hide a file on Unix; Windows drops trailing dots and spaces; a dash left at either end is only
 * a replaced character ("Revenue?" → "Revenue").
 */
function trimEdges(stem: string): string {
  return stem.replace(/^[\s.-]+|[\s.-]+$/g, '');
}

/** The longest prefix of whole characters (grapheme clusters) within both limits. */
function truncate(stem: string, maxChars: number, maxBytes: number): string {
  const encoder = new TextEncoder();
  let result = '';
  let bytes = 0;
  for (const { segment } of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(stem)) {
    const segmentBytes = encoder.encode(segment).length;
    if (result.length + segment.length > maxChars || bytes + segmentBytes > maxBytes) break;
    result += segment;
    bytes += segmentBytes;
  }
  return result;
}

/** Windows treats `NUL.anything` as the device too, so the part before the first dot is what counts. */
function isReservedOnWindows(stem: string): boolean {
  const base = stem.split('.')[0].trim();
  return /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$/i.test(base);
}
