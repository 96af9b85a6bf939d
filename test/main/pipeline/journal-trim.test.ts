import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FRAME_SAMPLES, type VoiceActivityDetector } from '../../../src-main/audio/vad/voice-activity-detector';
import { journalPaths, journalSegments } from '../../../src-main/pipeline/audio-journal';
import { openDictationServices } from '../../../src-main/pipeline/dictation-services';
import { recoverJournals } from '../../../src-main/pipeline/journal-recovery';
import { LiveDictation } from '../../../src-main/pipeline/live-dictation';
import { Spool } from '../../../src-main/pipeline/spool';
import { TranscriptStore } from '../../../src-main/pipeline/transcript-store';
import type { Transcriber } from '../../../src-main/transcription/types';
import { DEFAULT_SETTINGS } from '../../../src-shared/settings/settings-schema';

const RATE = 16_000;

/** Loud frames are speech: enough to drive the real chunker and journal over a long dictation in seconds. */
function loudnessDetector(): VoiceActivityDetector {
  return {
    frameSamples: FRAME_SAMPLES,
    reset: () => undefined,
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
}

/** 4 s of a tone ("a sentence") then 2 s of silence, repeated: sample `i` of the dictation. */
function dictationSample(i: number): number {
  return i % (6 * RATE) < 4 * RATE ? Math.round(Math.sin(i / 9) * 8000) : 0;
}

const echo: Transcriber = { transcribe: async (request) => ({ text: `${request.audioMs}` }) };

async function journalBytes(root: string, sessionId: string): Promise<number> {
  const segments = await journalSegments(root, sessionId);
  return segments.reduce((sum, s) => sum + statSync(s.path).size, 0);
}

describe('the live journal over a long dictation', () => {
  it('stays under 2 MB through 20 minutes (38 MB untrimmed), and a crash still leaves the ' +
    'unspooled speech to recover', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'journal-trim-'));
    const settings = { ...DEFAULT_SETTINGS, baseUrl: 'http://127.0.0.1:9/v1' };
    const services = await openDictationServices({
      dataDir,
      settings,
      apiKey: 'sk-x',
      source: 'app',
      transcriber: echo,
    });
    const live = new LiveDictation(
      services.newSession(),
      loudnessDetector(),
      {},
      {
        root: services.journalRoot,
        model: settings.model,
        language: settings.language,
      },
    );
    const minutes = 20;
    // Killed 2.5 s into a sentence, after 20 minutes of talking.
    const heard = minutes * 60 * RATE + 2.5 * RATE;
    const piece = 320;
    let largest = 0;
    const piecePcm = new Int16Array(piece);
    for (let at = 0; at < heard; at += piece) {
      for (let i = 0; i < piece; i++) piecePcm[i] = dictationSample(at + i);
      await live.push(piecePcm.slice());
      if (at % (30 * RATE) === 0) largest = Math.max(largest, await journalBytes(services.journalRoot, live.sessionId));
    }
    await new Promise((resolve) => setTimeout(resolve, 400)); // the last quarter second reaches the file
    largest = Math.max(largest, await journalBytes(services.journalRoot, live.sessionId));
    expect(largest).toBeGreaterThan(0);
    expect(largest).toBeLessThan(2_000_000);

    // "Killed": the dictation never stops; its owner is named as a process that is gone, as after a crash.
    const { header } = journalPaths(services.journalRoot, live.sessionId);
    const dead = spawnSync(process.execPath, ['-e', '0']).pid as number;
    writeFileSync(header, JSON.stringify({ ...JSON.parse(readFileSync(header, 'utf8')), pid: dead }));
    const spool = new Spool(join(dataDir, 'spool'));
    const transcripts = new TranscriptStore(join(dataDir, 'transcripts'));
    await new Promise((resolve) => setTimeout(resolve, 300)); // answers to the last chunks sent are stored
    const before = [
      ...(await spool.list(live.sessionId)).map((e) => e.meta),
      ...(await transcripts.read(live.sessionId)),
    ];
    const recovered = await recoverJournals({
      journalRoot: services.journalRoot,
      spool,
      transcripts,
      createDetector: async () => loudnessDetector(),
    });
    await services.close();

    // 200 sentences were spoken: 200 chunks before the kill, the 201st (2.5 s of it) only in the journal.
    expect(before).toHaveLength(200);
    expect(recovered).toEqual([expect.objectContaining({ sessionId: live.sessionId, chunks: 1 })]);
    const pending = (await spool.list(live.sessionId)).map((e) => e.meta).filter((m) => m.index === 200);
    expect(pending).toHaveLength(1);
    const lastSentenceMs = minutes * 60 * 1000;
    expect(pending[0].startMs).toBeLessThanOrEqual(lastSentenceMs);
    expect(pending[0].endMs).toBeGreaterThanOrEqual(lastSentenceMs + 2_000);
    // nothing kept twice: the recovered chunk starts after every chunk spooled or transcribed before the kill
    expect(pending[0].startMs).toBeGreaterThanOrEqual(Math.max(...before.map((k) => k.endMs)));
    expect(await journalSegments(services.journalRoot, live.sessionId)).toEqual([]);
  }, 120_000);
});
