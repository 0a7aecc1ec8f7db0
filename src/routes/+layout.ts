// A static site: the shell is prerendered, everything else happens in the browser.
export const prerender = true;
export const ssr = false;
export const trailingSlash = 'always';
