import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { IpcResult } from '../../../src-shared/app-contract/api';
import type { AppEvent } from '../../../src-shared/app-contract/events';
import type { AppCore } from '../../../src-main/app/app-core-types';
import { startUiServer, type UiServer } from '../../../src-main/browser-host/ui-server';
import { createSokhanApi } from '../../../src-shared/app-contract/api';
import {
  AUDIO_BUFFER_SAMPLES,
  connectBrowserHost,
  type SocketLike,
} from '../../../src-renderer/src/host/browser-transport';

const TOKEN = 'test-token-0123456789abcdefghijklmnop';

/** Records what the server hands the core and lets a test push events. */
class FakeCore implements AppCore {
  calls: Array<{ name: unknown; payload: unknown }> = [];
  audio: Int16Array[] = [];
  listeners = new Set<(event: AppEvent) => void>();
  async handle(name: unknown, payload: unknown): Promise<IpcResult<unknown>> {
    this.calls.push({ name, payload });
    if (name === 'throw') throw new Error('boom');
    if (name === 'hang') return new Promise(() => undefined);
    if (name === 'app.info') return { ok: true, value: { version: '9.9.9', dataDir: '/data', host: 'browser' } };
    return { ok: false, code: 'unknown-command', message: { fa: 'ناشناخته', en: 'unknown' } };
  }
  subscribe(listener: (event: AppEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  emit(event: AppEvent): void {
    for (const listener of this.listeners) listener(event);
  }
  pushAudio(pcm: Int16Array): void {
    this.audio.push(pcm);
  }
  async close(): Promise<void> {}
}

let root: string;
let rendererDir: string;
let core: FakeCore;
let server: UiServer;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'sokhan-ui-'));
  rendererDir = join(root, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>سخن‌نگار</title>');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(rendererDir, 'assets', 'worklet.mjs'), 'export {}');
  writeFileSync(join(rendererDir, 'assets', 'font.woff2'), 'wOF2');
  writeFileSync(join(rendererDir, 'assets', 'ort.wasm'), '\0asm');
  writeFileSync(join(root, 'secret.txt'), 'TOP-SECRET');
  symlinkSync(join(root, 'secret.txt'), join(rendererDir, 'assets', 'link.txt'));
});

beforeAll(async () => {
  core = new FakeCore();
  server = await startUiServer({ core, rendererDir, token: TOKEN });
});

afterAll(async () => {
  await server?.close();
});

const sockets: WebSocket[] = [];
afterEach(() => {
  for (const ws of sockets.splice(0)) ws.terminate();
});

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw GET, so a test can send any Host header and an un-normalised path. */
function get(path: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        path,
        method: 'GET',
        headers: { host: `127.0.0.1:${server.port}`, ...headers },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const cookie = () => `sokhan_ui_${server.port}=${TOKEN}`;
const origin = () => `http://127.0.0.1:${server.port}`;

/** Opens /ws and resolves with the socket, or with the HTTP status the upgrade was refused with. */
function openSocket(headers: Record<string, string>, path = '/ws'): Promise<WebSocket | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}${path}`, { headers });
    sockets.push(ws);
    ws.on('open', () => resolve(ws));
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('error', () => resolve(-1));
  });
}

async function openGoodSocket(): Promise<WebSocket> {
  const ws = await openSocket({ cookie: cookie(), origin: origin() });
  if (typeof ws === 'number') throw new Error(`refused: ${ws}`);
  return ws;
}

/** Every JSON message the socket receives from now on, in order. */
function collect(ws: WebSocket): Array<Record<string, unknown>> {
  const messages: Array<Record<string, unknown>> = [];
  ws.on('message', (data) => messages.push(JSON.parse(String(data))));
  return messages;
}

async function waitFor<T>(probe: () => T | undefined): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('timed out');
}

describe('ui server over HTTP', () => {
  it('listens on 127.0.0.1 and prints a URL with a long random token when none is given', async () => {
    const other = await startUiServer({ core, rendererDir });
    try {
      expect(other.url).toBe(`http://127.0.0.1:${other.port}/?token=${other.token}`);
      expect(other.token).toMatch(/^[A-Za-z0-9_-]{32,}$/);
      expect(other.token).not.toBe(TOKEN);
    } finally {
      await other.close();
    }
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${TOKEN}`);
  });

  it('refuses a request without the token, in Persian and English, with security headers', async () => {
    const reply = await get('/');
    expect(reply.status).toBe(403);
    expect(reply.body).toContain('دسترسی رد شد');
    expect(reply.body).toContain('Access denied');
    expect(reply.body).not.toContain('<title>');
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
    expect(reply.headers['x-frame-options']).toBe('DENY');
    expect(reply.headers['referrer-policy']).toBe('no-referrer');
  });

  it('refuses a wrong token and a wrong cookie', async () => {
    expect((await get('/?token=not-the-token-0123456789abcdefghij')).status).toBe(403);
    expect((await get('/', { cookie: `sokhan_ui_${server.port}=${TOKEN}x` })).status).toBe(403);
    // A cookie for another `sokhan ui` on another port is not ours.
    expect((await get('/', { cookie: `sokhan_ui_1=${TOKEN}` })).status).toBe(403);
  });

  it('refuses a foreign Host header even with the token or the cookie (DNS rebinding)', async () => {
    const evil = { host: `evil.example:${server.port}` };
    const withToken = await get(`/?token=${TOKEN}`, evil);
    expect(withToken.status).toBe(403);
    expect(withToken.headers['set-cookie']).toBeUndefined();
    expect((await get('/', { ...evil, cookie: cookie() })).status).toBe(403);
    expect((await get('/', { host: '127.0.0.1:1', cookie: cookie() })).status).toBe(403);
    expect((await get('/', { host: `localhost:${server.port}`, cookie: cookie() })).status).toBe(200);
  });

  it(
    'trades the token for an HttpOnly SameSite=Strict cookie and redirects to the same address ' + 'without it',
    async () => {
      const reply = await get(`/?token=${TOKEN}`);
      expect(reply.status).toBe(302);
      expect(reply.headers.location).toBe('/');
      const setCookie = String(reply.headers['set-cookie']);
      expect(setCookie).toContain(`sokhan_ui_${server.port}=${TOKEN}`);
      expect(setCookie).toMatch(/HttpOnly/);
      expect(setCookie).toMatch(/SameSite=Strict/);
      expect(setCookie).toMatch(/Path=\//);

      const deeper = await get(`/assets/app.js?v=2&token=${TOKEN}`);
      expect(deeper.status).toBe(302);
      expect(deeper.headers.location).toBe('/assets/app.js?v=2');
    },
  );

  it('serves the page and its assets with the cookie, with the right content types', async () => {
    const page = await get('/', { cookie: cookie() });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>سخن‌نگار</title>');
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['x-content-type-options']).toBe('nosniff');

    const types: Record<string, string> = {
      '/assets/app.js': 'text/javascript',
      '/assets/worklet.mjs': 'text/javascript',
      '/assets/font.woff2': 'font/woff2',
      '/assets/ort.wasm': 'application/wasm',
    };
    for (const [path, type] of Object.entries(types)) {
      const reply = await get(path, { cookie: cookie() });
      expect(reply.status, path).toBe(200);
      expect(reply.headers['content-type'], path).toContain(type);
    }
    expect((await get('/assets/missing.js', { cookie: cookie() })).status).toBe(404);
    expect((await get('/assets', { cookie: cookie() })).status).toBe(404);
  });

  it('never serves a file outside the renderer folder', async () => {
    for (const path of [
      '/../secret.txt',
      '/..%2fsecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/%2e%2e/secret.txt',
      '/..\\secret.txt',
    ]) {
      const reply = await get(path, { cookie: cookie() });
      expect(reply.status, path).not.toBe(200);
      expect(reply.body, path).not.toContain('TOP-SECRET');
    }
    expect((await get('/..%2fsecret.txt', { cookie: cookie() })).status).toBe(403);
    // Nor through a symbolic link that points out of it.
    const linked = await get('/assets/link.txt', { cookie: cookie() });
    expect(linked.status).toBe(403);
    expect(linked.body).not.toContain('TOP-SECRET');
  });
});

describe('ui server over the WebSocket', () => {
  it(
    'refuses the upgrade without the cookie, with a foreign Origin, without Origin, or with a ' + 'foreign Host',
    async () => {
      expect(await openSocket({ origin: origin() })).toBe(403);
      expect(await openSocket({ origin: 'http://evil.example', cookie: cookie() })).toBe(403);
      expect(await openSocket({ origin: `http://127.0.0.1:${server.port + 1}`, cookie: cookie() })).toBe(403);
      expect(await openSocket({ cookie: cookie() })).toBe(403);
      expect(await openSocket({ host: `evil.example:${server.port}`, origin: origin(), cookie: cookie() })).toBe(403);
      expect(await openSocket({ origin: origin(), cookie: cookie() }, '/other')).toBe(404);
      expect(core.listeners.size).toBe(0);
    },
  );

  it('accepts the cookie with our Origin, or the token in the address', async () => {
    expect(await openSocket({ cookie: cookie(), origin: origin() })).toBeInstanceOf(WebSocket);
    expect(await openSocket({ origin: `http://localhost:${server.port}` }, `/ws?token=${TOKEN}`)).toBeInstanceOf(
      WebSocket,
    );
    expect(await openSocket({ origin: origin() }, '/ws?token=wrong-token-0123456789abcdefghijk')).toBe(403);
  });

  it('answers a command with the value core.handle returned, by id', async () => {
    const ws = await openGoodSocket();
    const messages = collect(ws);
    ws.send(JSON.stringify({ id: 7, name: 'app.info', payload: {} }));
    const reply = await waitFor(() => messages.find((m) => m.id === 7));
    expect(reply.result).toEqual({ ok: true, value: { version: '9.9.9', dataDir: '/data', host: 'browser' } });
    expect(core.calls.at(-1)).toEqual({ name: 'app.info', payload: {} });
  });

  it('survives malformed frames and keeps answering later ones', async () => {
    const ws = await openGoodSocket();
    const messages = collect(ws);
    ws.send('{not json');
    ws.send(JSON.stringify([1, 2, 3]));
    ws.send(JSON.stringify({ id: 'x', name: 'app.info' }));
    ws.send(JSON.stringify({ id: 1, name: 42 }));
    ws.send(JSON.stringify({ id: 2, name: 'throw', payload: null }));
    ws.send(new Uint8Array([1, 2, 3]));
    ws.send(JSON.stringify({ id: 3, name: 'app.info', payload: {} }));
    const last = await waitFor(() => messages.find((m) => m.id === 3));
    expect(last.result).toMatchObject({ ok: true });
    expect(messages.find((m) => m.id === 1)?.result).toMatchObject({ ok: false, code: 'bad-frame' });
    expect(messages.find((m) => m.id === 2)?.result).toMatchObject({
      ok: false,
      code: 'internal',
      message: { fa: expect.any(String), en: expect.any(String) },
    });
    expect(messages.filter((m) => m.error).map((m) => (m.error as { code: string }).code)).toEqual([
      'bad-frame',
      'bad-frame',
      'bad-frame',
      'bad-audio-frame',
    ]);
    expect(ws.readyState).toBe(WebSocket.OPEN);
  });

  it('pushes every core event to every connected window and stops when a window closes', async () => {
    const first = await openGoodSocket();
    const second = await openGoodSocket();
    const a = collect(first);
    const b = collect(second);
    const event: AppEvent = { type: 'state', state: 'listening', sessionId: 's1' };
    core.emit(event);
    expect(await waitFor(() => a.find((m) => m.event))).toEqual({ event });
    expect(await waitFor(() => b.find((m) => m.event))).toEqual({ event });
    const before = core.listeners.size;
    first.close();
    await waitFor(() => (core.listeners.size === before - 1 ? true : undefined));
  });

  it('passes binary audio to pushAudio as the same Int16 samples, in order', async () => {
    const ws = await openGoodSocket();
    core.audio = [];
    const samples = Int16Array.from([0, 1, -1, 32767, -32768, 1234, -4321]);
    // Send from an odd offset of a larger buffer, as a browser might hand over a view.
    const carrier = new Uint8Array(samples.byteLength + 1);
    carrier.set(new Uint8Array(samples.buffer), 1);
    ws.send(carrier.subarray(1));
    ws.send(Int16Array.from([5, 6]));
    await waitFor(() => (core.audio.length === 2 ? true : undefined));
    expect(Array.from(core.audio[0])).toEqual(Array.from(samples));
    expect(core.audio[0]).toBeInstanceOf(Int16Array);
    expect(Array.from(core.audio[1])).toEqual([5, 6]);
  });

  it('drops a frame larger than the limit by closing that socket, and the server goes on', async () => {
    const ws = await openGoodSocket();
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
    ws.send(new Uint8Array(2 * 1024 * 1024));
    expect(await closed).toBe(1009);
    const again = await openGoodSocket();
    const messages = collect(again);
    again.send(JSON.stringify({ id: 9, name: 'app.info', payload: {} }));
    expect((await waitFor(() => messages.find((m) => m.id === 9))).result).toMatchObject({ ok: true });
  });

  it('close() disconnects the windows and stops listening', async () => {
    const other = await startUiServer({ core, rendererDir, token: TOKEN });
    const ws = new WebSocket(`ws://127.0.0.1:${other.port}/ws`, {
      headers: { cookie: `sokhan_ui_${other.port}=${TOKEN}`, origin: `http://127.0.0.1:${other.port}` },
    });
    await new Promise((resolve) => ws.on('open', resolve));
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
    await other.close();
    expect(await closed).toBe(1001);
    const refused = await new Promise<string>((resolve) => {
      request({ host: '127.0.0.1', port: other.port, path: '/' })
        .on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? ''))
        .end();
    });
    expect(refused).toBe('ECONNREFUSED');
  });

  it('rejects when the port is taken', async () => {
    await expect(startUiServer({ core, rendererDir, port: server.port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });
});

describe('the browser transport (the window side) against the server', () => {
  /** What a page's WebSocket would send: our Origin and the cookie. */
  const socketFor = (port: number) => (url: string) =>
    new WebSocket(url, {
      headers: { origin: `http://127.0.0.1:${port}`, cookie: `sokhan_ui_${port}=${TOKEN}` },
    }) as unknown as SocketLike;
  const backoff = { initialMs: 20, maxMs: 80 };

  it('queues commands until the socket opens, answers them by id, and delivers events and audio', async () => {
    const local = new FakeCore();
    const host = await startUiServer({ core: local, rendererDir, token: TOKEN });
    const transport = connectBrowserHost(`ws://127.0.0.1:${host.port}/ws`, {
      createSocket: socketFor(host.port),
      backoff,
    });
    try {
      const api = createSokhanApi(transport);
      const [info, unknown] = await Promise.all([api.appInfo(), api.usageSummary()]);
      expect(info).toEqual({ ok: true, value: { version: '9.9.9', dataDir: '/data', host: 'browser' } });
      expect(unknown).toMatchObject({ ok: false, code: 'unknown-command' });
      expect(local.calls.map((c) => c.name)).toEqual(['app.info', 'usage.summary']);

      const events: AppEvent[] = [];
      api.onEvent((event) => events.push(event));
      const event: AppEvent = { type: 'state', state: 'sending', sessionId: 's2' };
      local.emit(event);
      await waitFor(() => (events.length > 0 ? true : undefined));
      expect(events).toEqual([event]);

      const carrier = Int16Array.from([9, 8, 7, -7, -8, -9]);
      api.sendAudio(carrier.subarray(1, 4));
      await waitFor(() => (local.audio.length === 1 ? true : undefined));
      expect(Array.from(local.audio[0])).toEqual([8, 7, -7]);
    } finally {
      transport.close();
      await host.close();
    }
  });

  it(
    'answers in-flight commands with a bilingual "disconnected" value when the socket drops, ' +
      'then reconnects and sends the audio it held',
    async () => {
      const local = new FakeCore();
      const first = await startUiServer({ core: local, rendererDir, token: TOKEN });
      const port = first.port;
      const transport = connectBrowserHost(`ws://127.0.0.1:${port}/ws`, { createSocket: socketFor(port), backoff });
      const events: AppEvent[] = [];
      transport.subscribe((event) => events.push(event));
      let second: UiServer | undefined;
      try {
        expect(await transport.invoke('app.info', {})).toMatchObject({ ok: true });
        const inFlight = transport.invoke('hang' as never, {});
        await waitFor(() => (local.calls.some((c) => c.name === 'hang') ? true : undefined));
        await first.close();
        const dropped = await inFlight;
        expect(dropped).toMatchObject({
          ok: false,
          code: 'disconnected',
          message: { fa: expect.stringContaining('قطع'), en: expect.stringContaining('connection') },
        });
        await waitFor(() => (events.some((e) => e.type === 'error' && e.code === 'disconnected') ? true : undefined));

        // While down: audio waits, in order; past 10 s it is dropped and reported once.
        transport.sendAudio(Int16Array.from([1, 2]));
        transport.sendAudio(new Int16Array(AUDIO_BUFFER_SAMPLES - 2).fill(3));
        transport.sendAudio(Int16Array.from([4]));
        transport.sendAudio(Int16Array.from([5]));
        expect(events.filter((e) => e.type === 'error' && e.code === 'audio-dropped')).toHaveLength(1);
        expect(events.filter((e) => e.type === 'error' && e.code === 'disconnected')).toHaveLength(1);

        second = await startUiServer({ core: local, rendererDir, token: TOKEN, port });
        local.audio = [];
        expect(await transport.invoke('app.info', {})).toMatchObject({ ok: true });
        await waitFor(() => (local.audio.reduce((n, a) => n + a.length, 0) >= AUDIO_BUFFER_SAMPLES ? true : undefined));
        const received = local.audio.flatMap((a) => Array.from(a));
        expect(received).toHaveLength(AUDIO_BUFFER_SAMPLES);
        expect(received.slice(0, 3)).toEqual([1, 2, 3]);
        expect(received.includes(4) || received.includes(5)).toBe(false);
      } finally {
        transport.close();
        await second?.close();
      }
    },
  );

  it('answers at once with "disconnected" after close(), without throwing', async () => {
    const transport = connectBrowserHost('ws://127.0.0.1:9/ws', { createSocket: socketFor(9), backoff });
    const waiting = transport.invoke('app.info', {});
    transport.close();
    expect(await waiting).toMatchObject({ ok: false, code: 'disconnected' });
    expect(await transport.invoke('app.info', {})).toMatchObject({ ok: false, code: 'disconnected' });
  });
});
