import { describe, expect, it } from 'vitest';
import type { BilingualMessage } from '../../../src-shared/bilingual';
import type { PasteSettings } from '../../../src-shared/settings/settings-schema';
import { PasteFlow } from '../../../src-main/electron/paste-flow';
import type { Paster, PasteKeys } from '../../../src-main/electron/paster';

const TEXT = 'سلام، این یک متن آزمایشی است.';

/** A clipboard, a paster that records every step in one log, and a target app that reads the clipboard on paste. */
function world(
  options: {
    clipboard?: string;
    terminal?: boolean | null;
    failPaste?: boolean;
    settings?: Partial<PasteSettings>;
  } = {},
) {
  const log: string[] = [];
  let content = options.clipboard ?? 'what I copied before';
  const pastedIntoApp: string[] = [];
  const clipboard = {
    readText: () => content,
    writeText: (text: string) => {
      log.push(`clipboard:${text === TEXT ? 'ours' : text}`);
      content = text;
    },
  };
  const paster: Paster = {
    name: 'fake',
    releaseModifiers: async () => void log.push('release-modifiers'),
    paste: async (keys: PasteKeys) => {
      if (options.failPaste) throw new Error('XTEST not available');
      log.push(`paste:${keys}`);
      pastedIntoApp.push(content);
    },
    focusedIsTerminal: async () => options.terminal ?? false,
  };
  const reports: Array<[string, BilingualMessage | null]> = [];
  let sleeper: () => void = () => {};
  const settings: PasteSettings = { auto: true, shortcut: 'auto', restoreClipboard: true, ...options.settings };
  const make = (overrides: { paster?: Paster | null; platform?: NodeJS.Platform; ownWindowFocused?: boolean } = {}) =>
    new PasteFlow({
      clipboard,
      paster: overrides.paster === undefined ? paster : overrides.paster,
      noPasterWhy: { fa: 'xdotool لازم است', en: 'pasting on X11 needs xdotool' },
      platform: overrides.platform ?? 'linux',
      settings: () => settings,
      ownWindowFocused: () => overrides.ownWindowFocused ?? false,
      sleep: () =>
        new Promise<void>((resolve) => {
          log.push('wait-for-target');
          sleeper = resolve;
        }),
      report: (code, message) => reports.push([code, message]),
    });
  return {
    make,
    log,
    pastedIntoApp,
    reports,
    clipboard: () => content,
    copyMeanwhile: (text: string) => (content = text),
    targetHasRead: async () => {
      sleeper();
      await new Promise((resolve) => setTimeout(resolve, 0));
    },
  };
}

describe('text where the cursor is', () => {
  it(
    'copies, lets go of held modifiers, pastes, and restores the old clipboard when it still ' + 'holds our text',
    async () => {
      const w = world();
      const done = w.make().deliver(TEXT);
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(w.log).toEqual(['clipboard:ours', 'release-modifiers', 'paste:ctrl+v', 'wait-for-target']);
      expect(w.pastedIntoApp).toEqual([TEXT]);
      await w.targetHasRead();
      expect(await done).toEqual({ copied: true, pasted: true, keys: 'ctrl+v', restored: true });
      expect(w.clipboard()).toBe('what I copied before');
    },
  );

  it('never restores over something the person copied meanwhile', async () => {
    const w = world();
    const done = w.make().deliver(TEXT);
    await new Promise((resolve) => setTimeout(resolve, 0));
    w.copyMeanwhile('a link I copied right after');
    await w.targetHasRead();
    expect(await done).toMatchObject({ pasted: true, restored: false });
    expect(w.clipboard()).toBe('a link I copied right after');
  });

  it('uses Ctrl+Shift+V in a terminal, Cmd+V on macOS, and the chosen shortcut when set', async () => {
    const terminal = world({ terminal: true, settings: { restoreClipboard: false } });
    expect(await terminal.make().deliver(TEXT)).toMatchObject({ keys: 'ctrl+shift+v' });
    const mac = world({ settings: { restoreClipboard: false } });
    expect(await mac.make({ platform: 'darwin' }).deliver(TEXT)).toMatchObject({ keys: 'cmd+v' });
    const chosen = world({ terminal: false, settings: { shortcut: 'ctrl+shift+v', restoreClipboard: false } });
    expect(await chosen.make().deliver(TEXT)).toMatchObject({ keys: 'ctrl+shift+v' });
  });

  it('with paste off the text is only copied (and stays on the clipboard)', async () => {
    const w = world({ settings: { auto: false } });
    expect(await w.make().deliver(TEXT)).toEqual({ copied: true, pasted: false, why: 'off' });
    expect(w.log).toEqual(['clipboard:ours']);
    expect(w.clipboard()).toBe(TEXT);
  });

  it('does not paste into its own window (the Record button was used there)', async () => {
    const w = world();
    expect(await w.make({ ownWindowFocused: true }).deliver(TEXT)).toMatchObject({ pasted: false, why: 'own-window' });
    expect(w.pastedIntoApp).toEqual([]);
  });

  it('where no paste tool exists, or pasting fails, the text is copied and the reason is reported', async () => {
    const none = world();
    expect(await none.make({ paster: null }).deliver(TEXT)).toMatchObject({
      copied: true,
      pasted: false,
      why: 'no-paster',
    });
    expect(none.reports).toEqual([['paste_failed', { fa: 'xdotool لازم است', en: 'pasting on X11 needs xdotool' }]]);
    expect(none.clipboard()).toBe(TEXT);
    const failing = world({ failPaste: true });
    expect(await failing.make().deliver(TEXT)).toMatchObject({ pasted: false, why: 'failed' });
    expect(failing.reports.at(-1)![1]!.en).toContain('XTEST not available');
    expect(failing.clipboard()).toBe(TEXT);
    const mac = world({ failPaste: true });
    await mac.make({ platform: 'darwin' }).deliver(TEXT);
    expect(mac.reports.at(-1)![1]!.en).toContain('Accessibility');
  });

  it('a second dictation waits for the first one’s restore, so the two never interleave', async () => {
    const w = world();
    const flow = w.make();
    const first = flow.deliver(TEXT);
    const second = flow.deliver('دومی');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(w.log.filter((step) => step.startsWith('paste'))).toHaveLength(1);
    await w.targetHasRead();
    await first;
    await new Promise((resolve) => setTimeout(resolve, 0));
    await w.targetHasRead();
    await second;
    expect(w.pastedIntoApp).toEqual([TEXT, 'دومی']);
    expect(w.clipboard()).toBe('what I copied before');
  });
});
