import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as wavefileModule from 'wavefile';
import { decodeWav, encodeWav, NotAudioError } from '../../../src-main/audio/wav';

const { WaveFile } = (wavefileModule as unknown as { default?: typeof wavefileModule }).default ?? wavefileModule;

function tone(samples: number, frequency: number, rate = 16000): Int16Array {
  const pcm = new Int16Array(samples);
  for (let i = 0; i < samples; i++) pcm[i] = Math.round(Math.sin((2 * Math.PI * frequency * i) / rate) * 12000);
  return pcm;
}

/** Dominant frequency by counting zero crossings: enough to tell a resampled 440 Hz tone is still 440 Hz. */
function zeroCrossingHz(pcm: Int16Array, rate = 16000): number {
  let crossings = 0;
  for (let i = 1; i < pcm.length; i++) if (pcm[i - 1] < 0 !== pcm[i] < 0) crossings++;
  return crossings / 2 / (pcm.length / rate);
}

describe('WAV encoding and decoding', () => {
  it('round-trips 16 kHz mono int16 sample for sample', () => {
    const pcm = tone(16000 * 2 + 123, 300);
    const bytes = encodeWav(pcm);
    expect(bytes.length).toBe(44 + pcm.length * 2);
    const decoded = decodeWav(bytes);
    expect(decoded.durationMs).toBe(2007);
    expect(Array.from(decoded.pcm)).toEqual(Array.from(pcm));
    expect(decoded.source).toEqual({ sampleRate: 16000, channels: 1, bitDepth: '16' });
  });

  it('writes a file wavefile parses back to the same samples', () => {
    const pcm = tone(4000, 700);
    const parsed = new WaveFile(encodeWav(pcm));
    expect(parsed.fmt).toMatchObject({
      audioFormat: 1,
      numChannels: 1,
      sampleRate: 16000,
      bitsPerSample: 16,
      blockAlign: 2,
    });
    expect(Array.from(parsed.getSamples(false, Int16Array) as unknown as Int16Array)).toEqual(Array.from(pcm));
  });

  it('writes a header other tools read as 16 kHz mono 16-bit', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wav-'));
    const path = join(dir, 'chunk.wav');
    execFileSync('sh', ['-c', `cat > ${path}`], { input: encodeWav(tone(8000, 500)) });
    const info = execFileSync('soxi', [path]).toString();
    expect(info).toMatch(/Channels\s*:\s*1/);
    expect(info).toMatch(/Sample Rate\s*:\s*16000/);
    expect(info).toMatch(/Precision\s*:\s*16-bit/);
    expect(info).toMatch(/Duration\s*:\s*00:00:00\.50/);
  });

  it.each([
    ['44.1 kHz stereo 24-bit', ['-r', '44100', '-c', '2', '-b', '24']],
    ['48 kHz mono float', ['-r', '48000', '-c', '1', '-e', 'floating-point', '-b', '32']],
    ['8 kHz mono µ-law', ['-r', '8000', '-c', '1', '-e', 'mu-law']],
    ['22.05 kHz mono 8-bit', ['-r', '22050', '-c', '1', '-b', '8']],
  ])('converts %s to 16 kHz mono with pitch and length kept', (_name, format) => {
    const dir = mkdtempSync(join(tmpdir(), 'wav-'));
    const path = join(dir, 'in.wav');
    execFileSync('sox', ['-n', ...format, path, 'synth', '3', 'sine', '440', 'vol', '0.5']);
    const decoded = decodeWav(new Uint8Array(readFileSync(path)));
    expect(decoded.durationMs).toBeGreaterThanOrEqual(2995);
    expect(decoded.durationMs).toBeLessThanOrEqual(3001);
    expect(zeroCrossingHz(decoded.pcm)).toBeGreaterThan(435);
    expect(zeroCrossingHz(decoded.pcm)).toBeLessThan(445);
    const peak = decoded.pcm.reduce((max, v) => Math.max(max, Math.abs(v)), 0);
    expect(peak).toBeGreaterThan(14000);
    expect(peak).toBeLessThan(18000);
  });

  it('removes content above 8 kHz instead of folding it into the speech band', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wav-'));
    const path = join(dir, 'high.wav');
    // 12 kHz is inaudible after conversion; a naive decimation would alias it to 4 kHz at full loudness.
    execFileSync('sox', [
      '-n',
      '-r',
      '48000',
      '-c',
      '1',
      '-b',
      '16',
      path,
      'synth',
      '1',
      'sine',
      '12000',
      'vol',
      '0.5',
    ]);
    const decoded = decodeWav(new Uint8Array(readFileSync(path)));
    const middle = decoded.pcm.subarray(2000, 14000);
    const rms = Math.sqrt(middle.reduce((sum, v) => sum + v * v, 0) / middle.length);
    expect(rms).toBeLessThan(50);
  });

  it('refuses bytes that are not a WAV file', () => {
    expect(() => decodeWav(new TextEncoder().encode('ID3 this is an mp3, honestly'))).toThrow(NotAudioError);
    expect(() => decodeWav(new Uint8Array(0))).toThrow(NotAudioError);
  });
});
