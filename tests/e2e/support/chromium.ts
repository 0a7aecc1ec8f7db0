import { existsSync } from 'node:fs';
import { chromium, type Browser, type LaunchOptions } from 'playwright-core';

/** The flags every browser test uses: no background traffic of Chromium's own pollutes the measurements. */
export const chromiumFlags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync'
];

export const installHint = 'sudo apt-get update && sudo apt-get install -y chromium';

/** Debian's Chromium (npm cannot download browsers here), or the one named by CHROMIUM_PATH. */
export function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(path)) {
    throw new Error(
      `No Chromium at ${path}. The browser tests need it; install it with:\n  ${installHint}\n` +
        'or point CHROMIUM_PATH at a Chromium binary.'
    );
  }
  return path;
}

export function launchChromium(extraArgs: string[] = [], options: LaunchOptions = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [...chromiumFlags, ...extraArgs],
    ...options
  });
}
