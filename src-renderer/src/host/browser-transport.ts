import type { HostTransport, IpcResult } from '../../../src-shared/app-contract/api';
import type { CommandName } from '../../../src-shared/app-contract/commands';
import type { AppEvent } from '../../../src-shared/app-contract/events';
import type { BilingualMessage } from '../../../src-shared/bilingual';

/**
 * The browser host's side of the window (`sokhan ui`): the app contract over one WebSocket to the local server
 * (src-main/browser-host/ui-server.ts documents the wire protocol). The page's cookie authenticates the socket.
 *
 * When the socket drops, it reconnects with backoff (0.25 s doubling to 5 s) for as long as the page is open:
 * - commands given while not connected wait for the next connection attempt; if that attempt fails, or the socket
 *   drops before their answer, they resolve (never reject) with `{ ok: false, code: 'disconnected' }` — a command
 *   sent before a drop may or may not have run, so it is not sent again behind the person's back;
 * - microphone audio waits, in order with the commands, up to AUDIO_BUFFER_SAMPLES (10 s); beyond that new frames
 *   are dropped and an `error` event with code `audio-dropped` tells the window once per outage;
 * - each outage is reported to the listeners once as an `error` event with code `disconnected`.
 * Audio goes as little-endian bytes: the Int16Array's own memory, which is little-endian on every browser platform.
 */

/** How much microphone audio waits for a reconnect before frames are dropped: 10 s at 16 kHz. */
export const AUDIO_BUFFER_SAMPLES = 16_000 * 10;

/** The part of the browser's WebSocket this client uses; tests may pass another implementation. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string | ArrayBuffer): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

/** Seams for tests: how to open a socket and how long to wait between attempts. */
export interface BrowserHostOptions {
  createSocket?: (url: string) => SocketLike;
  backoff?: { initialMs: number; maxMs: number };
}

/** A HostTransport that can also be shut for good (tests, page teardown). */
export interface BrowserHostTransport extends HostTransport {
  close(): void;
}

const OPEN = 1;

const DISCONNECTED: BilingualMessage = {
  fa:
    'ارتباط با «sokhan ui» قطع شد؛ دوباره وصل می‌شویم. اگر برنامه بسته شده است، آن را دوباره اجرا کنید و ' +
    'نشانی تازه را باز کنید.',
  en: 'Lost the connection to `sokhan ui`; reconnecting. If it was stopped, run it again and open the new address.',
};
const AUDIO_DROPPED: BilingualMessage = {
  fa: 'ارتباط بیش از ۱۰ ثانیه قطع ماند و بخشی از صدای ضبط‌شده از دست رفت.',
  en: 'The connection stayed down for over 10 seconds and some recorded audio was lost.',
};
const UNSENDABLE: BilingualMessage = {
  fa: 'این فرمان قابل ارسال نبود (داده‌اش قابل تبدیل به JSON نیست).',
  en: 'This command could not be sent (its data cannot be turned into JSON).',
};

type Outgoing = { kind: 'command'; id: number; text: string } | { kind: 'audio'; bytes: ArrayBuffer };

/** The same-origin `/ws` address of the page's own server. */
export function defaultSocketUrl(): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/ws`;
}

/** Connects to the browser host's WebSocket and keeps it connected; see the module comment for the rules. */
export function connectBrowserHost(
  url: string = defaultSocketUrl(),
  options: BrowserHostOptions = {},
): BrowserHostTransport {
  const createSocket = options.createSocket ?? ((address: string) => new WebSocket(address) as unknown as SocketLike);
  const backoff = options.backoff ?? { initialMs: 250, maxMs: 5000 };
  const pending = new Map<number, (result: IpcResult<unknown>) => void>();
  const listeners = new Set<(event: AppEvent) => void>();
  let outbox: Outgoing[] = [];
  let bufferedSamples = 0;
  let nextId = 1;
  let socket: SocketLike | null = null;
  let delayMs = backoff.initialMs;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let outageReported = false;
  let audioDropReported = false;
  let closed = false;

  const isOpen = () => socket !== null && socket.readyState === OPEN;
  const emit = (event: AppEvent) => {
    for (const listener of [...listeners]) listener(event);
  };
  const disconnected = (): IpcResult<unknown> => ({ ok: false, code: 'disconnected', message: DISCONNECTED });

  function connect(): void {
    retryTimer = undefined;
    let current: SocketLike;
    try {
      current = createSocket(url);
    } catch {
      dropped(null);
      return;
    }
    socket = current;
    current.onopen = () => {
      if (socket !== current) return;
      delayMs = backoff.initialMs;
      outageReported = false;
      audioDropReported = false;
      const waiting = outbox;
      outbox = [];
      bufferedSamples = 0;
      for (const item of waiting) current.send(item.kind === 'command' ? item.text : item.bytes);
    };
    current.onmessage = (event) => {
      if (socket === current && typeof event.data === 'string') receive(event.data);
    };
    current.onclose = () => {
      if (socket === current) dropped(current);
    };
    // A failed attempt is followed by close, which does the work.
    current.onerror = () => undefined;
  }

  function dropped(current: SocketLike | null): void {
    if (current) {
      current.onopen = current.onmessage = current.onclose = null;
      // Closing a socket that is still connecting reports an error; it is expected and must not surface.
      current.onerror = () => undefined;
    }
    socket = null;
    const waiting = [...pending.values()];
    pending.clear();
    // Audio keeps its place; commands are answered now rather than run late.
    outbox = outbox.filter((item) => item.kind === 'audio');
    for (const resolve of waiting) resolve(disconnected());
    if (closed) return;
    if (!outageReported) {
      outageReported = true;
      emit({ type: 'error', code: 'disconnected', message: DISCONNECTED, sessionId: null });
    }
    retryTimer = setTimeout(connect, delayMs);
    delayMs = Math.min(delayMs * 2, backoff.maxMs);
  }

  function receive(text: string): void {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    if (typeof message !== 'object' || message === null) return;
    const frame = message as { id?: unknown; result?: IpcResult<unknown>; event?: AppEvent; error?: unknown };
    if (typeof frame.id === 'number' && frame.result) {
      const resolve = pending.get(frame.id);
      pending.delete(frame.id);
      resolve?.(frame.result);
    } else if (frame.event) {
      emit(frame.event);
    } else if (frame.error) {
      // A frame the server could not use is a bug in this client, not something the person can act on.
      console.warn('sokhan ui:', frame.error);
    }
  }

  connect();

  return {
    invoke(name: CommandName, payload: unknown): Promise<IpcResult<unknown>> {
      if (closed) return Promise.resolve(disconnected());
      const id = nextId++;
      let text: string;
      try {
        text = JSON.stringify({ id, name, payload });
      } catch {
        return Promise.resolve({ ok: false, code: 'bad-payload', message: UNSENDABLE });
      }
      return new Promise((resolve) => {
        pending.set(id, resolve);
        if (isOpen()) socket!.send(text);
        else outbox.push({ kind: 'command', id, text });
      });
    },
    subscribe(listener: (event: AppEvent) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    sendAudio(pcm: Int16Array): void {
      if (closed || pcm.length === 0) return;
      // A copy of exactly this view's bytes: the caller may reuse its buffer, and the view may be part of a larger one.
      const bytes = new Uint8Array(pcm.buffer, pcm.byteOffset, pcm.byteLength).slice().buffer;
      if (isOpen() && outbox.length === 0) {
        socket!.send(bytes);
        return;
      }
      if (bufferedSamples + pcm.length <= AUDIO_BUFFER_SAMPLES) {
        outbox.push({ kind: 'audio', bytes });
        bufferedSamples += pcm.length;
      } else if (!audioDropReported) {
        audioDropReported = true;
        emit({ type: 'error', code: 'audio-dropped', message: AUDIO_DROPPED, sessionId: null });
      }
    },
    close(): void {
      closed = true;
      if (retryTimer !== undefined) clearTimeout(retryTimer);
      const current = socket;
      dropped(current);
      current?.close(1000, 'page closed');
      outbox = [];
      bufferedSamples = 0;
    },
  };
}
