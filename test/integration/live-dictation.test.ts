import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src-shared/settings/settings-schema';
import { createSileroVad } from '../../src-main/audio/vad/silero-vad';
import { openDictationServices } from '../../src-main/pipeline/dictation-services';
import type { SessionEvent } from '../../src-main/pipeline/dictation-session';
import { LiveDictation } from '../../src-main/pipeline/live-dictation';
import { startFakeOpenAiServer, type FakeServer } from '../support/fake-openai-server';
import { buildSpeechFixture, PERSIAN_SENTENCES, type SpeechFixture } from '../support/speech-fixtures';
import { tempDir } from './cli-harness';
import { until } from '../support/until';

const PIECE = 320; // 20 ms, the size an AudioWorklet-based tap delivers
let fixture: SpeechFixture;
let server: FakeServer;

beforeAll(async () => {
  fixture = await buildSpeechFixture({ sentences: PERSIAN_SENTENCES.slice(5, 8), gapsMs: [2000, 1800] });
  server = await startFakeOpenAiServer({ apiKey: 'sk-live' });
});

afterAll(async () => {
  await server?.close();
});

describe('live dictation (microphone frames arriving as the person speaks)', () => {
  it('shows the first sentence while the person is still talking, then all of it in order when they stop', async () => {
    const dataDir = tempDir();
    const settings = { ...DEFAULT_SETTINGS, baseUrl: server.baseUrl };
    const services = await openDictationServices({ dataDir, settings, apiKey: 'sk-live', source: 'app' });
    const events: SessionEvent[] = [];
    const live = new LiveDictation(
      services.newSession((event) => events.push(event)),
      await createSileroVad(),
    );
    const latestText = () => [...events].reverse().find((e) => e.type === 'transcript')?.text ?? '';

    // Speak the first sentence and pause (the pause ends the chunk); the second sentence has not been said yet.
    const secondStarts = Math.floor((fixture.speech[1].startMs * 16000) / 1000);
    let at = 0;
    for (; at < secondStarts; at += PIECE)
      await live.push(fixture.pcm.subarray(at, Math.min(at + PIECE, secondStarts)));
    await until(() => latestText() !== '');
    expect(latestText()).toContain('آزمایشی قطعه 0');
    expect(server.requests).toHaveLength(1);

    for (; at < fixture.pcm.length; at += PIECE) await live.push(fixture.pcm.subarray(at, at + PIECE));
    const result = await live.stop();
    await services.close();

    expect(result.chunks.map((c) => c.status)).toEqual(['ok', 'ok', 'ok']);
    expect(result.text).toBe(result.chunks.map((c) => c.text).join(' '));
    // The last sentence ends 1 s before the recording does; its hang-over is kept, so its last syllable is not cut.
    expect(result.chunks[2].endMs).toBeGreaterThanOrEqual(fixture.speech[2].endMs);
    expect(live.recordedMs).toBe(Math.floor(fixture.durationMs));
    const transcripts = await services.transcripts.read(result.sessionId);
    expect(transcripts.map((t) => t.text)).toEqual(result.chunks.map((c) => c.text));
    expect(await services.spool.list()).toEqual([]);
  });
});
