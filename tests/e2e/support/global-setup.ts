import { existsSync } from 'node:fs';
import { chromiumPath } from './chromium';

/** Fails the run at once, with the fix, when something the browser tests need is missing. Never skips. */
export default function setup(): void {
  chromiumPath();
  if (!existsSync('build/index.html')) {
    throw new Error(
      'No build/index.html: the browser tests run against the built site. Run `npm run build` first.'
    );
  }
}
