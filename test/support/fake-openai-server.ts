import { afterEach } from 'vitest';
import type { TranscriptionRequest } from '../../src-main/transcription/types';
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real OpenAI-compatible `/v1/audio/transcriptions` server on 127.0.0.1 for tests: it parses the multipart
 * upload, decodes the WAV header, answers in OpenAI's shapes, and can be told to fail, hang or drop the connection.
 */

/** What the caller's transcribe function sees for each request the server accepts. */
export interface FakeTranscribeInfo {
  durationMs: number;
  wav: Uint8Array;
  /** 0-based count of successful transcriptions before this one (retries of a chunk keep the same index). */
  index: number;
  prompt?: string;
  model: string;
  language?: string;
}

export interface FakeFailure {
  status: number;
  /** JSON-serialised unless it is a string; default: an OpenAI error body naming the status. */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface FakeServerOptions {
  /** When set, any other bearer token gets OpenAI's 401. */
  apiKey?: string;
  transcribe?: (info: FakeTranscribeInfo) => string;
  /** Wait before every reply (ms). */
  delayMs?: number;
  /** Upload size limit in bytes; default OpenAI's 25 MB (26 214 400). Lower it to test 413 cheaply. */
  maxUploadBytes?: number;
  /** When set, models not in the list get 404 model_not_found. */
  models?: string[];
  /** Reply without `usage`, like Groq, whisper.cpp and most local servers. */
  omitUsage?: boolean;
  /**
   * Asked before each transcription request no failNext/hangNext/destroyNext applies to: it may wait (a slow server)
   * and returns a failure to send, 'destroy' to cut the connection, or nothing for a normal answer. For the soak.
   */
  chaos?: () => Promise<FakeFailure | 'destroy' | undefined>;
  /** Listen on this port (to come back where a closed server was: the network returning); default a free one. */
  port?: number;
  /**
   * Keep each upload's audio in `requests` after answering (default true). The soak turns it off: an hour of uploads
   * kept by the test server, in the same process, would read as the app's memory growing.
   */
  keepUploads?: boolean;
}

export interface UploadedFile {
  filename?: string;
  contentType?: string;
  bytes: Uint8Array;
}

export interface ReceivedRequest {
  method: string;
  path: string;
  authorization?: string;
  contentType?: string;
  /** Text fields of the multipart form. */
  fields: Record<string, string>;
  model?: string;
  language?: string;
  prompt?: string;
  responseFormat?: string;
  file?: UploadedFile;
  /** Audio length decoded from the WAV header, when it was a WAV. */
  durationMs?: number;
  bodyBytes: number;
  requestId: string;
  /** Status sent back; undefined when the server hung or dropped the connection. */
  status?: number;
  outcome: 'replied' | 'hung' | 'destroyed';
}

export interface FakeServer {
  /** Ends in `/v1`, ready for the SDK's baseURL. */
  baseUrl: string;
  requests: ReceivedRequest[];
  /** The next `n` transcription requests get this HTTP reply instead of a transcript. */
  failNext(n: number, failure: FakeFailure): void;
  /** The next `n` requests never get a reply (or, with afterHeaders, get headers and half a body, then stall). */
  hangNext(n: number, options?: { afterHeaders?: boolean }): void;
  /** The next `n` requests have their TCP connection destroyed after the upload is read. */
  destroyNext(n: number): void;
  setDelayMs(ms: number): void;
  close(): Promise<void>;
}

type Scripted = { kind: 'fail'; failure: FakeFailure } | { kind: 'hang'; afterHeaders: boolean } | { kind: 'destroy' };

/** OpenAI's own limit: 25 MiB. */
export const OPENAI_MAX_UPLOAD_BYTES = 26_214_400;

/** OpenAI's error body shape. */
export function openAiErrorBody(
  message: string,
  type: string,
  code: string | null = null,
  param: string | null = null,
): { error: { message: string; type: string; param: string | null; code: string | null } } {
  return { error: { message, type, param, code } };
}

/** Replies real OpenAI sends, for failNext. */
export const openAiFailures = {
  badKey: (): FakeFailure => ({
    status: 401,
    body: openAiErrorBody(
      'Incorrect API key provided: sk-wrong. You can find your API key at ' +
        'https://platform.openai.com/account/api-keys.',
      'invalid_request_error',
      'invalid_api_key',
    ),
  }),
  regionBlocked: (): FakeFailure => ({
    status: 403,
    body: openAiErrorBody(
      'Country, region, or territory not supported',
      'request_forbidden',
      'unsupported_country_region_territory',
    ),
  }),
  permissionDenied: (): FakeFailure => ({
    status: 403,
    body: openAiErrorBody('You have insufficient permissions for this operation.', 'invalid_request_error'),
  }),
  insufficientQuota: (): FakeFailure => ({
    status: 429,
    body: openAiErrorBody(
      'You exceeded your current quota, please check your plan and billing details. For more information on ' +
        'this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.',
      'insufficient_quota',
      'insufficient_quota',
    ),
  }),
  rateLimited: (retryAfter?: { seconds?: number; ms?: number; date?: string }): FakeFailure => ({
    status: 429,
    body: openAiErrorBody(
      'Rate limit reached for whisper-1 in organization org-test on requests per min (RPM): Limit 3, Used 3, ' +
        'Requested 1.',
      'requests',
      'rate_limit_exceeded',
    ),
    headers: {
      ...(retryAfter?.seconds !== undefined ? { 'retry-after': String(retryAfter.seconds) } : {}),
      ...(retryAfter?.ms !== undefined ? { 'retry-after-ms': String(retryAfter.ms) } : {}),
      ...(retryAfter?.date !== undefined ? { 'retry-after': retryAfter.date } : {}),
    },
  }),
  serverError: (status = 500): FakeFailure => ({
    status,
    body: openAiErrorBody('The server had an error while processing your request. Sorry about that!', 'server_error'),
  }),
};

interface MultipartPart {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

/** Parses a multipart/form-data body (RFC 7578); throws on a malformed body. */
export function parseMultipart(body: Buffer, contentTypeHeader: string): MultipartPart[] {
  const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentTypeHeader);
  if (!match) throw new Error('multipart body without a boundary');
  const delimiter = Buffer.from(`--${match[1] ?? match[2]}`);
  const partEnd = Buffer.concat([Buffer.from('\r\n'), delimiter]);
  const parts: MultipartPart[] = [];

  let pos = body.indexOf(delimiter);
  if (pos < 0) throw new Error('multipart body does not contain its boundary');
  pos += delimiter.length;
  for (;;) {
    if (body.subarray(pos, pos + 2).toString('latin1') === '--') return parts;
    if (body.subarray(pos, pos + 2).toString('latin1') !== '\r\n') throw new Error('malformed multipart delimiter');
    pos += 2;
    const headerEnd = body.indexOf('\r\n\r\n', pos);
    if (headerEnd < 0) throw new Error('multipart part without a header end');
    const headers = parseHeaders(body.subarray(pos, headerEnd).toString('utf8'));
    const dataStart = headerEnd + 4;
    const dataEnd = body.indexOf(partEnd, dataStart);
    if (dataEnd < 0) throw new Error('multipart part without a closing boundary');
    const disposition = headers.get('content-disposition') ?? '';
    const params = parseDispositionParams(disposition);
    if (!/^\s*form-data/i.test(disposition) || params.name === undefined) {
      throw new Error(`multipart part with a bad Content-Disposition: ${disposition}`);
    }
    parts.push({
      name: params.name,
      filename: params.filename,
      contentType: headers.get('content-type'),
      data: body.subarray(dataStart, dataEnd),
    });
    pos = dataEnd + partEnd.length;
  }
}

function parseHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new Error(`malformed multipart header line: ${line}`);
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

function parseDispositionParams(value: string): Record<string, string | undefined> {
  const params: Record<string, string | undefined> = {};
  const re = /;\s*([^=;\s]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g;
  for (let m = re.exec(value); m; m = re.exec(value)) {
    const raw = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? '').trim();
    params[m[1].toLowerCase()] = raw;
  }
  return params;
}

export interface WavInfo {
  format: number;
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
  dataBytes: number;
  durationMs: number;
}

/** Reads a RIFF/WAVE header, walking the chunks to `fmt ` and `data`; throws when it is not a WAV. */
export function readWavInfo(bytes: Uint8Array): WavInfo {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (at: number): string => String.fromCharCode(...bytes.subarray(at, at + 4));
  if (bytes.byteLength < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') throw new Error('not a RIFF/WAVE file');
  let fmt: Omit<WavInfo, 'dataBytes' | 'durationMs'> | undefined;
  let blockAlign = 0;
  let pos = 12;
  while (pos + 8 <= bytes.byteLength) {
    const id = tag(pos);
    const size = view.getUint32(pos + 4, true);
    const start = pos + 8;
    if (id === 'fmt ') {
      if (size < 16 || start + 16 > bytes.byteLength) throw new Error('truncated fmt chunk');
      fmt = {
        format: view.getUint16(start, true),
        channels: view.getUint16(start + 2, true),
        sampleRate: view.getUint32(start + 4, true),
        bitsPerSample: view.getUint16(start + 14, true),
      };
      blockAlign = view.getUint16(start + 12, true);
    } else if (id === 'data') {
      if (!fmt) throw new Error('data chunk before fmt chunk');
      // Streaming writers leave the size as 0xFFFFFFFF; the bytes present are what counts.
      const dataBytes = Math.min(size, bytes.byteLength - start);
      const frames = blockAlign > 0 ? Math.floor(dataBytes / blockAlign) : 0;
      const durationMs = fmt.sampleRate > 0 ? (frames * 1000) / fmt.sampleRate : 0;
      return { ...fmt, dataBytes, durationMs };
    }
    pos = start + size + (size % 2);
  }
  throw new Error('no data chunk');
}

/** Builds a 16-bit PCM WAV holding a quiet tone, for uploading in tests. */
export function encodeTestWav(
  durationMs: number,
  options: { sampleRate?: number; channels?: number; frequencyHz?: number } = {},
): Uint8Array {
  const sampleRate = options.sampleRate ?? 16_000;
  const channels = options.channels ?? 1;
  const frequency = options.frequencyHz ?? 220;
  const frames = Math.round((durationMs * sampleRate) / 1000);
  const dataBytes = frames * channels * 2;
  const out = new Uint8Array(44 + dataBytes);
  const view = new DataView(out.buffer);
  const ascii = (at: number, text: string): void => {
    for (let i = 0; i < text.length; i++) out[at + i] = text.charCodeAt(i);
  };
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + dataBytes, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, channels, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * channels * 2, true);
  view.setUint16(32, channels * 2, true);
  view.setUint16(34, 16, true);
  ascii(36, 'data');
  view.setUint32(40, dataBytes, true);
  for (let i = 0; i < frames; i++) {
    const sample = Math.round(8000 * Math.sin((2 * Math.PI * frequency * i) / sampleRate));
    for (let c = 0; c < channels; c++) view.setInt16(44 + (i * channels + c) * 2, sample, true);
  }
  return out;
}

/** The default transcript: Persian, naming the chunk and its length, with Arabic ي/ك for normalisation tests. */
export function defaultFakeTranscript(info: FakeTranscribeInfo): string {
  return `اين متن آزمايشي قطعه ${info.index} است و ${(info.durationMs / 1000).toFixed(1)} ثانيه طول كشيد.`;
}

function fakeUsage(model: string, durationMs: number, prompt: string | undefined, text: string): unknown {
  if (model.startsWith('gpt-4o')) {
    // Made-up but stable rates: 10 audio tokens per second, ~2 characters per text token.
    const audio = Math.ceil(durationMs / 100);
    const promptTokens = prompt ? Math.ceil(prompt.length / 2) : 0;
    const output = Math.ceil(text.length / 2);
    return {
      type: 'tokens',
      input_tokens: audio + promptTokens,
      output_tokens: output,
      total_tokens: audio + promptTokens + output,
      input_token_details: { audio_tokens: audio, text_tokens: promptTokens },
    };
  }
  return { type: 'duration', seconds: Math.ceil(durationMs / 1000) };
}

/** Starts the server on 127.0.0.1 at a free port. */
export async function startFakeOpenAiServer(options: FakeServerOptions = {}): Promise<FakeServer> {
  const maxUpload = options.maxUploadBytes ?? OPENAI_MAX_UPLOAD_BYTES;
  const transcribe = options.transcribe ?? defaultFakeTranscript;
  const script: Scripted[] = [];
  const requests: ReceivedRequest[] = [];
  const hung = new Set<ServerResponse>();
  let delayMs = options.delayMs ?? 0;
  let transcribed = 0;

  const send = (
    res: ServerResponse,
    record: ReceivedRequest,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    const contentType = typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json';
    res.writeHead(status, { 'content-type': contentType, 'x-request-id': record.requestId, ...headers });
    res.end(text);
    record.status = status;
    forgetUpload(record);
  };
  const forgetUpload = (record: ReceivedRequest): void => {
    if (options.keepUploads === false) record.file = undefined;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    let bodyBytes = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      bodyBytes += chunk.length;
      // Past the limit the bytes only need counting, not keeping.
      if (bodyBytes <= maxUpload) chunks.push(chunk);
    }
    const record: ReceivedRequest = {
      method: req.method ?? '',
      path: (req.url ?? '').split('?')[0],
      authorization: req.headers.authorization,
      contentType: req.headers['content-type'],
      fields: {},
      bodyBytes,
      requestId: `req_${randomBytes(12).toString('hex')}`,
      outcome: 'replied',
    };
    requests.push(record);

    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));

    if (record.method !== 'POST' || record.path !== '/v1/audio/transcriptions') {
      const message = `Invalid URL (${record.method} ${record.path})`;
      return send(res, record, 404, openAiErrorBody(message, 'invalid_request_error'));
    }

    // Parse before any scripted failure so tests can still see what a failed request carried.
    if (bodyBytes <= maxUpload) {
      try {
        const parts = parseMultipart(Buffer.concat(chunks), record.contentType ?? '');
        for (const part of parts) {
          if (part.filename !== undefined) {
            record.file = { filename: part.filename, contentType: part.contentType, bytes: new Uint8Array(part.data) };
          } else {
            record.fields[part.name] = part.data.toString('utf8');
          }
        }
      } catch (err) {
        const message = `Could not parse multipart form: ${(err as Error).message}`;
        return send(res, record, 400, openAiErrorBody(message, 'invalid_request_error'));
      }
      record.model = record.fields.model;
      record.language = record.fields.language;
      record.prompt = record.fields.prompt;
      record.responseFormat = record.fields.response_format;
    }

    let next = script.shift();
    if (!next && options.chaos) {
      const fault = await options.chaos();
      if (fault === 'destroy') next = { kind: 'destroy' };
      else if (fault) next = { kind: 'fail', failure: fault };
    }
    if (next?.kind === 'hang') {
      record.outcome = 'hung';
      hung.add(res);
      if (next.afterHeaders) {
        res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': record.requestId });
        res.write('{"text": "');
      }
      return;
    }
    if (next?.kind === 'destroy') {
      record.outcome = 'destroyed';
      req.socket.destroy();
      forgetUpload(record);
      return;
    }
    if (next?.kind === 'fail') {
      const { status, body, headers } = next.failure;
      const payload = body ?? openAiErrorBody(`Scripted failure with status ${status}`, 'server_error');
      return send(res, record, status, payload, headers);
    }

    if (options.apiKey !== undefined && record.authorization !== `Bearer ${options.apiKey}`) {
      return send(res, record, 401, openAiFailures.badKey().body);
    }
    if (bodyBytes > maxUpload) {
      const message = `Maximum content size limit (${maxUpload}) exceeded (${bodyBytes} bytes read)`;
      return send(res, record, 413, openAiErrorBody(message, 'invalid_request_error'));
    }
    const model = record.model;
    if (!model)
      return send(
        res,
        record,
        400,
        openAiErrorBody("'model' is a required property", 'invalid_request_error', null, 'model'),
      );
    if (options.models && !options.models.includes(model)) {
      const message = `The model \`${model}\` does not exist or you do not have access to it.`;
      return send(res, record, 404, openAiErrorBody(message, 'invalid_request_error', 'model_not_found'));
    }
    if (!record.file) {
      return send(
        res,
        record,
        400,
        openAiErrorBody("'file' is a required property", 'invalid_request_error', null, 'file'),
      );
    }
    let wav: WavInfo;
    try {
      wav = readWavInfo(record.file.bytes);
    } catch (err) {
      const message =
        `Invalid file format (${(err as Error).message}). Supported formats: ['flac', 'm4a', ` +
        `'mp3', 'mp4', 'mpeg', 'mpga', 'oga', 'ogg', 'wav', 'webm']`;
      return send(res, record, 400, openAiErrorBody(message, 'invalid_request_error', 'invalid_value', 'file'));
    }
    record.durationMs = wav.durationMs;
    if (wav.format !== 1 || wav.channels !== 1 || wav.sampleRate !== 16_000 || wav.bitsPerSample !== 16) {
      // Stricter than OpenAI on purpose: the app promises 16 kHz mono 16-bit PCM everywhere.
      const message =
        `Fake server expects 16 kHz mono 16-bit PCM WAV, got format ${wav.format}, ` +
        `${wav.sampleRate} Hz, ${wav.channels} channel(s), ${wav.bitsPerSample}-bit`;
      return send(res, record, 400, openAiErrorBody(message, 'invalid_request_error', 'invalid_value', 'file'));
    }
    if (wav.durationMs < 100) {
      const message = 'Audio file is too short. Minimum audio length is 0.1 seconds.';
      return send(res, record, 400, openAiErrorBody(message, 'invalid_request_error', 'audio_too_short', 'file'));
    }
    const format = record.responseFormat ?? 'json';
    if (model.startsWith('gpt-4o') && format !== 'json') {
      const message =
        `response_format '${format}' is not compatible with model '${model}'. Use 'json' or ` + `'text' instead.`;
      return send(
        res,
        record,
        400,
        openAiErrorBody(message, 'invalid_request_error', 'unsupported_value', 'response_format'),
      );
    }

    const text = transcribe({
      durationMs: wav.durationMs,
      wav: record.file.bytes,
      index: transcribed,
      prompt: record.prompt,
      model,
      language: record.language,
    });
    transcribed++;
    if (format === 'text') return send(res, record, 200, text);
    const usage = options.omitUsage ? undefined : fakeUsage(model, wav.durationMs, record.prompt, text);
    return send(res, record, 200, usage === undefined ? { text } : { text, usage });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify(openAiErrorBody(`Fake server crashed: ${String(err)}`, 'server_error')));
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  const enqueue = (n: number, item: Scripted): void => {
    for (let i = 0; i < n; i++) script.push(item);
  };

  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    failNext: (n, failure) => enqueue(n, { kind: 'fail', failure }),
    hangNext: (n, hangOptions) => enqueue(n, { kind: 'hang', afterHeaders: hangOptions?.afterHeaders ?? false }),
    destroyNext: (n) => enqueue(n, { kind: 'destroy' }),
    setDelayMs: (ms) => {
      delayMs = ms;
    },
    // Idempotent: a test may stop a server mid-test (an outage) and the per-test cleanup closes it again.
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const res of hung) res.destroy();
        hung.clear();
        if (!server.listening) {
          resolve();
          return;
        }
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/**
 * For a test file: returns a start function whose servers are all closed after each test, so no test leaks a
 * listening port into the next.
 */
export function useFakeOpenAiServers(): (options?: FakeServerOptions) => Promise<FakeServer> {
  const open: FakeServer[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((server) => server.close()));
  });
  return async (options) => {
    const server = await startFakeOpenAiServer(options);
    open.push(server);
    return server;
  };
}

/** A Persian transcription request for `durationMs` of test audio, with any extra fields (prompt, signal). */
export function testRequest(durationMs = 1_000, extra: Partial<TranscriptionRequest> = {}): TranscriptionRequest {
  return { wav: encodeTestWav(durationMs), audioMs: durationMs, language: 'fa', ...extra };
}
