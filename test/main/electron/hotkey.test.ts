import { describe, expect, it } from 'vitest';
import type { RequestAction } from '../../../src-shared/app-contract/events';
import type { BilingualMessage } from '../../../src-shared/bilingual';
import {
  ALTERNATIVE_HOTKEYS,
  defaultToggleHotkey,
  HotkeyController,
  hotkeyLabel,
} from '../../../src-main/electron/hotkey';

/** globalShortcut as the OS behaves: some accelerators are held by other apps; a desktop may drop every grab. */
function fakeShortcuts(taken: string[] = []) {
  const held = new Map<string, () => void>();
  return {
    held,
    taken: new Set(taken),
    register(accelerator: string, callback: () => void) {
      if (this.taken.has(accelerator) || held.has(accelerator)) return false;
      if (accelerator.includes('Bogus')) throw new Error('conversion failure');
      held.set(accelerator, callback);
      return true;
    },
    unregister(accelerator: string) {
      held.delete(accelerator);
    },
    press(accelerator: string) {
      held.get(accelerator)?.();
    },
  };
}

function controller(options: { taken?: string[]; chosen?: string; platform?: NodeJS.Platform } = {}) {
  const shortcuts = fakeShortcuts(options.taken);
  const requests: RequestAction[] = [];
  const reports: Array<[string, BilingualMessage | null]> = [];
  let chosen = options.chosen ?? '';
  const hotkeys = new HotkeyController({
    shortcuts,
    chosen: () => chosen,
    platform: options.platform ?? 'linux',
    request: (action) => requests.push(action),
    report: (code, message) => reports.push([code, message]),
  });
  return { hotkeys, shortcuts, requests, reports, choose: (value: string) => (chosen = value) };
}

describe('global hotkey', () => {
  it('defaults to a key that types nothing in Persian (never Shift+Space, which types the half-space)', () => {
    for (const platform of ['linux', 'win32', 'darwin'] as const) {
      expect(defaultToggleHotkey(platform)).not.toMatch(/^Shift\+Space$/);
      expect(defaultToggleHotkey(platform)).toMatch(/Control/);
    }
    // macOS switches input sources with Ctrl+Option+Space: not taken from Persian typists there.
    expect(defaultToggleHotkey('darwin')).toBe('Control+Shift+D');
    expect(defaultToggleHotkey('linux')).toBe('Control+Alt+Space');
  });

  it('the toggle key asks the window to start or stop, and a chosen key replaces the default', () => {
    const { hotkeys, shortcuts, requests, choose } = controller();
    hotkeys.refresh();
    expect(hotkeys.registered()).toBe('Control+Alt+Space');
    shortcuts.press('Control+Alt+Space');
    expect(requests).toEqual(['toggle']);
    choose('F9');
    hotkeys.refresh();
    expect([...shortcuts.held.keys()]).toEqual(['F9']);
  });

  it(
    'a taken key is reported with alternatives that are free now, never swallowed; fixing it clears ' + 'the report',
    () => {
      const { hotkeys, shortcuts, reports } = controller({ taken: ['Control+Alt+Space', 'Control+Shift+D'] });
      hotkeys.refresh();
      expect(hotkeys.registered()).toBeNull();
      const [code, message] = reports.at(-1)!;
      expect(code).toBe('hotkey_unavailable');
      expect(message!.en).toContain('Control+Alt+Space could not be registered');
      expect(message!.en).toContain('Free now: Control+Alt+D, Control+Shift+F9, F9');
      expect(message!.en).not.toContain('Control+Shift+D,');
      expect(message!.fa).toContain('hotkey.toggle');
      // Probing alternatives leaves none of them held.
      expect(shortcuts.held.size).toBe(0);
      shortcuts.taken.clear();
      hotkeys.refresh();
      expect(reports.at(-1)).toEqual(['hotkey_unavailable', null]);
    },
  );

  it('an accelerator Electron cannot parse is reported like a taken one', () => {
    const { hotkeys, reports } = controller({ chosen: 'Control+Bogus' });
    hotkeys.refresh();
    expect(reports.at(-1)![1]!.en).toContain('Control+Bogus could not be registered');
  });

  it('Escape is held only while the microphone is open, and cancels', () => {
    const { hotkeys, shortcuts, requests } = controller();
    hotkeys.refresh();
    expect(shortcuts.held.has('Escape')).toBe(false);
    hotkeys.onState('starting');
    expect(shortcuts.held.has('Escape')).toBe(true);
    hotkeys.onState('listening');
    shortcuts.press('Escape');
    expect(requests).toEqual(['cancel']);
    hotkeys.onState('sending');
    expect(shortcuts.held.has('Escape')).toBe(false);
    hotkeys.onState('idle');
    expect(shortcuts.held.has('Escape')).toBe(false);
  });

  it('registering again (after unlock) keeps Escape only if still recording', () => {
    const { hotkeys, shortcuts } = controller();
    hotkeys.refresh();
    hotkeys.onState('listening');
    shortcuts.held.clear(); // the desktop dropped every grab while the screen was locked
    hotkeys.refresh();
    expect([...shortcuts.held.keys()].sort()).toEqual(['Control+Alt+Space', 'Escape']);
  });

  it('every alternative offered is a real accelerator and none is Shift+Space', () => {
    for (const accelerator of ALTERNATIVE_HOTKEYS) expect(accelerator).not.toBe('Shift+Space');
    expect(hotkeyLabel('Control+Alt+Space', 'linux')).toBe('Ctrl+Alt+Space');
    expect(hotkeyLabel('Control+Shift+D', 'darwin')).toBe('⌃⇧D');
  });
});

describe('the "paste the last transcript again" hotkey', () => {
  function withPasteLast(pasteLast: string, taken: string[] = []) {
    const shortcuts = fakeShortcuts(taken);
    const requests: RequestAction[] = [];
    const reports: Array<[string, BilingualMessage | null]> = [];
    let chosen = pasteLast;
    const hotkeys = new HotkeyController({
      shortcuts,
      chosen: () => '',
      chosenPasteLast: () => chosen,
      platform: 'linux',
      request: (action) => requests.push(action),
      report: (code, message) => reports.push([code, message]),
    });
    return { hotkeys, shortcuts, requests, reports, choose: (value: string) => (chosen = value) };
  }

  it('asks to paste again, beside the toggle; a changed setting moves it; empty turns it off', () => {
    const { hotkeys, shortcuts, requests, choose } = withPasteLast('Control+Alt+V');
    hotkeys.refresh();
    expect([...shortcuts.held.keys()].sort()).toEqual(['Control+Alt+Space', 'Control+Alt+V']);
    expect(hotkeys.registeredPasteLast()).toBe('Control+Alt+V');
    shortcuts.press('Control+Alt+V');
    shortcuts.press('Control+Alt+Space');
    expect(requests).toEqual(['pasteLast', 'toggle']);
    choose('F8');
    hotkeys.refresh();
    expect(shortcuts.held.has('Control+Alt+V')).toBe(false);
    shortcuts.press('F8');
    expect(requests.at(-1)).toBe('pasteLast');
    choose('');
    hotkeys.refresh();
    expect([...shortcuts.held.keys()]).toEqual(['Control+Alt+Space']);
    expect(hotkeys.registeredPasteLast()).toBeNull();
  });

  it('a taken key is reported in both languages, naming the setting; freeing it clears the report', () => {
    const { hotkeys, shortcuts, reports } = withPasteLast('Control+Alt+V', ['Control+Alt+V']);
    hotkeys.refresh();
    const problem = reports.filter(([code]) => code === 'hotkey_paste_last_unavailable').at(-1)?.[1];
    expect(problem?.en).toContain('Control+Alt+V');
    expect(problem?.en).toContain('hotkey.pasteLast');
    expect(problem?.fa).toContain('hotkey.pasteLast');
    shortcuts.taken.clear();
    hotkeys.refresh();
    expect(reports.filter(([code]) => code === 'hotkey_paste_last_unavailable').at(-1)?.[1]).toBeNull();
    // The toggle's own problem report is untouched by the second key.
    expect(reports.filter(([code]) => code === 'hotkey_unavailable').every(([, m]) => m === null)).toBe(true);
  });
});
