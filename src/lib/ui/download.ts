/**
 * Saves a blob as a file through a temporary same-origin `blob:` link. Downloads are not network requests:
 * the Content-Security-Policy lock-down does not apply to them, and nothing leaves the device.
 */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = Object.assign(document.createElement('a'), { href: url, download: fileName });
  link.click();
  // The browser reads the blob asynchronously after the click.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
