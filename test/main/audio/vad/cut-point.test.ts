import { describe, expect, it } from 'vitest';
import { findCutSample } from '../../../../src-main/audio/vad/cut-point';
import { concatPcm, mixNoiseAtSnr, silenceSamples } from '../../../support/speech-fixtures';

/** A vowel-like buzz: harmonics of 150 Hz up to 3 kHz, where speech has its formants. */
function word(ms: number): Int16Array {
  const n = (ms * 16_000) / 1000;
  return Int16Array.from({ length: n }, (_, i) => {
    let v = 0;
    for (let h = 1; h <= 20; h++) v += Math.sin((2 * Math.PI * 150 * h * i) / 16_000) / Math.sqrt(h);
    return Math.round(2500 * v);
  });
}

function cut(pcm: Int16Array): number {
  return findCutSample({ sample: (at) => pcm[Math.max(0, at)], fromFrame: 0, toFrame: Math.floor(pcm.length / 512) });
}

describe('where a chunk that hits the cap is cut', () => {
  // words with 40 ms gaps, one 200 ms breath at 2.0–2.2 s, then more words
  const parts = [word(500), silenceSamples(40), word(700), silenceSamples(40), word(720), silenceSamples(200)];
  parts.push(word(600), silenceSamples(40), word(900), silenceSamples(40), word(800));
  const clean = concatPcm(parts);
  const breath = { start: 2000 * 16, end: 2200 * 16 };

  it('picks the breath, not a gap between words, in silence', () => {
    const at = cut(clean);
    expect(at).toBeGreaterThan(breath.start);
    expect(at).toBeLessThan(breath.end);
  });

  it('still picks the breath under pink and brown noise at 10 dB SNR', () => {
    for (const kind of ['pink', 'brown'] as const) {
      const noisy = mixNoiseAtSnr(clean, [{ start: 0, end: clean.length }], { kind, snrDb: 10, seed: 5 });
      const at = cut(noisy);
      expect(at, kind).toBeGreaterThan(breath.start);
      expect(at, kind).toBeLessThan(breath.end);
    }
  });

  it('lands in a gap between words when there is no breath at all', () => {
    const fluent = concatPcm([word(900), silenceSamples(60), word(1200), silenceSamples(60), word(1000)]);
    const at = cut(fluent);
    const gaps = [
      { start: 900 * 16, end: 960 * 16 },
      { start: 2160 * 16, end: 2220 * 16 },
    ];
    expect(gaps.some((g) => at > g.start && at < g.end)).toBe(true);
  });
});

describe('choosing between pauses', () => {
  /** A click: a few milliseconds of the buzz. */
  const click = (ms: number) => word(ms);
  const between = (at: number, from: number, to: number) => at > from * 16 && at < to * 16;

  it('of two equal pauses takes the later one (the longer chunk goes first)', () => {
    const pcm = concatPcm([word(500), silenceSamples(120), word(500), silenceSamples(120), word(500)]);
    expect(between(cut(pcm), 1120, 1240)).toBe(true);
  });

  it('a click inside a pause does not split it; a 40 ms sound does', () => {
    // 160 ms of pause with a 5 ms click in it, then a clean 120 ms pause later on
    const clicked = [silenceSamples(72.5), click(5), silenceSamples(82.5)];
    const bridged = concatPcm([word(500), ...clicked, word(500), silenceSamples(120), word(500)]);
    expect(between(cut(bridged), 500, 660)).toBe(true);
    const split = [silenceSamples(70), click(40), silenceSamples(50)];
    const twoPauses = concatPcm([word(500), ...split, word(500), silenceSamples(120), word(500)]);
    expect(between(cut(twoPauses), 1160, 1280)).toBe(true);
  });

  it('a pause at either edge of the window counts whole', () => {
    // the speaker paused just as the cap came: 200 ms at the end beat 100 ms earlier on
    const atEnd = concatPcm([word(800), silenceSamples(100), word(800), silenceSamples(200)]);
    expect(between(cut(atEnd), 1700, 1900)).toBe(true);
    // and just before the window began: 200 ms at its start beat 100 ms later on
    const atStart = concatPcm([silenceSamples(200), word(800), silenceSamples(100), word(800)]);
    expect(between(cut(atStart), 0, 200)).toBe(true);
  });

  it('counts faint dither as silence where the rest is digital silence', () => {
    // 300 ms of one-bit dither between words beats a 100 ms stretch of digital zeros
    const dither = Int16Array.from({ length: 300 * 16 }, (_, i) => i % 2);
    const pcm = concatPcm([word(500), dither, word(500), silenceSamples(100), word(500)]);
    expect(between(cut(pcm), 500, 800)).toBe(true);
  });

  it('in a window too short to judge noise (under 60 ms), cuts in its middle', () => {
    const loud = word(100);
    expect(findCutSample({ sample: (at) => loud[at], fromFrame: 1, toFrame: 2 })).toBe(512 + 160);
    expect(findCutSample({ sample: (at) => loud[at], fromFrame: 2, toFrame: 2 })).toBe(1024);
  });
});
