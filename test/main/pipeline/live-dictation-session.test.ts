import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FRAME_SAMPLES, type VoiceActivityDetector } from '../../../src-main/audio/vad/voice-activity-detector';
import { journalPaths, journalSegments } from '../../../src-main/pipeline/audio-journal';
import { LiveDictation } from '../../../src-main/pipeline/live-dictation';
import { Spool } from '../../../src-main/pipeline/spool';
import { sessionHarness } from './session-harness';

const RATE = 16_000;

/** Loud frames are speech; `resets` counts how often the dictation asked for a fresh detector state. */
function loudnessDetector() {
  const state = { resets: 0 };
  const detector: VoiceActivityDetector = {
    frameSamples: FRAME_SAMPLES,
    reset: () => {
      state.resets += 1;
    },
    probabilities: async (frames) => {
      const out = new Float32Array(frames.length / FRAME_SAMPLES);
      for (let f = 0; f < out.length; f++) {
        let energy = 0;
        for (let i = f * FRAME_SAMPLES; i < (f + 1) * FRAME_SAMPLES; i++) energy += frames[i] * frames[i];
        out[f] = energy / FRAME_SAMPLES > 0.001 ? 0.9 : 0.05;
      }
      return out;
    },
  };
  return { detector, state };
}

/** "Sentences" of 2 s of tone, each followed by 2 s of silence: 4 s each. */
function twoSentences(count = 2): Int16Array {
  const pcm = new Int16Array(count * 4 * RATE);
  for (let i = 0; i < pcm.length; i++) pcm[i] = i % (4 * RATE) < 2 * RATE ? Math.round(Math.sin(i / 9) * 8000) : 0;
  return pcm;
}

async function speak(live: LiveDictation, pcm: Int16Array): Promise<void> {
  for (let at = 0; at < pcm.length; at += 320) await live.push(pcm.subarray(at, at + 320));
}

function liveHarness(answer: Parameters<typeof sessionHarness>[0], options: Parameters<typeof sessionHarness>[1] = {}) {
  const h = sessionHarness(answer, options);
  const { detector, state } = loudnessDetector();
  const journalRoot = join(h.dataDir, 'journal');
  const live = new LiveDictation(
    h.session,
    detector,
    {},
    { root: journalRoot, model: 'whisper-1', language: 'fa', now: () => 1 },
  );
  return { ...h, live, detector: state, journalRoot };
}

describe('a live dictation, frames arriving as the person speaks', () => {
  it('each sentence becomes a chunk, sent while they talk; stop brings all the text, in order', async () => {
    const h = liveHarness((_r, n) => ({ text: `جمله ${n}` }));
    expect(h.detector.resets).toBe(1);
    expect(h.live.sessionId).toBe(h.session.sessionId);
    const pcm = twoSentences();
    await speak(h.live, pcm.subarray(0, 4 * RATE));
    expect(h.live.recordedMs).toBe(4000);
    // The journal (on disk once audio came) says what the audio is for, so a crash's audio is recovered into the right dictation.
    const header = JSON.parse(readFileSync(journalPaths(h.journalRoot, h.live.sessionId).header, 'utf8'));
    expect(header).toMatchObject({ sessionId: h.session.sessionId, model: 'whisper-1', language: 'fa', startedAt: 1 });
    // The first sentence and its pause were heard: its chunk is in the spool (or already sent).
    expect(h.events.some((e) => e.type === 'chunk-queued' && e.index === 0)).toBe(true);
    await speak(h.live, pcm.subarray(4 * RATE));
    const result = await h.live.stop();
    expect(result.text).toBe('جمله 1 جمله 2');
    expect(h.api.requests).toHaveLength(2);
    // The session record has the whole recording, silence included.
    expect(h.meter.ended[0].audioRecordedMs).toBe(8000);
    expect(h.live.recordedMs).toBe(8000);
    // Every chunk is in the spool (and now transcribed): the journal has nothing left to keep.
    expect(await journalSegments(h.journalRoot, h.live.sessionId)).toEqual([]);
    // Stopping again gives the same result; no frame is taken after the stop.
    expect(await h.live.stop()).toBe(result);
    await expect(h.live.push(new Int16Array(320))).rejects.toThrow('after stop');
  });

  it('the last words, still in the chunker at stop, are sent too', async () => {
    const h = liveHarness(() => ({ text: 'آخر' }));
    const pcm = twoSentences().subarray(0, 2 * RATE);
    await speak(h.live, pcm);
    expect(h.api.requests).toHaveLength(0);
    const result = await h.live.stop();
    expect(result.text).toBe('آخر');
  });

  it('cancel: nothing more is sent, what was recorded waits in the spool', async () => {
    const h = liveHarness(() => ({ text: 'نه' }));
    await speak(h.live, twoSentences().subarray(0, 2 * RATE));
    const result = await h.live.cancel();
    expect(h.api.requests).toHaveLength(0);
    expect(result.chunks.map((c) => [c.status, c.errorCode])).toEqual([['failed', 'aborted']]);
    expect(await new Spool(join(h.dataDir, 'spool')).list()).toHaveLength(1);
  });

  it('when the spool cannot be written, the journal keeps the audio for the next start', async () => {
    const h = liveHarness(() => ({ text: 'نه' }));
    h.spool.put = async () => {
      throw new Error('ENOSPC');
    };
    await speak(h.live, twoSentences(6));
    const result = await h.live.stop();
    expect(result.stoppedBy?.code).toBe('spool_write');
    // All of it, from the first sample: nothing was trimmed once spooling had failed.
    const segments = await journalSegments(h.journalRoot, h.live.sessionId);
    expect(segments[0]?.offset).toBe(0);
  });

  it('audio safely spooled leaves the journal while the person is still talking', async () => {
    const h = liveHarness(() => ({ text: 'بله' }));
    await speak(h.live, twoSentences(6));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const segments = await journalSegments(h.journalRoot, h.live.sessionId);
    expect(segments.length).toBeGreaterThan(0);
    expect(segments[0].offset).toBeGreaterThan(0);
    await h.live.stop();
    expect(await journalSegments(h.journalRoot, h.live.sessionId)).toEqual([]);
  });
});
