import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppEvent } from '../../../src-shared/app-contract/events';
import type { ApiKeyStatusView } from '../../../src-shared/app-contract/views';
import { openAppCore, type AppCore } from '../../../src-main/app/app-core';
import { tempDir } from '../../integration/cli-harness';
import { openAiErrorBody, startFakeOpenAiServer, type FakeServer } from '../../support/fake-openai-server';
import { buildSpeechFixture, PERSIAN_SENTENCES, type SpeechFixture } from '../../support/speech-fixtures';
import { until } from '../../support/until';

// safeStorage as the OS would give it: encryption that hides the text (so a test can grep the file), and a backend
// each test chooses: a keyring, Linux's `basic_text` fallback, or no encryption at all.
const os = vi.hoisted(() => ({ available: true, backend: 'gnome_libsecret' as string, calls: [] as string[] }));
vi.mock('electron', () => {
  const scramble = (bytes: Buffer) => Buffer.from(bytes.map((b) => b ^ 0xa5));
  const safeStorage = {
    isEncryptionAvailable: () => (os.calls.push('isEncryptionAvailable'), os.available),
    getSelectedStorageBackend: () => (os.calls.push('getSelectedStorageBackend'), os.backend),
    encryptString: (text: string) => Buffer.concat([Buffer.from('v10'), scramble(Buffer.from(text, 'utf8'))]),
    decryptString: (data: Buffer) => {
      if (data.subarray(0, 3).toString() !== 'v10') throw new Error('Error while decrypting the ciphertext');
      return scramble(data.subarray(3)).toString('utf8');
    },
  };
  return { safeStorage, default: { safeStorage } };
});

const { createSafeStorageKeyStore, KEY_FILE } = await import('../../../src-main/electron/safe-storage-key-store');

const KEY = 'sk-proj-TYPEDkey0123456789abcdefghijklmnopQRSTUV';
const ENV_KEY = 'sk-env-0000000000000000000000000000wxyz';

beforeEach(() => {
  os.available = true;
  os.backend = 'gnome_libsecret';
  os.calls.length = 0;
});

/** Every file under a folder, as text. */
function allFiles(folder: string): Array<{ path: string; text: string }> {
  const out: Array<{ path: string; text: string }> = [];
  for (const name of readdirSync(folder)) {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) out.push(...allFiles(path));
    else out.push({ path, text: readFileSync(path, 'latin1') + readFileSync(path, 'utf8') });
  }
  return out;
}

describe('the API key kept with safeStorage (electron mocked)', () => {
  it('with a keyring: encrypted in one file of the data folder, read back by the next run, removed by clear', () => {
    const dataDir = tempDir();
    const store = createSafeStorageKeyStore(dataDir, 'linux');
    expect(store.storage()).toBe('encrypted');
    expect(store.read()).toBeNull();
    store.save(KEY, true);
    const file = readFileSync(join(dataDir, KEY_FILE));
    expect(file.toString('latin1')).not.toContain(KEY);
    // Written atomically: no temporary file left beside it.
    expect(readdirSync(dataDir)).toEqual([KEY_FILE]);

    const nextRun = createSafeStorageKeyStore(dataDir, 'linux');
    expect(nextRun.read()).toEqual({ key: KEY, kept: 'stored' });
    // "For this run only" sits over the stored key without replacing it.
    nextRun.save('sk-session-key-000000000000', false);
    expect(nextRun.read()).toEqual({ key: 'sk-session-key-000000000000', kept: 'session' });
    expect(createSafeStorageKeyStore(dataDir, 'linux').read()).toEqual({ key: KEY, kept: 'stored' });

    nextRun.clear();
    expect(nextRun.read()).toBeNull();
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('Linux without a keyring (basic_text): nothing is written, "for this run only" works', () => {
    os.backend = 'basic_text';
    const dataDir = tempDir();
    const store = createSafeStorageKeyStore(dataDir, 'linux');
    expect(store.storage()).toBe('basic_text');
    expect(() => store.save(KEY, true)).toThrow(/basic_text/);
    expect(readdirSync(dataDir)).toEqual([]);
    store.save(KEY, false);
    expect(store.read()).toEqual({ key: KEY, kept: 'session' });
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('no encryption at all: nothing is written, and a file left from before is not trusted', () => {
    const dataDir = tempDir();
    createSafeStorageKeyStore(dataDir, 'win32').save(KEY, true);
    os.available = false;
    const store = createSafeStorageKeyStore(dataDir, 'win32');
    expect(store.storage()).toBe('unavailable');
    expect(store.read()).toBeNull();
    expect(() => store.save(KEY, true)).toThrow(/unavailable/);
  });

  it('asks for the Linux backend only on Linux', () => {
    createSafeStorageKeyStore(tempDir(), 'darwin').storage();
    expect(os.calls).toEqual(['isEncryptionAvailable']);
  });
});

describe('through the app core, the typed key is used and never shown', () => {
  let server: FakeServer;
  let fixture: SpeechFixture;
  const cores: AppCore[] = [];
  beforeAll(async () => {
    fixture = await buildSpeechFixture({ sentences: PERSIAN_SENTENCES.slice(0, 1), gapsMs: [] });
    server = await startFakeOpenAiServer({ apiKey: KEY });
  });
  afterAll(async () => server?.close());
  afterEach(async () => {
    await Promise.all(cores.splice(0).map((core) => core.close()));
    vi.restoreAllMocks();
  });

  async function open(dataDir = tempDir()) {
    writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ baseUrl: server.baseUrl }));
    const core = await openAppCore({
      dataDir,
      host: 'electron',
      version: '0.1.0',
      env: {},
      apiKey: () => ENV_KEY,
      keyStore: createSafeStorageKeyStore(dataDir, 'linux'),
      retry: { baseDelayMs: 1, maxDelayMs: 4 },
    });
    cores.push(core);
    const events: AppEvent[] = [];
    core.subscribe((event) => events.push(event));
    return { core, events, dataDir };
  }

  /** One dictation of the fixture, start to idle. */
  async function dictate(core: AppCore, events: AppEvent[]) {
    const ended = () => events.filter((e) => e.type === 'state' && (e.state === 'idle' || e.state === 'error')).length;
    const endedBefore = ended();
    expect((await core.handle('dictation.start', {})).ok).toBe(true);
    for (let at = 0; at < fixture.pcm.length; at += 640) core.pushAudio(fixture.pcm.slice(at, at + 640));
    await core.handle('dictation.stop', {});
    await until(() => ended() > endedBefore);
  }

  const status = async (core: AppCore, name = 'apiKey.status', payload: unknown = {}) => {
    const result = await core.handle(name, payload);
    if (!result.ok) throw new Error(result.message.en);
    return result.value as ApiKeyStatusView;
  };

  it('the typed key wins over OPENAI_API_KEY, survives a restart, and the window sees only its last four', async () => {
    const logged: string[] = [];
    for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const)
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' ')));
    const { core, events, dataDir } = await open();
    const seen: unknown[] = [];
    const ask = async (name: string, payload: unknown = {}) => {
      const result = await core.handle(name, payload);
      seen.push(result);
      return result;
    };

    expect(await status(core)).toEqual({
      set: true,
      lastFour: 'wxyz',
      source: 'env',
      storage: 'encrypted',
      envOverridden: false,
    });
    const afterSet = await ask('apiKey.set', { key: `  ${KEY}\n`, remember: true });
    expect(afterSet).toEqual({
      ok: true,
      value: { set: true, lastFour: 'STUV', source: 'stored', storage: 'encrypted', envOverridden: true },
    });

    // The next request carries the typed key: a dictation and the key test both reach the server with it.
    expect(await ask('apiKey.test', {})).toMatchObject({ ok: true, value: { ok: true } });
    expect(server.requests.at(-1)?.authorization).toBe(`Bearer ${KEY}`);
    await dictate(core, events);
    expect(events.some((e) => e.type === 'chunk' && e.status === 'ok')).toBe(true);
    const transcriptions = server.requests.filter((r) => r.path === '/v1/audio/transcriptions');
    expect(transcriptions.length).toBeGreaterThan(0);
    expect(transcriptions.every((r) => r.authorization === `Bearer ${KEY}`)).toBe(true);

    // A server that echoes the key in its refusal: the error the window gets does not carry it.
    server.failNext(1, {
      status: 401,
      body: openAiErrorBody(`Incorrect API key provided: ${KEY}.`, 'invalid_request_error', 'invalid_api_key'),
    });
    await dictate(core, events);
    expect(events.some((e) => e.type === 'chunk' && e.status === 'failed')).toBe(true);

    // Everything else the window can ask for.
    for (const name of ['usage.summary', 'usage.snapshot', 'settings.get', 'app.info', 'transcript.last'])
      await ask(name, {});
    await ask('usage.export', { format: 'csv' });
    await ask('usage.export', { format: 'json' });
    await ask('history.list', { query: '', page: 0, pageSize: 50 });
    await ask('apiKey.set', { key: `${KEY} extra`, remember: true });
    await ask('apiKey.set', { key: KEY.repeat(20), remember: false });

    const visible = JSON.stringify({ seen, events });
    expect(visible).toContain('STUV');
    expect(visible).not.toContain(KEY);
    expect(visible).not.toContain(KEY.slice(0, 20));
    expect(logged.join('\n')).not.toContain(KEY.slice(0, 20));
    for (const file of allFiles(dataDir)) expect(file.text, file.path).not.toContain(KEY.slice(0, 20));

    // The next run of the app finds the stored key.
    await core.close();
    const again = await open(dataDir);
    expect(await status(again.core)).toMatchObject({ source: 'stored', lastFour: 'STUV' });
    // Cleared, the environment's key applies again.
    expect(await status(again.core, 'apiKey.clear')).toMatchObject({ source: 'env', lastFour: 'wxyz' });
  });

  it('without a keyring the panel hears why, and a key for this run only is used', async () => {
    os.backend = 'basic_text';
    const { core, dataDir } = await open();
    const refused = await core.handle('apiKey.set', { key: KEY, remember: true });
    expect(refused).toMatchObject({ ok: false, code: 'key_not_kept' });
    expect(JSON.stringify(refused)).toMatch(/keyring/);
    expect(JSON.stringify(refused)).not.toContain(KEY);
    expect(await status(core)).toMatchObject({ storage: 'basic_text', source: 'env' });
    expect(await status(core, 'apiKey.set', { key: KEY, remember: false })).toMatchObject({
      source: 'session',
      lastFour: 'STUV',
    });
    expect(await core.handle('apiKey.test', {})).toMatchObject({ ok: true });
    expect(server.requests.at(-1)?.authorization).toBe(`Bearer ${KEY}`);
    expect(readdirSync(dataDir)).not.toContain(KEY_FILE);
  });
});
