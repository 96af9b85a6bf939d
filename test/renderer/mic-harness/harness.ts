/**
 * Test page entry: exposes openMicrophone on `window.mic` and records everything the handlers see, with times.
 * Bundled by mic-capture.test.ts with the project's Vite, so the worklet takes the same path as in the app.
 */
import { MicError, listMicrophones, openMicrophone, type MicTuning } from '../../../src-renderer/src/audio/mic-capture';
import type { MicOptions, MicSession } from '../../../src-renderer/src/audio/mic-types';

/** One onFrames call: when, how many samples, and whether it came out synchronously inside startForwarding(). */
export interface FrameCall {
  t: number;
  samples: number;
  duringStart: boolean;
}

/** What the test reads back. */
export interface HarnessRecord {
  openedAt: number;
  calls: FrameCall[];
  levels: Array<{ t: number; dbfs: number }>;
  listening: number[];
  problems: Array<{ t: number; code: string; fa: string; en: string }>;
  forwardedSamples: number;
  /** Everything forwarded, little-endian Int16, base64. */
  pcmBase64: string;
}

/** openMicrophone's outcome as plain data (a MicError does not survive page.evaluate as a class). */
export type OpenResult =
  | { ok: true; device: { deviceId: string; label: string }; openedAt: number }
  | { ok: false; micError: boolean; code: string; fa: string; en: string; detail: string };

let session: MicSession | null = null;
let inStart = false;
let record: HarnessRecord;
let chunks: Int16Array[] = [];

function reset(): void {
  record = { openedAt: 0, calls: [], levels: [], listening: [], problems: [], forwardedSamples: 0, pcmBase64: '' };
  chunks = [];
}
reset();

const api = {
  async open(options: Partial<MicOptions> = {}, tuning: MicTuning = {}): Promise<OpenResult> {
    reset();
    try {
      session = await openMicrophone(
        {
          deviceId: '',
          deviceLabel: '',
          echoCancellation: false,
          noiseSuppression: false,
          autoGainControl: false,
          ...options,
        },
        {
          onFrames: (pcm) => {
            record.calls.push({ t: performance.now(), samples: pcm.length, duringStart: inStart });
            chunks.push(pcm.slice());
          },
          onLevel: (dbfs) => record.levels.push({ t: performance.now(), dbfs }),
          onListening: () => record.listening.push(performance.now()),
          onProblem: (p) =>
            record.problems.push({ t: performance.now(), code: p.code, fa: p.message.fa, en: p.message.en }),
        },
        tuning,
      );
      record.openedAt = performance.now();
      return { ok: true, device: session.device, openedAt: record.openedAt };
    } catch (error) {
      if (error instanceof MicError) {
        return {
          ok: false,
          micError: true,
          code: error.code,
          fa: error.message.fa,
          en: error.message.en,
          detail: error.detail,
        };
      }
      return { ok: false, micError: false, code: 'thrown', fa: '', en: '', detail: String(error) };
    }
  },
  start(): { t: number; samples: number; calls: number } {
    const before = record.calls.length;
    const t = performance.now();
    inStart = true;
    try {
      session!.startForwarding();
    } finally {
      inStart = false;
    }
    const during = record.calls.slice(before);
    return { t, samples: during.reduce((n, c) => n + c.samples, 0), calls: during.length };
  },
  async stop(tailMs?: number): Promise<{ t: number; doneAt: number; samplesAfter: number }> {
    const before = session!.forwardedSamples;
    const t = performance.now();
    await session!.stopForwarding(tailMs);
    return { t, doneAt: performance.now(), samplesAfter: session!.forwardedSamples - before };
  },
  async close(): Promise<void> {
    await session?.close();
    session = null;
  },
  list: listMicrophones,
  read(): HarnessRecord {
    const total = chunks.reduce((n, c) => n + c.length, 0);
    const all = new Int16Array(total);
    let at = 0;
    for (const c of chunks) {
      all.set(c, at);
      at += c.length;
    }
    const bytes = new Uint8Array(all.buffer);
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return { ...record, forwardedSamples: session?.forwardedSamples ?? -1, pcmBase64: btoa(binary) };
  },
};

(window as unknown as { mic: typeof api }).mic = api;
