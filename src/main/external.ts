/** The one way out of the console to the OS browser: https links only (see external-policy.ts). */
import { shell } from 'electron';
import { isExternalUrlAllowed } from './external-policy';

export async function openExternalLink(url: unknown): Promise<boolean> {
  if (!isExternalUrlAllowed(url)) {
    // The URL itself is not logged: a refused link may carry something it should not.
    console.warn('watchroom: refused to open a link that is not a plain https URL');
    return false;
  }
  await shell.openExternal(url);
  return true;
}
