import { describe, expect, it } from 'vitest';
import { DEFAULT_ENERGY_GATE, EnergyGate, frameDbfs } from '../../../../src-main/audio/vad/energy-gate';
import { buildSpeechFixture, noiseOnly, PERSIAN_SENTENCES } from '../../../support/speech-fixtures';

const FRAME = 512;

function frameLevels(pcm: Int16Array): number[] {
  const f = Float32Array.from(pcm, (s) => s / 32768);
  const out: number[] = [];
  for (let at = 0; at + FRAME <= f.length; at += FRAME) out.push(frameDbfs(f, at));
  return out;
}

function tone(ms: number, dbfs: number, hz = 1000): Int16Array {
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

  it('stays awake through Persian speech at 10 dB SNR and sleeps in the long pauses', async () => {
    const fx = await buildSpeechFixture({
      sentences: PERSIAN_SENTENCES.slice(0, 6),
      noise: { kind: 'pink', snrDb: 10 },
    });
    const gate = new EnergyGate();
    const open = frameLevels(fx.pcm).map((db) => gate.next(db));
    const at = (ms: number): boolean => open[Math.floor((ms * 16) / FRAME)];
    let speechFrames = 0;
    let awake = 0;
    for (const s of fx.speech) {
      for (let ms = s.startMs; ms < s.endMs; ms += 32) {
        speechFrames++;
        if (at(ms)) awake++;
      }
    }
    expect(awake / speechFrames).toBeGreaterThan(0.99);
    // the 2.5 s pause after sentence 4: asleep once the hang time is over
    const pauseStart = fx.speech[3].endMs;
    const afterHang = pauseStart + DEFAULT_ENERGY_GATE.hangFrames * 32 + 200;
    let asleep = 0;
    let total = 0;
    for (let ms = afterHang; ms < fx.speech[4].startMs - 100; ms += 32, total++) if (!at(ms)) asleep++;
    expect(total).toBeGreaterThan(20);
    expect(asleep / total).toBeGreaterThan(0.9);
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
