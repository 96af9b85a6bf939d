import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeWav, encodeWav, NotAudioError } from '../../../src-main/audio/wav';
import { decodeWavFile, UnreadableAudioError } from '../../../src-main/audio/wav-stream';

const dir = mkdtempSync(join(tmpdir(), 'wav-stream-'));

/** A few seconds of two tones and noise, so every sample of the resampled result depends on the filter. */
function soxFile(name: string, format: string[], seconds = 7): string {
  const path = join(dir, name);
  execFileSync('sox', ['-n', ...format, path, 'synth', String(seconds), 'sine', '440', 'pinknoise', 'vol', '0.4']);
  return path;
}

/** A canonical 44-byte header with the given format fields and `dataBytes` of silence after it. */
function headerFile(name: string, fields: { channels: number; rate: number; bits: number }, dataBytes = 64): string {
  const bytes = new Uint8Array(44 + dataBytes);
  const view = new DataView(bytes.buffer);
  bytes.set(new TextEncoder().encode('RIFF'), 0);
  view.setUint32(4, 36 + dataBytes, true);
  bytes.set(new TextEncoder().encode('WAVEfmt '), 8);
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, fields.channels, true);
  view.setUint32(24, fields.rate, true);
  view.setUint32(28, fields.rate * fields.channels * (fields.bits / 8), true);
  view.setUint16(32, fields.channels * (fields.bits / 8), true);
  view.setUint16(34, fields.bits, true);
  bytes.set(new TextEncoder().encode('data'), 36);
  view.setUint32(40, dataBytes, true);
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

async function refusal(path: string): Promise<UnreadableAudioError> {
  const error = await decodeWavFile(path).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UnreadableAudioError);
  return error as UnreadableAudioError;
}

describe('decoding a WAV file as a stream', () => {
  it.each([
    ['44.1 kHz stereo 16-bit', ['-r', '44100', '-c', '2', '-b', '16']],
    ['48 kHz mono 24-bit', ['-r', '48000', '-c', '1', '-b', '24']],
    ['22.05 kHz stereo float', ['-r', '22050', '-c', '2', '-e', 'floating-point', '-b', '32']],
    ['8 kHz mono 8-bit', ['-r', '8000', '-c', '1', '-b', '8']],
    ['16 kHz stereo 32-bit', ['-r', '16000', '-c', '2', '-b', '32']],
  ])('gives exactly the samples of the whole-file decode for %s', async (name, format) => {
    const path = soxFile(`${name.replace(/\W+/g, '-')}.wav`, format);
    const whole = decodeWav(new Uint8Array(readFileSync(path)));
    const streamed = await decodeWavFile(path);
    expect(streamed.pcm.length).toBe(whole.pcm.length);
    expect(streamed.durationMs).toBe(whole.durationMs);
    expect(streamed.source).toEqual(whole.source);
    // compared as bytes: one differing sample anywhere fails with its position
    expect(Buffer.from(streamed.pcm.buffer).equals(Buffer.from(whole.pcm.buffer))).toBe(true);
  });

  it('reads 16 kHz mono 16-bit (what the app writes) sample for sample', async () => {
    const pcm = new Int16Array(16000 * 3 + 77).map((_, i) => Math.round(Math.sin(i / 7) * 9000));
    const path = join(dir, 'native.wav');
    writeFileSync(path, encodeWav(pcm));
    const streamed = await decodeWavFile(path);
    expect(Array.from(streamed.pcm)).toEqual(Array.from(pcm));
  });

  it('still reads compressed WAVs (µ-law) like the whole-file decode', async () => {
    const path = soxFile('mulaw.wav', ['-r', '8000', '-c', '1', '-e', 'mu-law'], 2);
    expect(Array.from((await decodeWavFile(path)).pcm)).toEqual(
      Array.from(decodeWav(new Uint8Array(readFileSync(path))).pcm),
    );
  });

  it('refuses a file over 2 GiB before reading its audio, saying how to split it', async () => {
    const path = headerFile('huge.wav', { channels: 2, rate: 44100, bits: 16 });
    await truncate(path, 2 * 1024 ** 3 + 4096); // sparse: takes no disk space
    const error = await refusal(path);
    expect(error.reason.en).toMatch(/2\.0 GiB; files over 2 GiB are not read — split it/);
    expect(error.reason.fa).toContain('بزرگ‌تر از ۲ گیگابایت');
  });

  it.each([
    ['1 Hz', { channels: 1, rate: 1, bits: 16 }, /sample rate of 1 Hz/, 'نرخ نمونه‌برداری 1 هرتز'],
    ['0 channels', { channels: 0, rate: 44100, bits: 16 }, /0 channels/, '0 کانال'],
    ['4 GHz', { channels: 1, rate: 4_000_000_000, bits: 16 }, /4000000000 Hz/, 'هرتز'],
    ['65535 channels', { channels: 65535, rate: 44100, bits: 16 }, /65535 channels/, 'کانال'],
  ])('refuses a header that claims %s as damaged, in both languages', async (_name, fields, en, fa) => {
    const error = await refusal(headerFile(`absurd-${fields.rate}-${fields.channels}.wav`, fields));
    expect(error.reason.en).toMatch(en);
    expect(error.reason.en).toMatch(/damaged/);
    expect(error.reason.fa).toContain(fa);
    expect(error.reason.fa).toContain('خراب');
  });

  it('refuses bytes that are not a WAV at all', async () => {
    const path = join(dir, 'text.wav');
    writeFileSync(path, 'hello, not audio');
    await expect(decodeWavFile(path)).rejects.toBeInstanceOf(NotAudioError);
  });
});
