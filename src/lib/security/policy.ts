/**
 * The Content-Security-Policies in force on a page, read back from its `<meta>` elements so the privacy panel
 * shows the very rules the browser enforces (not a copy that could drift from them). Every policy applies at
 * once: a request must pass all of them, which is why the lock-down's `connect-src 'none'` wins over the
 * boot policy's `connect-src 'self'`.
 */

export interface PolicyDirective {
  name: string;
  values: string[];
}

export interface PagePolicy {
  /** Added at run time to forbid every connection (`lockdown.ts`). */
  lockDown: boolean;
  directives: PolicyDirective[];
}

/** Directives as CSP writes them: `name value value; name value`. Unknown or repeated names kept as written. */
export function parsePolicy(text: string): PolicyDirective[] {
  return text
    .split(';')
    .map((part) => part.trim().split(/\s+/))
    .filter(([name]) => name !== undefined && name !== '')
    .map(([name, ...values]) => ({ name: name.toLowerCase(), values }));
}

export function readPagePolicies(document: Document): PagePolicy[] {
  return [...document.querySelectorAll<HTMLMetaElement>('meta[http-equiv="content-security-policy" i]')].map(
    (meta) => ({
      lockDown: meta.hasAttribute('data-crossbook-lockdown'),
      directives: parsePolicy(meta.content)
    })
  );
}

/**
 * What the page may contact, with every policy applied: the most restrictive `connect-src` wins (`'none'` if
 * any policy says so). Falls back to `default-src` as CSP does.
 */
export function effectiveConnectSources(policies: readonly PagePolicy[]): string[] {
  let allowed: string[] | null = null;
  for (const policy of policies) {
    const find = (name: string) => policy.directives.find((directive) => directive.name === name)?.values;
    const sources = find('connect-src') ?? find('default-src');
    if (!sources) continue;
    if (sources.includes("'none'")) return ["'none'"];
    allowed = allowed === null ? sources : allowed.filter((source) => sources.includes(source));
  }
  return allowed ?? ['*'];
}
