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

describe('the energy gate decision, frame by frame (levels in dBFS)', () => {
  const { startFrames, hangFrames } = DEFAULT_ENERGY_GATE;
  /** A gate past its start frames, settled on a floor of `floor` dBFS. */
  function settled(floor: number): EnergyGate {
    const gate = new EnergyGate();
    for (let i = 0; i < startFrames + hangFrames + 2; i++) gate.next(floor);
    return gate;
  }

  it('wakes on a frame more than 6 dB over the noise floor, not on one less', () => {
    expect(settled(-40).next(-40)).toBe(false);
    // the floor creeps up 0.05 dB towards any louder frame before it is compared
    expect(settled(-40).next(-33.9)).toBe(true);
    expect(settled(-40).next(-34)).toBe(false);
    // exactly 6 dB over is not more than 6 dB (a rise of 0.5 dB a frame keeps the sums exact)
    const exact = new EnergyGate({ ...DEFAULT_ENERGY_GATE, floorRiseDbPerFrame: 0.5 });
    for (let i = 0; i < startFrames + hangFrames + 2; i++) exact.next(-40);
    expect(exact.next(-33.5)).toBe(false);
  });

  it('stays awake 24 frames after the last loud one, then sleeps', () => {
    const gate = settled(-50);
    expect(gate.next(-20)).toBe(true);
    const after = Array.from({ length: hangFrames + 2 }, () => gate.next(-50));
    expect(after.slice(0, hangFrames)).toEqual(new Array(hangFrames).fill(true));
    expect(after.slice(hangFrames)).toEqual([false, false]);
  });

  it('never wakes for anything under -65 dBFS, however quiet the room', () => {
    expect(settled(-95).next(-66)).toBe(false);
    expect(settled(-95).next(-64)).toBe(true);
  });

  it('the floor falls at once to a quieter room and climbs 0.05 dB a frame into a louder one', () => {
    const gate = settled(-30);
    for (let i = 0; i < 3; i++) gate.next(-60); // quieter: the floor is -60 at once
    expect(gate.next(-53)).toBe(true);
    // A room 30 dB louder for good: awake while the floor climbs (24 dB at 0.05 dB a frame), then asleep.
    const louder = Array.from({ length: 600 }, () => gate.next(-30));
    expect(louder.slice(0, 450).every(Boolean)).toBe(true);
    expect(louder.slice(-50).some(Boolean)).toBe(false);
  });

  it('always runs the detector on the first 16 frames of a stream, and again after a reset', () => {
    const gate = new EnergyGate();
    expect(Array.from({ length: startFrames + hangFrames + 2 }, () => gate.next(-100)).slice(0, startFrames)).toEqual(
      new Array(startFrames).fill(true),
    );
    expect(gate.next(-100)).toBe(false);
    gate.reset();
    expect(Array.from({ length: startFrames + 1 }, () => gate.next(-100))).toEqual([
      ...new Array(startFrames).fill(true),
      false,
    ]);
  });

  it('measures a frame after pre-emphasis: a steady level of 0.5 is -32 dBFS, digital silence -100', () => {
    const samples = new Float32Array(FRAME * 2);
    samples.fill(0.5, FRAME);
    expect(frameDbfs(samples, 0)).toBe(-100);
    // (0.5 - 0.95 · 0.5)² = 0.025² per sample: 20·log10(0.025)
    expect(frameDbfs(samples, FRAME)).toBeCloseTo(20 * Math.log10(0.025), 6);
    expect(frameDbfs(samples, FRAME, 256)).toBeCloseTo(20 * Math.log10(0.025), 6);
    samples.fill(1e-9, 0, FRAME);
    expect(frameDbfs(samples, 0)).toBe(-100);
  });
});
