/**
 * Optional expiry: a workspace not used for N days is wiped when the page next opens, before its database is
 * loaded. Both the setting and the last use live in `localStorage` (`crossbook.expiry`), so the check needs no
 * database, and wiping removes the setting along with everything else.
 *
 * "Used" means the page was open and the user did something (a key or a pointer press), noted at most once a
 * minute; merely having the tab open in the background does not count.
 */

export interface ExpirySetting {
  /** Days without use after which the workspace is wiped; `null`: never. */
  days: number | null;
  /** ISO 8601 time of the last use noted; `null` before the first. */
  lastUsed: string | null;
}

export const EXPIRY_KEY = 'crossbook.expiry';
export const EXPIRY_CHOICES = [1, 7, 30, 90, 365] as const;
const DAY_MS = 24 * 60 * 60 * 1000;

export function readExpiry(storage: Storage | null | undefined): ExpirySetting {
  const none: ExpirySetting = { days: null, lastUsed: null };
  let text: string | null = null;
  try {
    text = storage?.getItem(EXPIRY_KEY) ?? null;
  } catch {
    return none;
  }
  if (text === null) return none;
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null) return none;
    const { days, lastUsed } = parsed as Record<string, unknown>;
    return {
      days: typeof days === 'number' && Number.isInteger(days) && days > 0 ? days : null,
      lastUsed: typeof lastUsed === 'string' && !Number.isNaN(Date.parse(lastUsed)) ? lastUsed : null
    };
  } catch {
    return none;
  }
}

/** Whether the workspace has gone unused for longer than its setting allows (never without a setting). */
export function isExpired(setting: ExpirySetting, now: Date): boolean {
  if (setting.days === null || setting.lastUsed === null) return false;
  return now.getTime() - Date.parse(setting.lastUsed) > setting.days * DAY_MS;
}

/** Sets (or with `null` removes) the expiry; counts as a use. */
export function setExpiryDays(storage: Storage | null | undefined, days: number | null, now: Date): void {
  write(storage, { days, lastUsed: now.toISOString() });
}

/** Notes a use now, when expiry is on and the last one noted is over a minute old. */
export function noteUse(storage: Storage | null | undefined, now: Date): void {
  const setting = readExpiry(storage);
  if (setting.days === null) return;
  if (setting.lastUsed !== null && now.getTime() - Date.parse(setting.lastUsed) < 60_000) return;
  write(storage, { ...setting, lastUsed: now.toISOString() });
}

function write(storage: Storage | null | undefined, setting: ExpirySetting): void {
  try {
    if (setting.days === null) storage?.removeItem(EXPIRY_KEY);
    else storage?.setItem(EXPIRY_KEY, JSON.stringify(setting));
  } catch {
    // Storage refused (private mode, quota): expiry then simply does not apply.
  }
}
