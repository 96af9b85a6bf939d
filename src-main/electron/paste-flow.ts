import type { BilingualMessage } from '../../src-shared/bilingual';
import type { PasteSettings } from '../../src-shared/settings/settings-schema';
import type { Paster, PasteKeys } from './paster';

/** Electron's clipboard (plain text) as the paste flow uses it. */
export interface ClipboardPort {
  readText(): string;
  writeText(text: string): void;
}

export interface PasteDeps {
  clipboard: ClipboardPort;
  /** This system's paster, or why there is none. */
  paster: Paster | null;
  noPasterWhy: BilingualMessage;
  platform: NodeJS.Platform;
  settings(): PasteSettings;
  /** True when one of the app's own windows has the focus (the Record button was used): nothing to paste into. */
  ownWindowFocused(): boolean;
  /** How long the target app gets to read the clipboard before the old content may come back. */
  restoreAfterMs?: number;
  sleep?(ms: number): Promise<void>;
  report(code: string, message: BilingualMessage | null): void;
}

export const PASTE_PROBLEM = 'paste_failed';

export type PasteOutcome =
  | { copied: true; pasted: true; keys: PasteKeys; restored: boolean }
  | { copied: true; pasted: false; why: 'off' | 'own-window' | 'no-paster' | 'failed' };

/**
 * Puts a finished dictation where the cursor is: always on the clipboard; with "paste into the app I was in", also
 * pasted there (modifiers let go first, the terminal shortcut in terminals), and then the clipboard the person had
 * before is put back — only if the clipboard still holds our text, so something they copied meanwhile is never lost.
 * Calls run one after another: a second dictation's paste never interleaves with the first one's restore.
 */
export class PasteFlow {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: PasteDeps) {}

  /** Copies (and maybe pastes) one dictation's text; `paste: true` pastes even with auto-paste off (asked for). */
  deliver(text: string, options: { paste?: boolean } = {}): Promise<PasteOutcome> {
    const run = this.queue.then(() => this.deliverNow(text, options.paste === true));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async deliverNow(text: string, asked: boolean): Promise<PasteOutcome> {
    const { clipboard, paster } = this.deps;
    const settings = this.deps.settings();
    const previous = clipboard.readText();
    clipboard.writeText(text);
    if (!settings.auto && !asked) return { copied: true, pasted: false, why: 'off' };
    if (this.deps.ownWindowFocused()) return { copied: true, pasted: false, why: 'own-window' };
    if (!paster) {
      this.deps.report(PASTE_PROBLEM, this.deps.noPasterWhy);
      return { copied: true, pasted: false, why: 'no-paster' };
    }
    let keys: PasteKeys;
    try {
      keys = await this.keysFor(settings.shortcut, paster);
      await paster.releaseModifiers();
      await paster.paste(keys);
    } catch (error) {
      this.deps.report(PASTE_PROBLEM, pasteFailed(paster.name, error, this.deps.platform));
      return { copied: true, pasted: false, why: 'failed' };
    }
    this.deps.report(PASTE_PROBLEM, null);
    if (!settings.restoreClipboard || previous === '' || previous === text)
      return { copied: true, pasted: true, keys, restored: false };
    // The target app reads the clipboard when it handles the keystroke; give it time, then put the old text back
    // only if nothing else was copied meanwhile.
    await (this.deps.sleep ?? delay)(this.deps.restoreAfterMs ?? 600);
    if (clipboard.readText() !== text) return { copied: true, pasted: true, keys, restored: false };
    clipboard.writeText(previous);
    return { copied: true, pasted: true, keys, restored: true };
  }

  private async keysFor(shortcut: PasteSettings['shortcut'], paster: Paster): Promise<PasteKeys> {
    if (this.deps.platform === 'darwin') return 'cmd+v';
    if (shortcut !== 'auto') return shortcut;
    return (await paster.focusedIsTerminal()) ? 'ctrl+shift+v' : 'ctrl+v';
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function pasteFailed(tool: string, error: unknown, platform: NodeJS.Platform): BilingualMessage {
  const detail = error instanceof Error ? error.message : String(error);
  if (platform === 'darwin') {
    return {
      fa:
        `متن در کلیپ‌بورد است اما جای‌گذاری نشد (${detail}). در System Settings › Privacy & Security › ` +
        'Accessibility به سخن‌نگار اجازه بدهید، یا Cmd+V بزنید.',
      en:
        `The text is on the clipboard but was not pasted (${detail}). Allow SokhanNegar in System Settings ` +
        '› Privacy & Security › Accessibility, or press Cmd+V.',
    };
  }
  return {
    fa: `متن در کلیپ‌بورد است اما جای‌گذاری با ${tool} نشد (${detail}). Ctrl+V بزنید.`,
    en: `The text is on the clipboard but pasting with ${tool} failed (${detail}). Press Ctrl+V.`,
  };
}
