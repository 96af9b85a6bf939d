import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { resolve, sep } from 'node:path';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { IpcResult } from '../../src-shared/app-contract/api';
import type { BilingualMessage } from '../../src-shared/bilingual';
import type { AppCore } from '../app/app-core-types';
import { contentTypeOf } from '../fs/content-types';

/**
 * The browser host (`sokhan ui`): serves the built renderer and carries the app contract over one WebSocket.
 *
 * Anything on this machine can reach 127.0.0.1, and any web page the person visits can make their browser send
 * requests to it, so every request must prove it comes from the person who ran `sokhan ui`:
 * - the `Host` header must name our own address and port (a DNS-rebinding page sends its own host name);
 * - the secret token printed on the terminal arrives once as `?token=`, is traded for an HttpOnly SameSite=Strict
 *   cookie, and every later request (assets, the WebSocket) must carry that cookie;
 * - the WebSocket upgrade must also come from our own origin (browsers send `Origin` and a foreign page cannot
 *   forge it; cookies alone would not stop cross-site WebSocket hijacking on a different port of localhost).
 *
 * Wire protocol on `/ws` (JSON text frames unless noted):
 * - client → server `{ id: number, name: string, payload: unknown }`; answered `{ id, result: IpcResult }` with
 *   the value of `core.handle(name, payload)` (the core validates name and payload);
 * - server → client `{ event: AppEvent }` for every core event while the socket is open;
 * - server → client `{ error: { code, message } }` for a frame the server could not use (no command id to answer);
 * - client → server BINARY frames: 16 kHz mono Int16 little-endian PCM, passed to `core.pushAudio` in order.
 * Several windows may connect at once: each gets every event, and audio from any of them is accepted (the core has
 * one dictation, so two windows recording at once would interleave their microphones — the window that started the
 * dictation is expected to be the one sending audio).
 */

/** Largest WebSocket frame accepted: commands are tiny and audio comes in frames of tens of milliseconds. */
export const MAX_FRAME_BYTES = 1024 * 1024;

/** Where and how to serve. */
export interface UiServerOptions {
  core: AppCore;
  /** The built renderer (out/renderer): index.html and its assets. */
  rendererDir: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Fixed secret for tests; a fresh random one otherwise. */
  token?: string;
}

/** A running browser host. */
export interface UiServer {
  /** The address to open, token included (it is traded for a cookie on first load). */
  url: string;
  port: number;
  token: string;
  /** Disconnects every window and stops listening; the core stays open (its owner closes it). */
  close(): Promise<void>;
}

const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

const FORBIDDEN: BilingualMessage = {
  fa:
    'دسترسی رد شد. نشانی‌ای را که «sokhan ui» در پایانه چاپ کرده است (همراه با token) باز کنید؛ اگر همین ' +
    'حالا آن را باز کرده‌اید، صفحه را یک بار تازه کنید.',
  en:
    'Access denied. Open the address `sokhan ui` printed in the terminal (with its token); if you just ' +
    'opened it, reload the page once.',
};

/** Starts the browser host on 127.0.0.1; rejects (e.g. EADDRINUSE) when the port cannot be bound. */
export async function startUiServer(options: UiServerOptions): Promise<UiServer> {
  const { core } = options;
  const token = options.token ?? randomBytes(32).toString('base64url');
  if (!/^[A-Za-z0-9_-]{16,}$/.test(token))
    throw new Error('ui-server: the token must be at least 16 URL-safe characters');
  const tokenDigest = digest(token);
  const rendererDir = await realpath(resolve(options.rendererDir));
  let port = 0;
  // Cookies are shared by every port of a host name, so the name carries the port: two `sokhan ui` at once must
  // not overwrite each other's cookie.
  const cookieName = () => `sokhan_ui_${port}`;

  const hostIsOurs = (host: string | undefined) => host === `127.0.0.1:${port}` || host === `localhost:${port}`;
  const originIsOurs = (origin: string | undefined) =>
    origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
  const tokenMatches = (candidate: string | undefined | null) => {
    if (!candidate) return false;
    // Digests have equal length, so timingSafeEqual never throws and the length of the token does not leak.
    return timingSafeEqual(digest(candidate), tokenDigest);
  };
  const hasCookie = (req: IncomingMessage) => tokenMatches(readCookie(req.headers.cookie, cookieName()));

  const server = createServer((req, res) => {
    handleHttp(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'خطای داخلی | internal error\n');
      else res.destroy();
    });
  });

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!hostIsOurs(req.headers.host)) return forbidden(res);
    const url = parseRequestUrl(req.url);
    if (!url) return send(res, 400, 'text/plain; charset=utf-8', 'درخواست نامعتبر | bad request\n');
    const queryToken = url.searchParams.get('token');
    if (queryToken !== null) {
      if (!tokenMatches(queryToken)) return forbidden(res);
      // Trade the token for a cookie and drop it from the address, so it does not sit in history or bookmarks.
      url.searchParams.delete('token');
      res.writeHead(302, {
        ...SECURITY_HEADERS,
        'Set-Cookie': `${cookieName()}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        Location: `${url.pathname}${url.search}`,
        'Cache-Control': 'no-store',
        'Content-Type': 'text/plain; charset=utf-8',
      });
      res.end('در حال باز کردن… | opening…\n');
      return;
    }
    if (!hasCookie(req)) return forbidden(res);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return send(res, 405, 'text/plain; charset=utf-8', 'روش پشتیبانی نمی‌شود | method not allowed\n');
    }
    await serveFile(req, res, url.pathname);
  }

  async function serveFile(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    let relative: string;
    try {
      relative = decodeURIComponent(pathname === '/' ? '/index.html' : pathname);
    } catch {
      return send(res, 400, 'text/plain; charset=utf-8', 'درخواست نامعتبر | bad request\n');
    }
    const notFound = () => send(res, 404, 'text/plain; charset=utf-8', 'پیدا نشد | not found\n');
    if (relative.includes('\0')) return notFound();
    const candidate = resolve(rendererDir, `.${relative}`);
    if (!inside(rendererDir, candidate)) return forbidden(res);
    let real: string;
    try {
      // A symbolic link inside the folder must not lead outside it.
      real = await realpath(candidate);
    } catch {
      return notFound();
    }
    if (!inside(rendererDir, real)) return forbidden(res);
    const info = await stat(real).catch(() => null);
    if (!info?.isFile()) return notFound();
    const isIndex = real === resolve(rendererDir, 'index.html');
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': contentTypeOf(real),
      'Content-Length': info.size,
      // The page is tied to this run's token and build; never serve a stale one from cache.
      'Cache-Control': isIndex ? 'no-store' : 'no-cache',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const stream = createReadStream(real);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const url = parseRequestUrl(req.url);
    if (url?.pathname !== '/ws') return refuseUpgrade(socket, 404, 'Not Found');
    if (!hostIsOurs(req.headers.host) || !originIsOurs(req.headers.origin))
      return refuseUpgrade(socket, 403, 'Forbidden');
    if (!hasCookie(req) && !tokenMatches(url.searchParams.get('token'))) return refuseUpgrade(socket, 403, 'Forbidden');
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  wss.on('connection', (ws: WebSocket) => {
    const unsubscribe = core.subscribe((event) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ event }));
    });
    ws.on('close', unsubscribe);
    ws.on('error', () => ws.terminate());
    ws.on('message', (data: RawData, isBinary: boolean) => {
      const bytes = toBuffer(data);
      if (isBinary) receiveAudio(ws, bytes);
      else void receiveCommand(ws, bytes.toString('utf8'));
    });
  });

  function receiveAudio(ws: WebSocket, bytes: Buffer): void {
    if (bytes.length === 0) return;
    if (bytes.length % 2 !== 0) {
      sendJson(ws, { error: { code: 'bad-audio-frame', message: BAD_AUDIO } });
      return;
    }
    // A fresh, aligned array: the frame's Buffer may start at an odd offset inside a pooled allocation.
    const pcm = new Int16Array(bytes.length / 2);
    for (let i = 0; i < pcm.length; i++) pcm[i] = bytes.readInt16LE(i * 2);
    try {
      core.pushAudio(pcm);
    } catch {
      // The core reports audio trouble as events; one bad frame must not close the window's connection.
    }
  }

  async function receiveCommand(ws: WebSocket, text: string): Promise<void> {
    let frame: unknown;
    try {
      frame = JSON.parse(text);
    } catch {
      sendJson(ws, { error: { code: 'bad-frame', message: BAD_FRAME } });
      return;
    }
    if (!isRecord(frame) || typeof frame.id !== 'number' || !Number.isSafeInteger(frame.id)) {
      sendJson(ws, { error: { code: 'bad-frame', message: BAD_FRAME } });
      return;
    }
    const { id } = frame;
    let result: IpcResult<unknown>;
    if (typeof frame.name !== 'string') {
      result = { ok: false, code: 'bad-frame', message: BAD_FRAME };
    } else {
      try {
        result = await core.handle(frame.name, frame.payload);
      } catch {
        // The core promises values, not throws; if it breaks that promise the window still gets an answer.
        result = { ok: false, code: 'internal', message: INTERNAL };
      }
    }
    sendJson(ws, { id, result });
  }

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', rejectListen);
      resolveListen();
    });
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('ui-server: no TCP address');
  port = address.port;

  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: () => {
      closing ??= new Promise<void>((done) => {
        for (const ws of wss.clients) ws.close(1001, 'sokhan ui stopped');
        wss.close();
        server.close(() => done());
        // Browsers keep idle HTTP connections open; without this close() would wait for them to time out.
        server.closeAllConnections();
        // A window that does not answer the close handshake promptly is cut off.
        setTimeout(() => {
          for (const ws of wss.clients) ws.terminate();
        }, 500).unref();
      });
      return closing;
    },
  };
}

const BAD_FRAME: BilingualMessage = {
  fa: 'پیام نامعتبری از پنجره رسید و نادیده گرفته شد.',
  en: 'The window sent a malformed message; it was ignored.',
};
const BAD_AUDIO: BilingualMessage = {
  fa: 'یک قاب صوتی با طول نادرست رسید و کنار گذاشته شد.',
  en: 'An audio frame with an odd byte length arrived and was dropped.',
};
const INTERNAL: BilingualMessage = {
  fa: 'خطای داخلی در برنامه؛ دوباره امتحان کنید.',
  en: 'Internal error in the app; try again.',
};

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

function inside(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

function parseRequestUrl(raw: string | undefined): URL | null {
  try {
    // Only the path and query matter; the Host header is checked separately.
    return new URL(raw ?? '/', 'http://host.invalid');
  } catch {
    return null;
  }
}

function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': type,
    'Cache-Control': 'no-store',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}

function forbidden(res: ServerResponse): void {
  send(res, 403, 'text/plain; charset=utf-8', `${FORBIDDEN.fa}\n${FORBIDDEN.en}\n`);
}

function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  const body = status === 403 ? `${FORBIDDEN.fa}\n${FORBIDDEN.en}\n` : 'پیدا نشد | not found\n';
  // Destroy once the answer is flushed: destroying at once could drop it, and the client should see why.
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

function sendJson(ws: WebSocket, message: unknown): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
