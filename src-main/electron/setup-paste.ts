import { BrowserWindow, clipboard, systemPreferences } from 'electron';
import type { PasteSettings } from '../../src-shared/settings/settings-schema';
import type { AppCore } from '../app/app-core-types';
import { PasteFlow } from './paste-flow';
import { choosePaster } from './paster';

export interface SetupPasteOptions {
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  settings(): PasteSettings;
}

/**
 * Text where the cursor is: each stopped dictation's text goes to the clipboard and, when the person asked for it,
 * is pasted into the app they were in. "Copy last transcript" (tray, overlay) copies it again.
 */
export function setupPaste(core: AppCore, options: SetupPasteOptions): PasteFlow {
  const chosen = choosePaster(options.platform, options.env);
  const flow = new PasteFlow({
    clipboard,
    paster: chosen.paster,
    noPasterWhy: chosen.paster ? { fa: '', en: '' } : chosen.why,
    platform: options.platform,
    settings: options.settings,
    ownWindowFocused: () => BrowserWindow.getFocusedWindow() !== null,
    report: (code, message) => core.report?.(code, message),
  });
  // macOS asks for the Accessibility permission once, when paste is on, rather than failing silently later.
  if (options.platform === 'darwin' && options.settings().auto) systemPreferences.isTrustedAccessibilityClient(true);
  core.subscribe((event) => {
    if (event.type === 'transcript') void flow.deliver(event.text);
    if (event.type === 'request' && event.action === 'copyLast') void copyLast(core);
    if (event.type === 'request' && event.action === 'pasteLast') void pasteLast(core, flow);
  });
  return flow;
}

/**
 * "Paste the last transcript again" (its hotkey, the tray): the last stopped dictation's text is put where the
 * cursor is, as if just dictated — pasted even when auto-paste is off, since the person asked for exactly that.
 */
export async function pasteLast(core: AppCore, flow: Pick<PasteFlow, 'deliver'>): Promise<boolean> {
  const last = await core.handle('transcript.last', {});
  if (!last.ok || last.value === null) return false;
  await flow.deliver((last.value as { text: string }).text, { paste: true });
  return true;
}

/** Copies the last stopped dictation's text again (the clipboard may hold something else by now). */
export async function copyLast(core: AppCore): Promise<boolean> {
  const last = await core.handle('transcript.last', {});
  if (!last.ok || last.value === null) return false;
  clipboard.writeText((last.value as { text: string }).text);
  return true;
}
