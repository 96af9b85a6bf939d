import * as wavefileModule from 'wavefile';
import { SAMPLE_RATE, samplesToMs } from './pcm';
import { resample } from './resample';

// wavefile is CommonJS with a separate ESM entry; depending on the loader its class sits on the namespace or on
// default.
type WavefileNamespace = typeof import('wavefile');
const WaveFile = ((wavefileModule as unknown as { default?: WavefileNamespace }).default ?? wavefileModule).WaveFile;

/** Thrown when bytes are not a WAV file this app can read; the CLI shows it as "not audio". */
export class NotAudioError extends Error {
  constructor(detail: string) {
    super(`Not a readable WAV file: ${detail}`);
    this.name = 'NotAudioError';
  }
}

/** What the input file was before conversion, for messages and the CLI's JSON. */
export interface DecodedAudio {
  pcm: Int16Array;
  durationMs: number;
  source: { sampleRate: number; channels: number; bitDepth: string };
}

interface FmtChunk {
  numChannels: number;
  sampleRate: number;
}

const WAV_HEADER_BYTES = 44;

/**
 * Encodes 16 kHz mono Int16 PCM as a canonical 44-byte-header WAV (what every upload and spool file is).
 * Written here rather than with wavefile's fromScratch, which packs sample by sample at ~4 ms per second of audio —
 * 8 s of a 30-minute file; this is one copy. Tests check the output with wavefile's parser and with sox.
 */
export function encodeWav(pcm: Int16Array): Uint8Array {
  const dataBytes = pcm.length * 2;
  const bytes = new Uint8Array(WAV_HEADER_BYTES + dataBytes);
  const view = new DataView(bytes.buffer);
  const ascii = (offset: number, text: string) => {
    for (let i = 0; i < text.length; i++) bytes[offset + i] = text.charCodeAt(i);
  };
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + dataBytes, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true); // fmt chunk size for PCM
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, SAMPLE_RATE, true);
  view.setUint32(28, SAMPLE_RATE * 2, true); // byte rate
  view.setUint16(32, 2, true); // block align
  view.setUint16(34, 16, true); // bits per sample
  ascii(36, 'data');
  view.setUint32(40, dataBytes, true);
  if (isBigEndianHost()) {
    for (let i = 0; i < pcm.length; i++) view.setInt16(WAV_HEADER_BYTES + i * 2, pcm[i], true);
  } else {
    bytes.set(new Uint8Array(pcm.buffer, pcm.byteOffset, dataBytes), WAV_HEADER_BYTES);
  }
  return bytes;
}

/**
 * Decodes any PCM/float/A-law/µ-law/IMA-ADPCM WAV into 16 kHz mono Int16, mixing channels down and resampling
 * as needed, because every later stage (VAD, chunk files, billing) assumes exactly that format.
 */
export function decodeWav(bytes: Uint8Array): DecodedAudio {
  const wav = new WaveFile();
  try {
    wav.fromBuffer(bytes);
  } catch (error) {
    throw new NotAudioError(error instanceof Error ? error.message : String(error));
  }
  const fmt = wav.fmt as FmtChunk;
  const source = { sampleRate: fmt.sampleRate, channels: fmt.numChannels, bitDepth: wav.bitDepth };
  if (!fmt.sampleRate || !fmt.numChannels) throw new NotAudioError('missing format information');

  if (source.sampleRate === SAMPLE_RATE && source.channels === 1 && source.bitDepth === '16') {
    const pcm = readInt16Data(wav);
    return { pcm, durationMs: samplesToMs(pcm.length), source };
  }

  try {
    uncompress(wav);
    const mono = mixToMono(readChannelsAsFloat(wav, source.channels));
    const pcm = floatToInt16(resample(mono, source.sampleRate, SAMPLE_RATE));
    return { pcm, durationMs: samplesToMs(pcm.length), source };
  } catch (error) {
    if (error instanceof NotAudioError) throw error;
    throw new NotAudioError(error instanceof Error ? error.message : String(error));
  }
}

/**
 * Reads interleaved PCM/float sample bytes straight from the data chunk into one Float32Array per channel;
 * wavefile's own bit-depth conversion takes seconds per minute of audio.
 */
function readChannelsAsFloat(wav: InstanceType<typeof WaveFile>, channels: number): Float32Array[] {
  const bytes = (wav.data as { samples: Uint8Array }).samples;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const depth = wav.bitDepth;
  const bytesPerSample = depth === '32f' ? 4 : depth === '64' ? 8 : Math.ceil(Number(depth) / 8);
  if (!Number.isFinite(bytesPerSample) || bytesPerSample < 1 || bytesPerSample > 8) {
    throw new NotAudioError(`unsupported sample format ${depth}`);
  }
  if (!Number.isInteger(channels) || channels < 1) throw new NotAudioError('no audio channels');
  const frames = Math.floor(bytes.byteLength / (bytesPerSample * channels));
  const out = Array.from({ length: channels }, () => new Float32Array(frames));
  const read = sampleReader(view, depth, bytesPerSample);
  for (let frame = 0; frame < frames; frame++) {
    for (let channel = 0; channel < channels; channel++) {
      out[channel][frame] = read((frame * channels + channel) * bytesPerSample);
    }
  }
  return out;
}

function sampleReader(view: DataView, depth: string, bytesPerSample: number): (offset: number) => number {
  if (depth === '32f') return (offset) => view.getFloat32(offset, true);
  if (depth === '64') return (offset) => view.getFloat64(offset, true);
  if (bytesPerSample === 1) return (offset) => (view.getUint8(offset) - 128) / 128; // 8-bit WAV is unsigned
  if (bytesPerSample === 2) return (offset) => view.getInt16(offset, true) / 32768;
  if (bytesPerSample === 3) {
    return (offset) => {
      const value = view.getUint8(offset) | (view.getUint8(offset + 1) << 8) | (view.getInt8(offset + 2) << 16);
      return value / 8388608;
    };
  }
  return (offset) => view.getInt32(offset, true) / 2147483648;
}

function readInt16Data(wav: InstanceType<typeof WaveFile>): Int16Array {
  const data = (wav.data as { samples: Uint8Array }).samples;
  const usableBytes = data.byteLength - (data.byteLength % 2);
  // Copy so the result is aligned and independent of the parser's buffer.
  const copy = new Uint8Array(usableBytes);
  copy.set(data.subarray(0, usableBytes));
  const pcm = new Int16Array(copy.buffer);
  if (isBigEndianHost()) swapBytes(pcm);
  return pcm;
}

function uncompress(wav: InstanceType<typeof WaveFile>): void {
  const codec = wav as unknown as { fromALaw(): void; fromMuLaw(): void; fromIMAADPCM(): void };
  if (wav.bitDepth === '8a') codec.fromALaw();
  else if (wav.bitDepth === '8m') codec.fromMuLaw();
  else if (wav.bitDepth === '4') codec.fromIMAADPCM();
}

function mixToMono(samples: Float32Array | Float32Array[]): Float32Array {
  if (!Array.isArray(samples)) return samples;
  const channels = samples.length;
  const length = samples[0]?.length ?? 0;
  const mono = new Float32Array(length);
  for (const channel of samples) {
    for (let i = 0; i < length; i++) mono[i] += channel[i] / channels;
  }
  return mono;
}

function floatToInt16(samples: Float32Array): Int16Array {
  const pcm = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    const clamped = Math.max(-1, Math.min(1, samples[i]));
    pcm[i] = Math.round(clamped < 0 ? clamped * 32768 : clamped * 32767);
  }
  return pcm;
}

function isBigEndianHost(): boolean {
  return new Uint8Array(new Uint16Array([1]).buffer)[0] === 0;
}

function swapBytes(pcm: Int16Array): void {
  for (let i = 0; i < pcm.length; i++) pcm[i] = ((pcm[i] & 0xff) << 8) | ((pcm[i] >> 8) & 0xff);
}
