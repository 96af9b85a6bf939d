import { describe, expect, it } from 'vitest';
import { DEFAULT_ENERGY_GATE, EnergyGate, frameDbfs } from '../../../src-main/audio/vad/energy-gate';
import { noiseOnly } from '../../support/speech-fixtures';

const FRAME = 512;

function frameLevels(pcm: Int16Array): number[] {
  const f = Float32Array.from(pcm, (s) => s / 32768);
  const out: number[] = [];
  for (let at = 0; at + FRAME <= f.length; at += FRAME) out.push(frameDbfs(f, at));
  return out;
}

function tone(ms: number, dbfs: number, hz = 440): Int16Array {
  const n = (ms * 16_000) / 1000;
  const amp = 32768 * Math.SQRT2 * 10 ** (dbfs / 20);
  return Int16Array.from({ length: n }, (_, i) => Math.round(amp * Math.sin((2 * Math.PI * hz * i) / 16_000)));
}

describe('energy gate in front of Silero', () => {
  it('settles under steady pink noise and lets Silero sleep through it', () => {
    const gate = new EnergyGate();
    const open = frameLevels(noiseOnly('pink', 20_000, -30)).map((db) => gate.next(db));
    const asleep = open.slice(100).filter((o) => !o).length / (open.length - 100);
    expect(asleep).toBeGreaterThan(0.95);
  });

  it('wakes at once for a voice 10 dB over that noise, and stays awake through the hang time', () => {
    const gate = new EnergyGate();
    for (const db of frameLevels(noiseOnly('pink', 5_000, -30))) gate.next(db);
    const noisePlusVoice = frameLevels(noiseOnly('pink', 1_000, -30, 7)).map((n, i) => {
      const v = frameLevels(tone(1_000, -20))[i];
      return 10 * Math.log10(10 ** (n / 10) + 10 ** (v / 10));
    });
    expect(gate.next(noisePlusVoice[0])).toBe(true);
    const after = frameLevels(noiseOnly('pink', 2_000, -30, 9)).map((db) => gate.next(db));
    expect(after.slice(0, DEFAULT_ENERGY_GATE.hangFrames).every(Boolean)).toBe(true);
    expect(after.slice(DEFAULT_ENERGY_GATE.hangFrames + 5).some(Boolean)).toBe(false);
  });

  it('always lets the first half second through, when the floor is still unknown', () => {
    const gate = new EnergyGate();
    const open = frameLevels(tone(1_000, -20)).map((db) => gate.next(db));
    expect(open.slice(0, DEFAULT_ENERGY_GATE.startFrames).every(Boolean)).toBe(true);
  });

  it('ignores whispers of digital noise below -65 dBFS', () => {
    const gate = new EnergyGate();
    const open = frameLevels(noiseOnly('white', 5_000, -75)).map((db) => gate.next(db));
    expect(open.slice(DEFAULT_ENERGY_GATE.startFrames + DEFAULT_ENERGY_GATE.hangFrames + 1).some(Boolean)).toBe(false);
  });
});
