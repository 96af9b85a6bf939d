import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppEvent } from '../../../src-shared/app-contract/events';
import type { BilingualMessage } from '../../../src-shared/bilingual';
import type { AppCore } from '../../../src-main/app/app-core-types';
import type { InstanceAppPort } from '../../../src-main/electron/setup-single-instance';

const powerMonitor = new EventEmitter();
const electronApp = new EventEmitter();
const held = new Map<string, () => void>();
const taken = new Set<string>();
const shown: Array<{ title: string; body: string }> = [];
let clipboardText = '';

// Electron exists only inside Electron; the edge is mocked so the host's own logic runs under Node.
vi.mock('electron', () => ({
  app: electronApp,
  powerMonitor,
  globalShortcut: {
    register: (accelerator: string, callback: () => void) => {
      if (taken.has(accelerator)) return false;
      held.set(accelerator, callback);
      return true;
    },
    unregister: (accelerator: string) => held.delete(accelerator),
  },
  Notification: class {
    static isSupported = () => true;
    constructor(private readonly options: { title: string; body: string }) {}
    show() {
      shown.push(this.options);
    }
  },
  clipboard: { readText: () => clipboardText, writeText: (text: string) => (clipboardText = text) },
  BrowserWindow: { getFocusedWindow: () => null },
  systemPreferences: { isTrustedAccessibilityClient: () => true },
}));

const { setupHotkeys } = await import('../../../src-main/electron/setup-hotkeys');
const { setupNotifications } = await import('../../../src-main/electron/setup-notifications');
const { setupPaste } = await import('../../../src-main/electron/setup-paste');
const { setupSingleInstance } = await import('../../../src-main/electron/setup-single-instance');
const { NotificationGate } = await import('../../../src-main/electron/notification-gate');

/** A core that answers commands like the real one does for these hosts, with host reports and replay. */
function fakeCore() {
  const listeners = new Set<(event: AppEvent) => void>();
  const calls: Array<[unknown, unknown]> = [];
  const reports = new Map<string, BilingualMessage>();
  let last: { sessionId: string; text: string; endedAt: number } | null = null;
  const emit = (event: AppEvent) => {
    for (const listener of listeners) listener(event);
  };
  const core: AppCore = {
    handle: async (name, payload) => {
      calls.push([name, payload]);
      if (name === 'app.request') emit({ type: 'request', action: (payload as { action: 'toggle' }).action });
      if (name === 'transcript.last') return { ok: true, value: last };
      return { ok: true, value: null };
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    pushAudio: () => {},
    close: async () => {},
    report: (code, message) => {
      if (message === null) reports.delete(code);
      else {
        reports.set(code, message);
        emit({ type: 'error', code, message, sessionId: null });
      }
    },
  };
  return { core, calls, reports, emit, finish: (text: string) => (last = { sessionId: 's1', text, endedAt: 1 }) };
}

beforeEach(() => {
  held.clear();
  taken.clear();
  shown.length = 0;
  powerMonitor.removeAllListeners();
  electronApp.removeAllListeners();
});

const hotkeySettings = { toggle: '', pushToTalk: '', pasteLast: '' };
const requests = (calls: Array<[unknown, unknown]>) =>
  calls.filter(([name]) => name === 'app.request').map(([, p]) => (p as { action: string }).action);

describe('hotkeys in the Electron host', () => {
  it('the hotkey asks the window to toggle; Escape exists only while the microphone is open', async () => {
    const { core, calls, emit } = fakeCore();
    setupHotkeys(core, { platform: 'linux', env: {}, settings: () => hotkeySettings });
    held.get('Control+Alt+Space')!();
    expect(held.has('Escape')).toBe(false);
    emit({ type: 'state', state: 'listening', sessionId: 's1' });
    held.get('Escape')!();
    emit({ type: 'state', state: 'sending', sessionId: 's1' });
    expect(held.has('Escape')).toBe(false);
    expect(requests(calls)).toEqual(['toggle', 'cancel']);
  });

  it('a taken hotkey shows in the window and as one notification; unlocking the screen registers again', () => {
    const { core, reports } = fakeCore();
    setupNotifications(core, () => 'en');
    taken.add('Control+Alt+Space');
    setupHotkeys(core, { platform: 'linux', env: {}, settings: () => hotkeySettings });
    expect(reports.get('hotkey_unavailable')?.en).toContain('Control+Alt+Space could not be registered');
    expect(shown).toHaveLength(1);
    expect(shown[0].body).toContain('Free now: Control+Shift+D');

    // Still taken after a resume: reported again to the window, but not a second notification.
    powerMonitor.emit('resume');
    expect(shown).toHaveLength(1);

    // The other app let go; the desktop dropped grabs while locked; unlocking brings the hotkey back.
    taken.clear();
    powerMonitor.emit('unlock-screen');
    expect(held.has('Control+Alt+Space')).toBe(true);
    expect(reports.has('hotkey_unavailable')).toBe(false);
    held.clear();
    powerMonitor.emit('unlock-screen');
    expect(held.has('Control+Alt+Space')).toBe(true);
  });

  it('lets every key go when the app quits', () => {
    const { core } = fakeCore();
    setupHotkeys(core, { platform: 'linux', env: {}, settings: () => hotkeySettings });
    electronApp.emit('will-quit');
    expect(held.size).toBe(0);
  });
});

describe('--toggle and the single-instance lock', () => {
  function fakeApp(locked: boolean) {
    const emitter = new EventEmitter();
    return {
      lockedWith: undefined as unknown,
      quit: vi.fn(),
      requestSingleInstanceLock(data?: Record<string, unknown>) {
        this.lockedWith = data;
        return locked;
      },
      on: (event: 'second-instance', listener: Parameters<InstanceAppPort['on']>[1]) =>
        void emitter.on(event, listener),
      emit: (event: string, ...args: unknown[]) => emitter.emit(event, ...args),
    };
  }

  it('a second `sokhan-negar --toggle` hands the toggle to the running app and quits', () => {
    const second = fakeApp(false);
    const result = setupSingleInstance({
      app: second,
      argv: ['/usr/bin/sokhan-negar', '--toggle'],
      request: vi.fn(),
      showWindow: vi.fn(),
    });
    expect(result).toEqual({ primary: false });
    expect(second.lockedWith).toEqual({ action: 'toggle' });
    expect(second.quit).toHaveBeenCalled();
  });

  it('the running app acts on what a second launch asked (lock data or argv); a plain launch shows the window', () => {
    const first = fakeApp(true);
    const request = vi.fn();
    const showWindow = vi.fn();
    const result = setupSingleInstance({ app: first, argv: ['/usr/bin/sokhan-negar'], request, showWindow });
    expect(result).toEqual({ primary: true, launchAction: null });
    first.emit('second-instance', {}, ['/usr/bin/sokhan-negar', '--toggle'], '/home/a', {});
    first.emit('second-instance', {}, ['/usr/bin/sokhan-negar'], '/home/a', { action: 'cancel' });
    first.emit('second-instance', {}, ['/usr/bin/sokhan-negar'], '/home/a', {});
    expect(request.mock.calls).toEqual([['toggle'], ['cancel']]);
    expect(showWindow).toHaveBeenCalledOnce();
    expect(first.quit).not.toHaveBeenCalled();
  });

  it('the first launch with --toggle says so (it starts the dictation once the window listens)', () => {
    const result = setupSingleInstance({
      app: fakeApp(true),
      argv: ['sokhan-negar', '--toggle'],
      request: vi.fn(),
      showWindow: vi.fn(),
    });
    expect(result).toEqual({ primary: true, launchAction: 'toggle' });
  });
});

describe('notifications, once per threshold', () => {
  const warn = (level: 'warn' | 'limit', scope: 'daily' | 'monthly' = 'daily'): AppEvent => ({
    type: 'warning',
    scope,
    level,
    spentMicros: 80,
    limitMicros: 100,
    message: { fa: `هشدار ${scope} ${level}`, en: `${scope} ${level}` },
  });
  const blocked = (index: number): AppEvent => ({
    type: 'chunk',
    sessionId: 's1',
    index,
    status: 'blocked',
    startMs: 0,
    endMs: 1,
    text: '',
    costMicros: 0,
    error: {
      code: 'daily_limit',
      message: { fa: 'بودجهٔ روزانه تمام شد.', en: 'The daily budget is spent; the audio is kept.' },
    },
  });

  it('each warning threshold and each budget block notifies once per period, not once per chunk', () => {
    let now = new Date(2026, 2, 10, 9).getTime();
    const { core, emit } = fakeCore();
    setupNotifications(core, () => 'en', new NotificationGate(() => now));
    emit(warn('warn'));
    emit(warn('warn'));
    emit(warn('limit'));
    emit(blocked(3));
    emit(blocked(4));
    emit(blocked(5));
    emit(warn('warn', 'monthly'));
    expect(shown.map((n) => n.body)).toEqual([
      'daily warn',
      'daily limit',
      'The daily budget is spent; the audio is kept.',
      'monthly warn',
    ]);
    // The next day the daily thresholds count again; the month's do not.
    now = new Date(2026, 2, 11, 9).getTime();
    emit(warn('warn'));
    emit(blocked(6));
    emit(warn('warn', 'monthly'));
    expect(shown.map((n) => n.body).slice(4)).toEqual(['daily warn', 'The daily budget is spent; the audio is kept.']);
  });

  it('a failed paste says why, once', async () => {
    const { core, emit } = fakeCore();
    setupNotifications(core, () => 'en');
    setupPaste(core, {
      platform: 'linux',
      env: { DISPLAY: ':0', PATH: '/nonexistent' },
      settings: () => ({ auto: true, shortcut: 'auto', restoreClipboard: true }),
    });
    emit({ type: 'transcript', sessionId: 's1', text: 'سلام' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    emit({ type: 'transcript', sessionId: 's2', text: 'دوباره' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(clipboardText).toBe('دوباره');
    expect(shown.map((n) => n.body)).toEqual([
      'The text is on the clipboard but was not pasted: pasting on X11 needs xdotool (sudo apt install ' +
        'xdotool). Press Ctrl+V meanwhile.',
    ]);
  });
});

describe('copy last transcript', () => {
  it('the tray or overlay request copies the last stopped dictation again', async () => {
    const { core, finish } = fakeCore();
    setupPaste(core, {
      platform: 'linux',
      env: {},
      settings: () => ({ auto: false, shortcut: 'auto', restoreClipboard: true }),
    });
    clipboardText = 'something else';
    finish('متن آخر');
    await core.handle('app.request', { action: 'copyLast' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(clipboardText).toBe('متن آخر');
  });
});

describe('paste the last transcript again', () => {
  it('its hotkey pastes the last stopped dictation where the cursor is, even with auto-paste off', async () => {
    const { core, calls, reports, finish } = fakeCore();
    setupHotkeys(core, {
      platform: 'linux',
      env: {},
      settings: () => ({ ...hotkeySettings, pasteLast: 'Control+Alt+V' }),
    });
    setupPaste(core, {
      platform: 'linux',
      // No paste tool on this machine: the attempt is what shows that it pastes (and says why it could not).
      env: { DISPLAY: ':0', PATH: '/nonexistent' },
      settings: () => ({ auto: false, shortcut: 'auto', restoreClipboard: true }),
    });
    expect(held.has('Control+Alt+V')).toBe(true);
    // Nothing dictated yet: the key does nothing.
    held.get('Control+Alt+V')!();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(reports.has('paste_failed')).toBe(false);

    clipboardText = 'something else';
    finish('متن آخر');
    held.get('Control+Alt+V')!();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(requests(calls)).toEqual(['pasteLast', 'pasteLast']);
    expect(clipboardText).toBe('متن آخر');
    expect(reports.get('paste_failed')?.en).toContain('xdotool');
  });

  it('is off until chosen; a taken key is reported and the tray item remains', () => {
    const { core, reports } = fakeCore();
    setupHotkeys(core, { platform: 'linux', env: {}, settings: () => hotkeySettings });
    expect([...held.keys()]).toEqual(['Control+Alt+Space']);
    taken.add('Control+Alt+V');
    const hotkeys = setupHotkeys(core, {
      platform: 'linux',
      env: {},
      settings: () => ({ ...hotkeySettings, pasteLast: 'Control+Alt+V' }),
    });
    expect(hotkeys.registeredPasteLast()).toBeNull();
    expect(reports.get('hotkey_paste_last_unavailable')?.en).toContain('hotkey.pasteLast');
  });
});
