import adapterStatic from '@sveltejs/adapter-static';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

const buildDirectory = 'build';

/**
 * The Content-Security-Policy: only this site's own files, nothing else, ever. SvelteKit adds the hashes of its
 * inline boot script and emits the policy as the first `<meta>` of the prerendered page. After boot the page
 * tightens `connect-src` to 'none' (src/lib/security/lockdown.ts). See README "Zero network" for why each
 * directive is here and what a meta policy cannot do (RELIABILITY.md §2.4).
 */
const csp = {
  'default-src': ['none'],
  'script-src': ['self', 'wasm-unsafe-eval'],
  'worker-src': ['self', 'blob:'],
  'connect-src': ['self'],
  'img-src': ['self', 'data:', 'blob:'],
  // Observable Plot writes a <style> element into each chart's SVG.
  'style-src': ['self', 'unsafe-inline'],
  'font-src': ['self'],
  'manifest-src': ['self'],
  'media-src': ['none'],
  'frame-src': ['none'],
  'child-src': ['none'],
  'object-src': ['none'],
  'base-uri': ['none'],
  'form-action': ['none']
};

/**
 * adapter-static, plus a `_headers` file (Netlify, Cloudflare Pages) carrying the very policy of the built page
 * as a response header, where a host honours it, with the directives a `<meta>` policy cannot carry.
 */
function adapter() {
  const base = adapterStatic({
    pages: buildDirectory,
    assets: buildDirectory,
    fallback: undefined,
    strict: true
  });
  return {
    ...base,
    async adapt(builder) {
      await base.adapt(builder);
      const pages = [...builder.prerendered.pages.values()].map(({ file }) => join(buildDirectory, file));
      const policies = [];
      for (const page of pages) policies.push((await moveCspFirst(page)).replaceAll('&#39;', "'"));
      if (policies.length === 0) throw new Error('No prerendered pages: nothing to take the policy from.');
      // Each page hashes its own inline boot script; the one header serves every page, so it allows them all.
      const hashes = [...new Set(policies.flatMap((policy) => policy.match(/'sha256-[^']+'/g) ?? []))];
      const headerPolicy = `${policies[0].replace(
        /(script-src[^;]*?)(?: 'sha256-[^']+')+/,
        `$1 ${hashes.join(' ')}`
      )}; frame-ancestors 'none'`;
      const headers = [
        '/*',
        `  Content-Security-Policy: ${headerPolicy}`,
        '  Referrer-Policy: no-referrer',
        '  X-Content-Type-Options: nosniff',
        '  Permissions-Policy: camera=(), microphone=(), geolocation=(), payment=(), usb=()',
        '  Cross-Origin-Opener-Policy: same-origin',
        ''
      ].join('\n');
      await writeFile(join(buildDirectory, '_headers'), headers);
    }
  };
}

/**
 * A `<meta>` policy governs only what comes after it, so it must be the very first element of `<head>`
 * (SvelteKit puts it where `%sveltekit.head%` is). Returns the policy text.
 */
async function moveCspFirst(file) {
  const html = await readFile(file, 'utf8');
  const meta = html.match(/<meta http-equiv="content-security-policy" content="[^"]+">/i)?.[0];
  if (!meta) throw new Error(`${file} has no Content-Security-Policy meta tag.`);
  const moved = html.replace(meta, '').replace(/<head>\s*/, `<head>\n    ${meta}\n    `);
  await writeFile(file, moved);
  return meta.match(/content="([^"]+)"/)[1];
}

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    adapter: adapter(),
    // Relative asset paths: the same build works from any host and under any sub-path.
    paths: { relative: true },
    csp: { mode: 'hash', directives: csp },
    serviceWorker: { register: false },
    version: { pollInterval: 0 }
  }
};

export default config;
