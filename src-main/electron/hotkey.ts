import type { RecordingState, RequestAction } from '../../src-shared/app-contract/events';
import type { BilingualMessage } from '../../src-shared/bilingual';

/**
 * The toggle hotkey when the person has not chosen one. Not Shift+Space: on the Persian layout it types the
 * half-space (ZWNJ). Ctrl+Alt+Space types nothing on the Persian layouts of Windows and Linux and no desktop binds it
 * by default. On macOS Ctrl+Option+Space switches to the next input source (how Persian typists change layout), so
 * there it is Ctrl+Shift+D, which macOS does not bind.
 */
export function defaultToggleHotkey(platform: NodeJS.Platform): string {
  return platform === 'darwin' ? 'Control+Shift+D' : 'Control+Alt+Space';
}

/** Offered when the chosen hotkey is taken, in this order (only those free right now are named). */
export const ALTERNATIVE_HOTKEYS = [
  'Control+Alt+Space',
  'Control+Shift+D',
  'Control+Alt+D',
  'Control+Shift+F9',
  'F9',
] as const;

/** Electron's globalShortcut as the controller uses it. */
export interface ShortcutPort {
  /** False (or a throw, for an accelerator Electron cannot parse) when it could not be registered. */
  register(accelerator: string, callback: () => void): boolean;
  unregister(accelerator: string): void;
}

export interface HotkeyDeps {
  shortcuts: ShortcutPort;
  /** The hotkey.toggle setting as it is now ('' = the platform default). */
  chosen(): string;
  platform: NodeJS.Platform;
  /** Asks the window's microphone flow (through the core) to act. */
  request(action: RequestAction): void;
  /** Tells the window and raises a notification (null clears a problem that is gone). */
  report(code: string, message: BilingualMessage | null): void;
  /** Told whenever the registered toggle changes (the tray shows it). */
  onChange?(registered: string | null): void;
  /** The hotkey.pasteLast setting as it is now ('' = off): pastes the last dictation's text again. */
  chosenPasteLast?(): string;
}

export const HOTKEY_PROBLEM = 'hotkey_unavailable';
export const PASTE_LAST_HOTKEY_PROBLEM = 'hotkey_paste_last_unavailable';

/**
 * Keeps the global hotkeys registered: the toggle always, Escape only while a dictation records (a global Escape
 * would take the key from every other app). A toggle that cannot be registered is reported with free alternatives,
 * never swallowed; `refresh()` registers again (after the screen unlocks or the machine resumes, when desktops are
 * known to drop grabs, and after the setting changes).
 */
export class HotkeyController {
  private toggle: string | null = null;
  private pasteLast: string | null = null;
  private pasteLastProblem = false;
  private escape = false;
  private recording = false;

  constructor(private readonly deps: HotkeyDeps) {}

  /** The toggle accelerator that is registered now, or null. */
  registered(): string | null {
    return this.toggle;
  }

  /** The accelerator the person asked for (their setting, or the platform default). */
  wanted(): string {
    return this.deps.chosen().trim() || defaultToggleHotkey(this.deps.platform);
  }

  /** (Re-)registers the toggle and, while recording, Escape. */
  refresh(): void {
    this.unregisterAll();
    const accelerator = this.wanted();
    if (this.tryRegister(accelerator, () => this.deps.request('toggle'))) {
      this.toggle = accelerator;
      this.deps.report(HOTKEY_PROBLEM, null);
    } else {
      this.deps.report(HOTKEY_PROBLEM, takenMessage(accelerator, this.freeAlternatives(accelerator)));
    }
    this.deps.onChange?.(this.toggle);
    this.registerPasteLast();
    if (this.recording) this.registerEscape();
  }

  /** The "paste the last transcript again" accelerator registered now, or null (off or taken). */
  registeredPasteLast(): string | null {
    return this.pasteLast;
  }

  private registerPasteLast(): void {
    const accelerator = this.deps.chosenPasteLast?.().trim() ?? '';
    if (accelerator !== '' && this.tryRegister(accelerator, () => this.deps.request('pasteLast')))
      this.pasteLast = accelerator;
    const problem = accelerator !== '' && this.pasteLast === null;
    // Said once when it goes wrong, cleared once when it is right again (off counts as right).
    if (problem) this.deps.report(PASTE_LAST_HOTKEY_PROBLEM, pasteLastTakenMessage(accelerator));
    else if (this.pasteLastProblem) this.deps.report(PASTE_LAST_HOTKEY_PROBLEM, null);
    this.pasteLastProblem = problem;
  }

  /** Follows the core's recording state: Escape cancels only while the microphone is open. */
  onState(state: RecordingState): void {
    this.recording = state === 'starting' || state === 'listening';
    if (this.recording && !this.escape) this.registerEscape();
    if (!this.recording && this.escape) {
      this.deps.shortcuts.unregister('Escape');
      this.escape = false;
    }
  }

  /** Lets every key go (the app quits). */
  close(): void {
    this.unregisterAll();
  }

  private registerEscape(): void {
    // Another app holding Escape is not worth a notification: the window and the tray still cancel.
    this.escape = this.tryRegister('Escape', () => this.deps.request('cancel'));
  }

  private unregisterAll(): void {
    if (this.toggle) this.deps.shortcuts.unregister(this.toggle);
    if (this.pasteLast) this.deps.shortcuts.unregister(this.pasteLast);
    if (this.escape) this.deps.shortcuts.unregister('Escape');
    this.toggle = null;
    this.pasteLast = null;
    this.escape = false;
  }

  private tryRegister(accelerator: string, callback: () => void): boolean {
    try {
      return this.deps.shortcuts.register(accelerator, callback);
    } catch {
      return false;
    }
  }

  /** Alternatives free right now: each is registered and let go again at once. */
  private freeAlternatives(taken: string): string[] {
    const free: string[] = [];
    for (const candidate of ALTERNATIVE_HOTKEYS) {
      if (candidate === taken) continue;
      if (this.tryRegister(candidate, () => {})) {
        this.deps.shortcuts.unregister(candidate);
        free.push(candidate);
      }
      if (free.length === 3) break;
    }
    return free;
  }
}

function takenMessage(accelerator: string, free: string[]): BilingualMessage {
  const faFree = free.length > 0 ? ` کلیدهای آزاد: ${free.join('، ')}.` : '';
  const enFree = free.length > 0 ? ` Free now: ${free.join(', ')}.` : '';
  return {
    fa:
      `کلید میان‌بر ${accelerator} ثبت نشد (برنامهٔ دیگری آن را گرفته یا میز کار اجازه نمی‌دهد).${faFree} ` +
      'یکی را در تنظیمات (hotkey.toggle) انتخاب کنید؛ تا آن وقت با دکمهٔ ضبط یا آیکون سینی دیکته کنید.',
    en:
      `The shortcut ${accelerator} could not be registered (another app holds it, or the desktop does not ` +
      `allow it).${enFree} Choose one in settings (hotkey.toggle); until then use the Record button or the ` +
      'tray icon.',
  };
}

function pasteLastTakenMessage(accelerator: string): BilingualMessage {
  return {
    fa:
      `کلید میان‌بر ${accelerator} برای «چسباندن دوبارهٔ آخرین متن» ثبت نشد (برنامهٔ دیگری آن را گرفته یا ` +
      'میز کار اجازه نمی‌دهد). کلید دیگری در تنظیمات (hotkey.pasteLast) انتخاب کنید؛ تا آن وقت از منوی سینی ' +
      'استفاده کنید.',
    en:
      `The shortcut ${accelerator} for "paste the last transcript again" could not be registered (another ` +
      'app holds it, or the desktop does not allow it). Choose another in settings (hotkey.pasteLast); ' +
      'until then use the tray menu.',
  };
}

/** What a person sees for an accelerator in a menu: Control → Ctrl, and ⌘/⌥ names on macOS. */
export function hotkeyLabel(accelerator: string, platform: NodeJS.Platform): string {
  const names: Record<string, string> =
    platform === 'darwin'
      ? {
          Control: '⌃',
          Ctrl: '⌃',
          Alt: '⌥',
          Option: '⌥',
          Shift: '⇧',
          Command: '⌘',
          Cmd: '⌘',
          CommandOrControl: '⌘',
          CmdOrCtrl: '⌘',
        }
      : {
          Control: 'Ctrl',
          CommandOrControl: 'Ctrl',
          CmdOrCtrl: 'Ctrl',
          Command: 'Ctrl',
          Cmd: 'Ctrl',
          Super: 'Super',
          Meta: 'Super',
        };
  return accelerator
    .split('+')
    .map((part) => names[part] ?? part)
    .join(platform === 'darwin' ? '' : '+');
}
