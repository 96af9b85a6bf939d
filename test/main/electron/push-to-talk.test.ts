import { describe, expect, it } from 'vitest';
import type { RequestAction } from '../../../src-shared/app-contract/events';
import type { BilingualMessage } from '../../../src-shared/bilingual';
import { type KeyHookPort, PushToTalk } from '../../../src-main/electron/push-to-talk';

function fakeHook() {
  const listeners: Record<string, Array<(event: { keycode: number }) => void>> = { keydown: [], keyup: [] };
  const hook: KeyHookPort & { running: boolean; fire(type: 'keydown' | 'keyup', keycode: number): void } = {
    running: false,
    keycodes: { RightCtrl: 3613, F9: 67, Space: 57 },
    on: (event, listener) => listeners[event].push(listener),
    start() {
      this.running = true;
    },
    stop() {
      this.running = false;
    },
    fire: (type, keycode) => {
      for (const listener of listeners[type]) listener({ keycode });
    },
  };
  return hook;
}

function setup(chosen: string, options: { fail?: boolean; wayland?: boolean } = {}) {
  const hook = fakeHook();
  const requests: RequestAction[] = [];
  const reports: Array<[string, BilingualMessage | null]> = [];
  let key = chosen;
  const ptt = new PushToTalk({
    loadHook: async () => {
      if (options.fail) throw new Error('libuiohook: no X display');
      return hook;
    },
    chosen: () => key,
    request: (action) => requests.push(action),
    report: (code, message) => reports.push([code, message]),
    wayland: options.wayland ?? false,
  });
  return { ptt, hook, requests, reports, choose: (value: string) => (key = value) };
}

describe('push-to-talk', () => {
  it('holding the key starts once (key repeats start nothing more); letting go stops', async () => {
    const { ptt, hook, requests } = setup('RightCtrl');
    await ptt.refresh();
    expect(hook.running).toBe(true);
    hook.fire('keydown', 3613);
    hook.fire('keydown', 3613);
    hook.fire('keydown', 3613);
    hook.fire('keydown', 57); // other keys are the person's typing
    hook.fire('keyup', 57);
    expect(requests).toEqual(['start']);
    hook.fire('keyup', 3613);
    expect(requests).toEqual(['start', 'stop']);
  });

  it('is off (no hook running) until a key is chosen, and stops when cleared', async () => {
    const { ptt, hook, choose } = setup('');
    await ptt.refresh();
    expect(hook.running).toBe(false);
    choose('f9');
    await ptt.refresh();
    expect(hook.running).toBe(true);
    choose('');
    await ptt.refresh();
    expect(hook.running).toBe(false);
  });

  it('an unknown key or a hook that cannot load is reported, not swallowed', async () => {
    const unknown = setup('Hyper7');
    await unknown.ptt.refresh();
    expect(unknown.reports.at(-1)![1]!.en).toContain('"Hyper7" is not known');
    const broken = setup('F9', { fail: true });
    await broken.ptt.refresh();
    expect(broken.reports.at(-1)![1]!.en).toContain('no X display');
  });

  it('on Wayland it says the hook sees keys only in X11 windows and points to --toggle', async () => {
    const { ptt, reports } = setup('F9', { wayland: true });
    await ptt.refresh();
    expect(reports.at(-1)![1]!.en).toContain('sokhan-negar --toggle');
  });
});
