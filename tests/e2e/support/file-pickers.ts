import type { BrowserContext, Page } from 'playwright-core';

/**
 * Stands in for the File System Access pickers, which would open native dialogs: a save writes into
 * `window.__savedFiles` (name → text), an open offers `window.__fileToOpen`.
 */
export async function fakeFilePickers(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const saved: Record<string, string> = {};
    Object.defineProperty(window, '__savedFiles', { value: saved });
    const handleFor = (name: string) => ({
      kind: 'file',
      name,
      async createWritable() {
        const parts: Blob[] = [];
        return {
          async write(data: Blob | string) {
            parts.push(typeof data === 'string' ? new Blob([data]) : data);
          },
          async close() {
            saved[name] = await new Blob(parts).text();
          },
          async abort() {}
        };
      },
      async getFile() {
        return new File([saved[name] ?? ''], name);
      }
    });
    Object.assign(window, {
      showSaveFilePicker: async ({ suggestedName }: { suggestedName: string }) => handleFor(suggestedName),
      showOpenFilePicker: async () => {
        const file = (window as unknown as { __fileToOpen?: File }).__fileToOpen;
        if (!file) throw new DOMException('No file', 'AbortError');
        return [{ kind: 'file', name: file.name, getFile: async () => file }];
      }
    });
  });
}

export async function savedFiles(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => ({
    ...(window as unknown as { __savedFiles: Record<string, string> }).__savedFiles
  }));
}
