import { beforeAll, describe, expect, it } from 'vitest';
import { createSileroVad } from '../../../../src-main/audio/vad/silero-vad';
import type { RecordingVoiceActivityDetector } from '../../../../src-main/audio/vad/voice-activity-detector';
import { buildSpeechFixture, PERSIAN_SENTENCES, type SpeechFixture } from '../../../support/speech-fixtures';

const FRAME = 512;
const FRAME_MS = 32;

let fx: SpeechFixture;
let audio: Float32Array;

beforeAll(async () => {
  fx = await buildSpeechFixture({ sentences: PERSIAN_SENTENCES.slice(0, 6), noise: { kind: 'pink', snrDb: 20 } });
  const frames = Math.floor(fx.pcm.length / FRAME);
  audio = Float32Array.from(fx.pcm.subarray(0, frames * FRAME), (s) => s / 32768);
});

/** Share of frames inside true speech judged speech, and of frames well clear of speech judged speech. */
function agreement(probs: Float32Array): { hit: number; falseAlarm: number } {
  let inSpeech = 0;
  let hits = 0;
  let outside = 0;
  let alarms = 0;
  for (let f = 0; f < probs.length; f++) {
    const mid = f * FRAME_MS + FRAME_MS / 2;
    const speech = fx.speech.some((s) => mid >= s.startMs + 100 && mid <= s.endMs - 100);
    const clear = fx.speech.every((s) => mid < s.startMs - 300 || mid > s.endMs + 500);
    if (speech) {
      inSpeech++;
      if (probs[f] >= 0.5) hits++;
    } else if (clear) {
      outside++;
      if (probs[f] >= 0.5) alarms++;
    }
  }
  return { hit: hits / inSpeech, falseAlarm: alarms / outside };
}

describe('Silero VAD in Node (onnxruntime-web, no network)', () => {
  let vad: RecordingVoiceActivityDetector;
  beforeAll(async () => {
    vad = await createSileroVad();
  });

  it('hears Persian speech over noise and not the noise between sentences', async () => {
    const { hit, falseAlarm } = agreement(await vad.probabilities(audio));
    expect(vad.frameSamples).toBe(512);
    expect(hit).toBeGreaterThan(0.9);
    expect(falseAlarm).toBeLessThan(0.02);
  });

  it('judges a whole recording like the stream does, frame for frame (99 %+)', async () => {
    vad.reset();
    const streamed = await vad.probabilities(audio);
    const whole = await vad.probabilitiesOfRecording(audio);
    expect(whole.length).toBe(streamed.length);
    let same = 0;
    for (let f = 0; f < whole.length; f++) if (whole[f] >= 0.5 === streamed[f] >= 0.5) same++;
    expect(same / whole.length).toBeGreaterThan(0.99);
    expect(agreement(whole).hit).toBeGreaterThan(0.9);
  });

  it('gives the same whole-recording judgement from Int16 PCM as from float, without a float copy', async () => {
    const pcm = Int16Array.from(audio, (v) => Math.max(-32768, Math.min(32767, Math.round(v * 32768))));
    const fromFloat = await vad.probabilitiesOfRecording(Float32Array.from(pcm, (v) => v / 32768));
    const fromInt16 = await vad.probabilitiesOfRecording(pcm);
    expect(Array.from(fromInt16)).toEqual(Array.from(fromFloat));
  });

  it('gives the same answers after reset as a fresh detector, whatever came before', async () => {
    const piece = audio.subarray(0, 200 * FRAME);
    const fresh = await (await createSileroVad()).probabilities(piece);
    await vad.probabilities(audio.subarray(300 * FRAME, 400 * FRAME));
    vad.reset();
    expect(await vad.probabilities(piece)).toEqual(fresh);
  });

  it('gives the same probabilities whether frames come one at a time or many at once', async () => {
    const piece = audio.subarray(0, 120 * FRAME);
    vad.reset();
    const together = await vad.probabilities(piece);
    vad.reset();
    const single: number[] = [];
    for (let f = 0; f < 120; f++) single.push(...(await vad.probabilities(piece.subarray(f * FRAME, (f + 1) * FRAME))));
    expect(Float32Array.from(single)).toEqual(together);
  });

  it('spares Silero the plainly quiet frames without losing speech', async () => {
    const gated = await createSileroVad();
    const ungated = await createSileroVad({ energyGate: false });
    const a = agreement(await gated.probabilities(audio));
    const b = agreement(await ungated.probabilities(audio));
    expect(Math.abs(a.hit - b.hit)).toBeLessThan(0.02);
    // gated frames report exactly 0; the long pauses of this fixture are mostly skipped
    const skipped = (await gated.probabilitiesOfRecording(audio)).filter((p) => p === 0).length;
    expect(skipped).toBeGreaterThan(50);
  });

  it('rejects input that is not whole 512-sample frames', async () => {
    await expect(vad.probabilities(new Float32Array(700))).rejects.toThrow(RangeError);
  });
});
