// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { notebookFileName, pickNotebookFile, saveNotebookFile } from './notebook-file';

describe('notebookFileName', () => {
  it.each([
    ['Monthly revenue by channel', 'Monthly revenue by channel.crossbook.md'],
    ['Revenue: 2024/Q1', 'Revenue- 2024-Q1.crossbook.md'],
    ['../../etc/passwd', 'etc-passwd.crossbook.md'],
    ['C:\\Users\\me\\evil', 'C-Users-me-evil.crossbook.md'],
    ['What <is> "this"?', 'What -is- -this.crossbook.md'],
    ['two\nlines\tand\u0000nul', 'two lines and nul.crossbook.md'],
    // U+202E RIGHT-TO-LEFT OVERRIDE would show "invoice‮dm.exe" as "invoiceexe.md".
    ['invoice\u202edm.exe', 'invoice dm.exe.crossbook.md'],
    ['  ...hidden.  ', 'hidden.crossbook.md'],
    ['q3.md', 'q3.crossbook.md'],
    ['q3.crossbook.md', 'q3.crossbook.md'],
    ['CON', '_CON.crossbook.md'],
    ['nul.txt', '_nul.txt.crossbook.md'],
    ['com1', '_com1.crossbook.md'],
    ['Console', 'Console.crossbook.md'],
    ['', 'Untitled.crossbook.md'],
    ['???', 'Untitled.crossbook.md'],
    ['Umsatz nach Ländern', 'Umsatz nach Ländern.crossbook.md'],
    ['👩‍💻 team', '👩‍💻 team.crossbook.md']
  ])('%j → %j', (title, expected) => {
    expect(notebookFileName(title)).toBe(expected);
  });

  it('uses the fallback for a blank title', () => {
    expect(notebookFileName('  ', 'Sans titre')).toBe('Sans titre.crossbook.md');
  });

  it('keeps names within 120 characters', () => {
    const name = notebookFileName('a'.repeat(300));
    expect(name).toBe(`${'a'.repeat(107)}.crossbook.md`);
    expect(name).toHaveLength(120);
  });

  it('keeps names within 240 UTF-8 bytes and never splits a character', () => {
    const name = notebookFileName('収益'.repeat(100));
    // 3 bytes per character: (240 - 13) / 3 = 75 whole characters.
    expect(name).toBe(`${'収益'.repeat(37)}収.crossbook.md`);
    expect(new TextEncoder().encode(name).length).toBeLessThanOrEqual(240);
    const emoji = notebookFileName('👩‍💻'.repeat(100));
    // 👩‍💻 is 5 UTF-16 units and 11 bytes: 20 fit in 107 units, 20 × 11 = 220 bytes ≤ 227.
    expect(emoji).toBe(`${'👩‍💻'.repeat(20)}.crossbook.md`);
  });

  it('trims what a cut leaves at the end', () => {
    expect(notebookFileName(`${'a'.repeat(105)} . b`)).toBe(`${'a'.repeat(105)}.crossbook.md`);
  });
});

type Picker = Record<'showSaveFilePicker' | 'showOpenFilePicker', unknown>;

/** A file handle that records what was written to it. */
function fakeHandle(name: string, options: { failWith?: DOMException } = {}) {
  const written: string[] = [];
  const aborted: boolean[] = [];
  const handle = {
    name,
    async createWritable() {
      if (options.failWith) throw options.failWith;
      let content = '';
      return {
        async write(blob: Blob) {
          content += await blob.text();
        },
        async close() {
          written.push(content);
        },
        async abort() {
          aborted.push(true);
        }
      };
    },
    async getFile() {
      return new File(['# notebook'], name, { type: 'text/markdown' });
    }
  } as unknown as FileSystemFileHandle;
  return { handle, written, aborted };
}

const abortError = () => new DOMException('The user aborted a request.', 'AbortError');

afterEach(() => {
  const picker = window as unknown as Partial<Picker>;
  delete picker.showSaveFilePicker;
  delete picker.showOpenFilePicker;
  vi.restoreAllMocks();
});

describe('saveNotebookFile', () => {
  it('writes the same file again through its handle, without a dialog', async () => {
    const picker = vi.fn();
    Object.assign(window, { showSaveFilePicker: picker });
    const { handle, written } = fakeHandle('Revenue.crossbook.md');
    expect(await saveNotebookFile('text v2', 'ignored.crossbook.md', handle)).toEqual({
      handle,
      fileName: 'Revenue.crossbook.md'
    });
    expect(written).toEqual(['text v2']);
    expect(picker).not.toHaveBeenCalled();
  });

  it('asks where to save and returns the handle', async () => {
    const { handle, written } = fakeHandle('Chosen.crossbook.md');
    const picker = vi.fn(async () => handle);
    Object.assign(window, { showSaveFilePicker: picker });
    expect(await saveNotebookFile('text', 'Revenue.crossbook.md')).toEqual({
      handle,
      fileName: 'Chosen.crossbook.md'
    });
    expect(written).toEqual(['text']);
    expect(picker).toHaveBeenCalledWith(expect.objectContaining({ suggestedName: 'Revenue.crossbook.md' }));
  });

  it('asks again when the old file may no longer be written', async () => {
    const { handle: old } = fakeHandle('Old.crossbook.md', {
      failWith: new DOMException('denied', 'NotAllowedError')
    });
    const { handle: chosen, written } = fakeHandle('New.crossbook.md');
    Object.assign(window, { showSaveFilePicker: vi.fn(async () => chosen) });
    expect(await saveNotebookFile('text', 'x.crossbook.md', old)).toEqual({
      handle: chosen,
      fileName: 'New.crossbook.md'
    });
    expect(written).toEqual(['text']);
  });

  it('returns null when the user cancels, and passes other errors on', async () => {
    Object.assign(window, { showSaveFilePicker: vi.fn(async () => Promise.reject(abortError())) });
    expect(await saveNotebookFile('text', 'x.crossbook.md')).toBeNull();
    const disk = new DOMException('disk full', 'QuotaExceededError');
    Object.assign(window, { showSaveFilePicker: vi.fn(async () => Promise.reject(disk)) });
    await expect(saveNotebookFile('text', 'x.crossbook.md')).rejects.toBe(disk);
  });

  it('downloads the file where the browser has no save dialog', async () => {
    const created: Blob[] = [];
    Object.assign(URL, {
      createObjectURL: (blob: Blob) => {
        created.push(blob);
        return 'blob:fake';
      },
      revokeObjectURL: () => undefined
    });
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement
    ) {
      expect(this.download).toBe('Revenue.crossbook.md');
    });
    expect(await saveNotebookFile('the text', 'Revenue.crossbook.md')).toEqual({
      handle: null,
      fileName: 'Revenue.crossbook.md'
    });
    expect(click).toHaveBeenCalledOnce();
    expect(await created[0].text()).toBe('the text');
  });
});

describe('pickNotebookFile', () => {
  it('returns the picked file', async () => {
    const { handle } = fakeHandle('Picked.crossbook.md');
    Object.assign(window, { showOpenFilePicker: vi.fn(async () => [handle]) });
    const file = await pickNotebookFile();
    expect(file?.name).toBe('Picked.crossbook.md');
    expect(await file?.text()).toBe('# notebook');
  });

  it('returns null when the user cancels the picker', async () => {
    Object.assign(window, { showOpenFilePicker: vi.fn(async () => Promise.reject(abortError())) });
    expect(await pickNotebookFile()).toBeNull();
  });

  it('falls back to a hidden file input that accepts Markdown', async () => {
    const click = vi.spyOn(HTMLInputElement.prototype, 'click').mockImplementation(() => undefined);
    const picked = pickNotebookFile();
    const input = document.querySelector('input[type=file]') as HTMLInputElement;
    expect(input.accept).toBe('.md,text/markdown');
    expect(input.hidden).toBe(true);
    expect(click).toHaveBeenCalledOnce();
    input.dispatchEvent(new Event('cancel'));
    expect(await picked).toBeNull();
    expect(document.querySelector('input[type=file]')).toBeNull();
  });

  it('resolves with the file chosen in the input', async () => {
    vi.spyOn(HTMLInputElement.prototype, 'click').mockImplementation(() => undefined);
    const picked = pickNotebookFile();
    const input = document.querySelector('input[type=file]') as HTMLInputElement;
    const file = new File(['x'], 'n.md');
    Object.defineProperty(input, 'files', { value: [file] });
    input.dispatchEvent(new Event('change'));
    expect(await picked).toBe(file);
  });
});
