import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppEvent } from '../../../src-shared/app-contract/events';
import { COMMAND_NAMES } from '../../../src-shared/app-contract/commands';
import { AUDIO_PORT_CHANNEL, commandChannel, EVENT_CHANNEL } from '../../../src-shared/ipc/contract';
import { openAppCore } from '../../../src-main/app/app-core';
import type { AppCore } from '../../../src-main/app/app-core-types';
import { tempDir } from '../../integration/cli-harness';

type Sender = { senderFrame: { url: string } | null };
const handlers = new Map<string, (event: Sender, ...args: unknown[]) => Promise<unknown>>();
const listeners = new Map<string, (event: Sender & { ports: unknown[] }) => void>();
const windows: Array<{ webContents: { isDestroyed(): boolean; getURL(): string; send: ReturnType<typeof vi.fn> } }> =
  [];
const shown: Array<{ title: string; body: string }> = [];

// Electron exists only inside Electron; the edge is mocked so the host's own logic runs under Node.
vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, handler: (event: Sender, ...args: unknown[]) => Promise<unknown>) =>
      handlers.set(channel, handler),
    on: (channel: string, listener: (event: Sender & { ports: unknown[] }) => void) => listeners.set(channel, listener),
  },
  BrowserWindow: { getAllWindows: () => windows },
  Notification: class {
    static isSupported = () => true;
    constructor(private readonly options: { title: string; body: string }) {}
    show() {
      shown.push(this.options);
    }
  },
}));

const { setupCoreBridge } = await import('../../../src-main/electron/setup-core-bridge');
const { setupNotifications } = await import('../../../src-main/electron/setup-notifications');

const origin = { rendererUrl: 'app://sokhan/index.html', overlayUrl: 'app://sokhan/overlay.html' };
const app = { senderFrame: { url: origin.rendererUrl } };
const stranger = { senderFrame: { url: 'https://evil.example/' } };

/** A core that records what reaches it and lets the test emit events. */
function fakeCore() {
  const audio: Int16Array[] = [];
  const calls: Array<[unknown, unknown]> = [];
  let listener: (event: AppEvent) => void = () => {};
  const core: AppCore = {
    handle: async (name, payload) => {
      calls.push([name, payload]);
      return { ok: true, value: 'done' };
    },
    subscribe: (l) => {
      listener = l;
      return () => {};
    },
    pushAudio: (pcm) => audio.push(pcm),
    close: async () => {},
  };
  return { core, audio, calls, emit: (event: AppEvent) => listener(event) };
}

function fakePort() {
  let onMessage: (message: { data: unknown }) => void = () => {};
  return {
    on: (_name: string, callback: (message: { data: unknown }) => void) => (onMessage = callback),
    start: vi.fn(),
    close: vi.fn(),
    deliver: (data: unknown) => onMessage({ data }),
  };
}

beforeEach(() => {
  handlers.clear();
  listeners.clear();
  windows.length = 0;
  shown.length = 0;
});

describe('the Electron host adapts the core contract', () => {
  it('has a handler for every command, answering the app page with the core value', async () => {
    const { core, calls } = fakeCore();
    setupCoreBridge(core, origin);
    expect([...handlers.keys()].sort()).toEqual(COMMAND_NAMES.map(commandChannel).sort());
    expect(await handlers.get(commandChannel('dictation.start'))!(app, {})).toEqual({ ok: true, value: 'done' });
    expect(calls).toEqual([['dictation.start', {}]]);
  });

  it('refuses a foreign sender without reaching the core', async () => {
    const { core, calls } = fakeCore();
    setupCoreBridge(core, origin);
    const reply = await handlers.get(commandChannel('usage.summary'))!(stranger, {});
    expect(reply).toMatchObject({ ok: false, code: 'untrusted_sender' });
    expect(await handlers.get(commandChannel('usage.summary'))!({ senderFrame: null }, {})).toMatchObject({
      ok: false,
    });
    expect(calls).toEqual([]);
  });

  it('malformed calls get an error value from the real core, never a crash', async () => {
    const core = await openAppCore({ dataDir: tempDir(), host: 'electron', version: '0', env: {}, apiKey: () => '' });
    setupCoreBridge(core, origin);
    const send = handlers.get(commandChannel('dictation.sendAnyway'))!;
    for (const payload of [
      undefined,
      null,
      'x',
      { sessionId: 1 },
      { sessionId: 's', index: 1.5 },
      { sessionId: 's', index: 0, extra: 1 },
    ]) {
      expect(await send(app, payload)).toMatchObject({ ok: false, code: 'invalid_payload' });
    }
    const set = handlers.get(commandChannel('settings.set'))!;
    const refused = (await set(app, { key: 'budget.monthlyUsd', value: 'lots' })) as {
      ok: boolean;
      message: { fa: string };
    };
    expect(refused.ok).toBe(false);
    expect(refused.message.fa).toContain('budget.monthlyUsd');
    await core.close();
  });

  it('sends core events only to the app page', () => {
    const { core, emit } = fakeCore();
    const mine = { isDestroyed: () => false, getURL: () => origin.rendererUrl, send: vi.fn() };
    const other = { isDestroyed: () => false, getURL: () => 'https://evil.example/', send: vi.fn() };
    windows.push({ webContents: mine }, { webContents: other });
    setupCoreBridge(core, origin);
    const event: AppEvent = { type: 'state', state: 'listening', sessionId: 's1' };
    emit(event);
    expect(mine.send).toHaveBeenCalledWith(EVENT_CHANNEL, event);
    expect(other.send).not.toHaveBeenCalled();
  });

  it('takes microphone frames from the app page on a MessagePort, and refuses a foreign port', () => {
    const { core, audio } = fakeCore();
    setupCoreBridge(core, origin);
    const port = fakePort();
    listeners.get(AUDIO_PORT_CHANNEL)!({ ...app, ports: [port] });
    expect(port.start).toHaveBeenCalled();
    port.deliver(new Int16Array([1, -2, 3]));
    port.deliver(new Uint8Array([1, 0, 255, 255]));
    port.deliver('not audio');
    expect(audio.map((pcm) => [...pcm])).toEqual([
      [1, -2, 3],
      [1, -1],
    ]);

    const foreign = fakePort();
    listeners.get(AUDIO_PORT_CHANNEL)!({ ...stranger, ports: [foreign] });
    expect(foreign.close).toHaveBeenCalled();
    expect(foreign.start).not.toHaveBeenCalled();
  });

  it('shows budget warnings and stopping errors as native notifications in the UI language', () => {
    const { core, emit } = fakeCore();
    let language: 'fa' | 'en' = 'fa';
    setupNotifications(core, () => language);
    const message = { fa: '۸۰٪ بودجهٔ روزانه خرج شد.', en: '80% of the daily budget is spent.' };
    emit({ type: 'warning', scope: 'daily', level: 'warn', spentMicros: 80, limitMicros: 100, message });
    language = 'en';
    emit({
      type: 'error',
      code: 'bad_key',
      message: { fa: 'کلید نادرست است.', en: 'The key is wrong.' },
      sessionId: 's',
    });
    emit({ type: 'chunk', sessionId: 's', index: 0, status: 'ok', startMs: 0, endMs: 1, text: 'x', costMicros: 1 });
    expect(shown).toEqual([
      { title: 'سخن‌نگار', body: message.fa },
      { title: 'SokhanNegar', body: 'The key is wrong.' },
    ]);
  });
});
