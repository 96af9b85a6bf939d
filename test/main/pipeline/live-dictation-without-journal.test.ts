import { describe, expect, it } from 'vitest';
import { FRAME_SAMPLES, type VoiceActivityDetector } from '../../../src-main/audio/vad/voice-activity-detector';
import { LiveDictation } from '../../../src-main/pipeline/live-dictation';
import { sessionHarness } from './session-harness';

/** Every frame is speech until the stop: one chunk, cut by the stop itself. */
const alwaysSpeech: VoiceActivityDetector = {
  frameSamples: FRAME_SAMPLES,
  reset: () => undefined,
  probabilities: async (frames) => new Float32Array(frames.length / FRAME_SAMPLES).fill(0.9),
};

describe('a live dictation with no journal (a caller that keeps no audio journal)', () => {
  it('still spools, sends and returns the text, whether it stops or is cancelled', async () => {
    const h = sessionHarness(() => ({ text: 'بی دفتر' }));
    const live = new LiveDictation(h.session, alwaysSpeech);
    for (let at = 0; at < 32_000; at += 320) await live.push(new Int16Array(320).fill(3000));
    expect((await live.stop()).text).toBe('بی دفتر');

    const failing = sessionHarness(() => ({ text: 'x' }));
    failing.spool.put = async () => {
      throw new Error('ENOSPC');
    };
    const cancelled = new LiveDictation(failing.session, alwaysSpeech);
    for (let at = 0; at < 32_000; at += 320) await cancelled.push(new Int16Array(320).fill(3000));
    expect((await cancelled.cancel()).stoppedBy?.code).toBe('spool_write');
  });
});
