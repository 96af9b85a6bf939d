import { open, type FileHandle } from 'node:fs/promises';
import type { BilingualMessage } from '../../src-shared/bilingual';
import { SAMPLE_RATE, samplesToMs } from './pcm';
import { firstInputOf, type ResamplerKernel, resampleAt, resampledLength, resamplerKernel } from './resample';
import { type DecodedAudio, decodeWav, NotAudioError } from './wav';

/** Larger files are refused before a byte of audio is read: a plain RIFF size field cannot describe them anyway. */
export const MAX_WAV_FILE_BYTES = 2 * 1024 ** 3;
/** Sample rates outside this range are a damaged header, not a recording (8 kHz telephone audio is the lowest seen). */
const MIN_SAMPLE_RATE = 4_000;
const MAX_SAMPLE_RATE = 768_000;
const MAX_CHANNELS = 32;
/** How much of the file is read at a time: the decoder holds this, the filter's history and the 16 kHz result. */
const READ_BYTES = 1 << 20;

/** A file refused for a reason a person can act on (too large, impossible header), said in both languages. */
export class UnreadableAudioError extends NotAudioError {
  constructor(readonly reason: BilingualMessage) {
    super(reason.en);
    this.name = 'UnreadableAudioError';
  }
}

interface WavLayout {
  format: 'pcm' | 'float' | 'compressed';
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
  blockAlign: number;
  dataOffset: number;
  dataBytes: number;
}

/** An open WAV file, read as 16 kHz mono Int16 blocks in order. */
export interface WavStream {
  source: DecodedAudio['source'];
  /** How many 16 kHz samples the blocks hold in all. */
  samples: number;
  durationMs: number;
  /** The audio a block at a time (about a megabyte of the file each); closes the file when done or abandoned. */
  blocks(): AsyncGenerator<Int16Array>;
  /** Closes the file if the blocks were never read to the end (safe to call twice). */
  close(): Promise<void>;
}

/**
 * Opens a WAV file and checks its header (size, sample rate, channels) before any audio is read, so a huge or
 * damaged file is refused at once. The blocks are exactly what `decodeWav` makes of the whole file, but memory holds
 * one block and the filter's history, not the file, its float copy and its resampled copy (2 h of 44.1 kHz stereo
 * took 7.5 GB that way). Compressed WAVs (A-law, µ-law, ADPCM) are rare and go through `decodeWav` in one piece.
 */
export async function openWavStream(path: string): Promise<WavStream> {
  const file = await open(path, 'r');
  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= file.close();
    return closing;
  };
  try {
    const { size } = await file.stat();
    if (size > MAX_WAV_FILE_BYTES) throw new UnreadableAudioError(tooLarge(size));
    const layout = await readLayout(file, size);
    if (layout.format === 'compressed') {
      const whole = decodeWav(new Uint8Array(await file.readFile()));
      await close();
      return {
        ...whole,
        close,
        samples: whole.pcm.length,
        blocks: async function* () {
          yield whole.pcm;
        },
      };
    }
    const frames = Math.floor(layout.dataBytes / layout.blockAlign);
    const kernel = layout.sampleRate === SAMPLE_RATE ? null : resamplerKernel(layout.sampleRate, SAMPLE_RATE);
    const samples = kernel ? resampledLength(frames, kernel) : frames;
    return {
      source: { sampleRate: layout.sampleRate, channels: layout.channels, bitDepth: bitDepthName(layout) },
      samples,
      durationMs: samplesToMs(samples),
      blocks: () => streamBlocks(file, layout, frames, kernel, close),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The whole file as 16 kHz mono Int16, read as a stream: for callers that need it all at once. */
export async function decodeWavFile(path: string): Promise<DecodedAudio> {
  const stream = await openWavStream(path);
  const pcm = new Int16Array(stream.samples);
  let at = 0;
  for await (const block of stream.blocks()) {
    pcm.set(block, at);
    at += block.length;
  }
  return { pcm, durationMs: stream.durationMs, source: stream.source };
}

async function readLayout(file: FileHandle, size: number): Promise<WavLayout> {
  const head = await readAt(file, 0, 12);
  if (ascii(head, 0, 4) !== 'RIFF' || ascii(head, 8, 4) !== 'WAVE') throw new NotAudioError('no RIFF/WAVE header');
  let fmt: Omit<WavLayout, 'dataOffset' | 'dataBytes'> | null = null;
  let data: { offset: number; bytes: number } | null = null;
  for (let at = 12; at + 8 <= size && !(fmt && data); ) {
    const header = await readAt(file, at, 8);
    const id = ascii(header, 0, 4);
    const chunkBytes = new DataView(header.buffer, header.byteOffset).getUint32(4, true);
    if (id === 'fmt ') fmt = parseFmt(await readAt(file, at + 8, Math.min(chunkBytes, 64)));
    // A recorder that never finished writing leaves the size 0 or too large: what the file holds is the data.
    if (id === 'data') data = { offset: at + 8, bytes: Math.min(chunkBytes || size, size - at - 8) };
    at += 8 + chunkBytes + (chunkBytes % 2);
  }
  if (!fmt) throw new NotAudioError('no fmt chunk');
  if (!data) throw new NotAudioError('no data chunk');
  return { ...fmt, dataOffset: data.offset, dataBytes: data.bytes };
}

function parseFmt(body: Uint8Array): Omit<WavLayout, 'dataOffset' | 'dataBytes'> {
  if (body.length < 16) throw new NotAudioError('fmt chunk too short');
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  let code = view.getUint16(0, true);
  const channels = view.getUint16(2, true);
  const sampleRate = view.getUint32(4, true);
  const blockAlign = view.getUint16(12, true);
  const bitsPerSample = view.getUint16(14, true);
  if (code === 0xfffe && body.length >= 26) code = view.getUint16(24, true); // WAVE_FORMAT_EXTENSIBLE's sub-format
  if (channels < 1 || channels > MAX_CHANNELS)
    throw new UnreadableAudioError(impossible(`${channels} channels`, `${channels} کانال`));
  if (sampleRate < MIN_SAMPLE_RATE || sampleRate > MAX_SAMPLE_RATE)
    throw new UnreadableAudioError(
      impossible(`a sample rate of ${sampleRate} Hz`, `نرخ نمونه‌برداری ${sampleRate} هرتز`),
    );
  const format = code === 1 ? 'pcm' : code === 3 ? 'float' : 'compressed';
  if (format === 'compressed') return { format, channels, sampleRate, bitsPerSample, blockAlign };
  const supported = format === 'pcm' ? [8, 16, 24, 32] : [32, 64];
  if (!supported.includes(bitsPerSample)) throw new NotAudioError(`unsupported sample format ${bitsPerSample} bit`);
  if (blockAlign !== (channels * bitsPerSample) / 8)
    throw new UnreadableAudioError(
      impossible(
        `${blockAlign} bytes per frame for ${channels} channel(s)`,
        `${blockAlign} بایت در هر فریم برای ${channels} کانال`,
      ),
    );
  return { format, channels, sampleRate, bitsPerSample, blockAlign };
}

/** Reads the data chunk block by block into 16 kHz mono Int16, by the same arithmetic as `decodeWav`. */
async function* streamBlocks(
  file: FileHandle,
  layout: WavLayout,
  frames: number,
  kernel: ResamplerKernel | null,
  close: () => Promise<void>,
): AsyncGenerator<Int16Array> {
  try {
    const resampler = kernel ? new StreamingResampler(kernel, frames) : null;
    const native = layout.format === 'pcm' && layout.bitsPerSample === 16 && layout.channels === 1 && !kernel;
    const framesPerRead = Math.max(1, Math.floor(READ_BYTES / layout.blockAlign));
    const buffer = new Uint8Array(framesPerRead * layout.blockAlign);
    const mono = new Float32Array(framesPerRead);
    for (let frame = 0; frame < frames; ) {
      const count = Math.min(framesPerRead, frames - frame);
      const wanted = count * layout.blockAlign;
      const { bytesRead } = await file.read(buffer, 0, wanted, layout.dataOffset + frame * layout.blockAlign);
      if (bytesRead < wanted) throw new NotAudioError('the file ended before its data did');
      const view = new DataView(buffer.buffer, 0, bytesRead);
      frame += count;
      if (native) {
        const out = new Int16Array(count);
        for (let i = 0; i < count; i++) out[i] = view.getInt16(i * 2, true);
        yield out;
        continue;
      }
      mixBlock(view, count, layout, mono);
      if (resampler) {
        yield resampler.push(mono.subarray(0, count));
      } else {
        const out = new Int16Array(count);
        for (let i = 0; i < count; i++) out[i] = floatToInt16(mono[i]);
        yield out;
      }
    }
    if (resampler) yield resampler.finish();
  } finally {
    await close();
  }
}

/** Channels averaged into `mono` with float32 rounding at the same steps as decodeWav's whole-file arrays. */
function mixBlock(view: DataView, frames: number, layout: WavLayout, mono: Float32Array): void {
  const bytes = layout.bitsPerSample / 8;
  const read = sampleReader(view, layout);
  const { channels } = layout;
  for (let f = 0; f < frames; f++) {
    let sum = 0;
    for (let c = 0; c < channels; c++)
      sum = Math.fround(sum + Math.fround(read((f * channels + c) * bytes)) / channels);
    mono[f] = sum;
  }
}

function sampleReader(view: DataView, layout: WavLayout): (offset: number) => number {
  if (layout.format === 'float')
    return layout.bitsPerSample === 32 ? (o) => view.getFloat32(o, true) : (o) => view.getFloat64(o, true);
  if (layout.bitsPerSample === 8) return (o) => (view.getUint8(o) - 128) / 128;
  if (layout.bitsPerSample === 16) return (o) => view.getInt16(o, true) / 32768;
  if (layout.bitsPerSample === 24)
    return (o) => (view.getUint8(o) | (view.getUint8(o + 1) << 8) | (view.getInt8(o + 2) << 16)) / 8388608;
  return (o) => view.getInt32(o, true) / 2147483648;
}

/** The polyphase resampler fed a block at a time: it keeps only the source samples later outputs still need. */
class StreamingResampler {
  private history = new Float32Array(0);
  /** Source index of history[0]. */
  private offset = 0;
  private received = 0;
  private next = 0;
  private readonly length: number;

  constructor(
    private readonly kernel: ResamplerKernel,
    private readonly total: number,
  ) {
    this.length = resampledLength(total, kernel);
  }

  /** Takes the next source samples; returns the outputs that became computable. */
  push(block: Float32Array): Int16Array {
    const keepFrom = Math.max(0, Math.min(firstInputOf(this.next, this.kernel), this.received) - this.offset);
    const kept = this.history.subarray(keepFrom);
    const joined = new Float32Array(kept.length + block.length);
    joined.set(kept, 0);
    joined.set(block, kept.length);
    this.history = joined;
    this.offset += keepFrom;
    this.received += block.length;
    // An output is ready once the last source sample it reads has arrived.
    let ready = this.next;
    while (ready < this.length && firstInputOf(ready, this.kernel) + this.kernel.taps <= this.received) ready++;
    return this.emitUpTo(ready);
  }

  /** The outputs left once every source sample has arrived. */
  finish(): Int16Array {
    return this.emitUpTo(this.length);
  }

  private emitUpTo(end: number): Int16Array {
    const out = new Int16Array(end - this.next);
    for (let i = 0; i < out.length; i++, this.next++) {
      out[i] = floatToInt16(Math.fround(resampleAt(this.history, this.offset, this.total, this.next, this.kernel)));
    }
    return out;
  }
}

function floatToInt16(sample: number): number {
  const clamped = Math.max(-1, Math.min(1, sample));
  return Math.round(clamped < 0 ? clamped * 32768 : clamped * 32767);
}

function bitDepthName(layout: Omit<WavLayout, 'dataOffset' | 'dataBytes'>): string {
  if (layout.format === 'float') return layout.bitsPerSample === 32 ? '32f' : '64';
  return String(layout.bitsPerSample);
}

async function readAt(file: FileHandle, position: number, length: number): Promise<Uint8Array> {
  const buffer = new Uint8Array(length);
  const { bytesRead } = await file.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

function ascii(bytes: Uint8Array, from: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(from, from + length));
}

function tooLarge(size: number): BilingualMessage {
  const gib = (size / 1024 ** 3).toFixed(1);
  return {
    en:
      `the file is ${gib} GiB; files over 2 GiB are not read — split it first, e.g. \`sox big.wav part.wav ` +
      `trim 0 3600 : newfile : restart\`.`,
    fa:
      `حجم فایل ${gib} گیگابایت است و فایل‌های بزرگ‌تر از ۲ گیگابایت خوانده نمی‌شوند؛ اول آن را تکه کنید، ` +
      'مثلاً با ‎sox big.wav part.wav trim 0 3600 : newfile : restart‎.',
  };
}

function impossible(claim: string, claimFa: string): BilingualMessage {
  return {
    en:
      `the file's header claims ${claim}, which no recording has: the file is damaged or not really a WAV — ` +
      `export it again or convert it, e.g. \`sox in.wav -r 16000 -c 1 out.wav\`.`,
    fa:
      `سرآیند فایل ادعای ${claimFa} را دارد که هیچ ضبطی ندارد: فایل خراب است یا واقعاً WAV نیست؛ دوباره ` +
      'خروجی بگیرید یا تبدیلش کنید، مثلاً با ‎sox in.wav -r 16000 -c 1 out.wav‎.',
  };
}
