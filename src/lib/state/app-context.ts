import { createContext } from 'svelte';
import type { DataEngine } from '../engine/types';
import type { ViolationLog } from '../security/violations';
import type { I18n } from './i18n.svelte';
import type { Workspace } from './workspace.svelte';

/** What the root layout creates once per page and every component below may use. */
export interface AppServices {
  i18n: I18n;
  violations: ViolationLog;
  /** The workspace, once its engine has booted; `null` while starting or when booting failed. */
  workspace: () => Workspace | null;
  /** Why the engine could not start, if it could not. */
  bootError: () => string | null;
  /** A fresh engine with its own empty scratch database that is never saved, e.g. for the self-test. */
  createEngine: () => Promise<DataEngine>;
}

const [getContext, setContext, hasContext] = createContext<AppServices>();

export const setAppServices = setContext;

/** Fails with a clear message when used outside the root layout. */
export function getAppServices(): AppServices {
  if (!hasContext()) throw new Error('getAppServices() was called outside the root layout that provides it.');
  return getContext();
}
