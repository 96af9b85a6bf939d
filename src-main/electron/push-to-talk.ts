import type { RequestAction } from '../../src-shared/app-contract/events';
import type { BilingualMessage } from '../../src-shared/bilingual';

/** A global keyboard hook with key-up (globalShortcut has none): uiohook-napi in the app, a fake in tests. */
export interface KeyHookPort {
  on(event: 'keydown' | 'keyup', listener: (event: { keycode: number }) => void): void;
  start(): void;
  stop(): void;
  /** Key names to keycodes (uiohook's UiohookKey table). */
  keycodes: Record<string, number>;
}

export interface PushToTalkDeps {
  /** Loads the hook; throws where the native module is missing or cannot load. */
  loadHook(): Promise<KeyHookPort>;
  /** The hotkey.pushToTalk setting as it is now ('' = off). */
  chosen(): string;
  request(action: RequestAction): void;
  report(code: string, message: BilingualMessage | null): void;
  /** A Wayland session: the hook sees keys only in X11 (XWayland) windows there. */
  wayland: boolean;
}

export const PUSH_TO_TALK_PROBLEM = 'push_to_talk_unavailable';

/**
 * Hold a key to dictate, let go to stop. The hook starts only when the person chose a key, and a held key's repeats
 * start nothing more. Key-up asks for "stop", so the window keeps its tail and the last word is whole.
 */
export class PushToTalk {
  private hook: KeyHookPort | null = null;
  private keycode: number | null = null;
  private held = false;
  private started = false;

  constructor(private readonly deps: PushToTalkDeps) {}

  /** Applies the setting: starts, changes or stops the hook. */
  async refresh(): Promise<void> {
    const name = this.deps.chosen().trim();
    if (name === '') {
      this.keycode = null;
      this.stop();
      this.deps.report(PUSH_TO_TALK_PROBLEM, null);
      return;
    }
    try {
      this.hook ??= await this.attach();
    } catch (error) {
      this.deps.report(PUSH_TO_TALK_PROBLEM, unavailable(error));
      return;
    }
    const code = lookup(this.hook.keycodes, name);
    if (code === null) {
      this.keycode = null;
      this.stop();
      this.deps.report(PUSH_TO_TALK_PROBLEM, unknownKey(name, Object.keys(this.hook.keycodes)));
      return;
    }
    this.keycode = code;
    if (!this.started) {
      this.hook.start();
      this.started = true;
    }
    this.deps.report(PUSH_TO_TALK_PROBLEM, this.deps.wayland ? WAYLAND_NOTE : null);
  }

  /** Stops the hook (the app quits or the key was cleared). */
  stop(): void {
    if (this.hook && this.started) this.hook.stop();
    this.started = false;
    this.held = false;
  }

  private async attach(): Promise<KeyHookPort> {
    const hook = await this.deps.loadHook();
    hook.on('keydown', ({ keycode }) => {
      if (keycode !== this.keycode || this.held) return;
      this.held = true;
      this.deps.request('start');
    });
    hook.on('keyup', ({ keycode }) => {
      if (keycode !== this.keycode || !this.held) return;
      this.held = false;
      this.deps.request('stop');
    });
    return hook;
  }
}

function lookup(keycodes: Record<string, number>, name: string): number | null {
  const key = Object.keys(keycodes).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
  return key === undefined ? null : keycodes[key];
}

function unavailable(error: unknown): BilingualMessage {
  const detail = error instanceof Error ? error.message : String(error);
  return {
    fa:
      `نگه‌داشتن کلید برای گفتن (push-to-talk) روی این سیستم در دسترس نیست (${detail}). کلید میان‌بر ` +
      'روشن/خاموش همچنان کار می‌کند.',
    en: `Push-to-talk is not available on this system (${detail}). The toggle shortcut still works.`,
  };
}

function unknownKey(name: string, known: string[]): BilingualMessage {
  const examples = ['RightCtrl', 'RightAlt', 'F9', 'F10', 'ScrollLock'].filter((k) =>
    known.some((c) => c.toLowerCase() === k.toLowerCase()),
  );
  return {
    fa: `کلید «${name}» شناخته نشد. نمونه‌ها: ${examples.join('، ')}.`,
    en: `The key "${name}" is not known. Examples: ${examples.join(', ')}.`,
  };
}

const WAYLAND_NOTE: BilingualMessage = {
  fa:
    'در Wayland، نگه‌داشتن کلید برای گفتن فقط وقتی کار می‌کند که پنجرهٔ فعال برنامه‌ای X11 (XWayland) باشد. ' +
    'کلید میان‌بر روشن/خاموش یا فرمان sokhan-negar --toggle را در تنظیمات صفحه‌کلید میز کار به کار ببرید.',
  en:
    'On Wayland, push-to-talk sees the key only while an X11 (XWayland) window has the focus. Use the ' +
    'toggle shortcut, or bind sokhan-negar --toggle in your desktop keyboard settings.',
};
