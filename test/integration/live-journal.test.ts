import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppEvent } from '../../src-shared/app-contract/events';
import { openAppCore } from '../../src-main/app/app-core';
import { createSileroVad } from '../../src-main/audio/vad/silero-vad';
import { AudioJournal, journalPaths, journalSegments } from '../../src-main/pipeline/audio-journal';
import { DEFAULT_SETTINGS } from '../../src-shared/settings/settings-schema';
import { openDictationServices } from '../../src-main/pipeline/dictation-services';
import { LiveDictation } from '../../src-main/pipeline/live-dictation';
import { Spool } from '../../src-main/pipeline/spool';
import { TranscriptStore } from '../../src-main/pipeline/transcript-store';
import { startFakeOpenAiServer, type FakeServer } from '../support/fake-openai-server';
import { buildSpeechFixture, PERSIAN_SENTENCES, type SpeechFixture } from '../support/speech-fixtures';
import { until } from '../support/until';
import { sokhan, tempDir } from './cli-harness';

let fixture: SpeechFixture;
let server: FakeServer;

beforeAll(async () => {
  fixture = await buildSpeechFixture({ sentences: PERSIAN_SENTENCES.slice(0, 5), gapsMs: [1500, 1400, 1600, 1500] });
  // Slow answers: at the kill some chunks are transcribed, one waits in the spool, the last one is only in the journal.
  server = await startFakeOpenAiServer({ delayMs: 6000 });
});

afterAll(async () => {
  await server?.close();
});

interface Span {
  startMs: number;
  endMs: number;
}

describe('live audio journal: a crash loses at most the last second of speech', () => {
  it('SIGKILL mid-sentence: every sentence said before the kill (minus ~1 s) is transcribed or ' +
    'pending, none twice', async () => {
    const dataDir = tempDir();
    const pcmFile = join(tempDir(), 'speech.pcm');
    writeFileSync(pcmFile, Buffer.from(fixture.pcm.buffer, fixture.pcm.byteOffset, fixture.pcm.byteLength));
    // Killed 2.5 s into the fourth sentence: three sentences are complete, the fourth is being spoken.
    const killAfterMs = fixture.speech[3].startMs + 2500;
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'test/support/live-dictation-child.ts', dataDir, server.baseUrl, pcmFile, '2'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let pushedMs = 0;
    let sessionId = '';
    let stderr = '';
    child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
    child.stdout.on('data', (data: Buffer) => {
      for (const line of data.toString().split('\n')) {
        if (line.startsWith('session ')) sessionId = line.slice(8);
        if (line.startsWith('pushed ')) pushedMs = Math.max(pushedMs, Number(line.slice(7)));
      }
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    await until(() => pushedMs >= killAfterMs || stderr.includes('Error'), 60_000);
    expect(stderr).not.toContain('Error');
    const heardMs = pushedMs;
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const sentBeforeKill = server.requests.length;
    expect(sentBeforeKill).toBeGreaterThanOrEqual(2);
    expect(existsSync(join(dataDir, 'journal'))).toBe(true);

    // The next start (`spool list` here) recovers the journal into the spool.
    const listed = await sokhan(['spool', 'list', '--json', '--data-dir', dataDir]);
    expect(listed.code).toBe(0);
    expect(listed.stderr).toMatch(/recovered/);
    expect(readdirSync(join(dataDir, 'journal')).filter((n) => !n.startsWith('.'))).toEqual([]);
    const pending = (JSON.parse(listed.stdout) as Array<Span & { sessionId: string; index: number }>).filter(
      (e) => e.sessionId === sessionId,
    );
    const stored = await new TranscriptStore(join(dataDir, 'transcripts')).read(sessionId);
    const kept: Span[] = [...stored, ...pending].sort((a, b) => a.startMs - b.startMs);
    // All three kinds are there: transcribed before the kill, spooled (sent, no answer yet), and only in the journal.
    const fromJournal = pending.filter((p) => (p as { lastError?: { code: string } }).lastError?.code === 'recovered');
    expect(stored.length).toBeGreaterThan(0);
    expect(fromJournal.length).toBeGreaterThan(0);
    expect(pending.length).toBeGreaterThan(fromJournal.length);
    const unanswered = sentBeforeKill - stored.length;
    expect(unanswered).toBeGreaterThan(0);

    // None twice: no two kept chunks share audio, and indexes are unique.
    for (let i = 1; i < kept.length; i++) expect(kept[i].startMs).toBeGreaterThanOrEqual(kept[i - 1].endMs);
    const indexes = [...stored.map((s) => s.index), ...pending.map((p) => p.index)];
    expect(new Set(indexes).size).toBe(indexes.length);
    // Every sentence spoken before the kill, minus its last second, is inside kept chunks.
    const spokenUntil = heardMs - 1000;
    for (const sentence of fixture.speech) {
      if (sentence.startMs >= spokenUntil) continue;
      const until = Math.min(sentence.endMs, spokenUntil);
      const covered = kept.reduce(
        (sum, k) => sum + Math.max(0, Math.min(k.endMs, until) - Math.max(k.startMs, sentence.startMs)),
        0,
      );
      expect(covered, `sentence at ${sentence.startMs}-${sentence.endMs} ms`).toBeGreaterThanOrEqual(
        until - sentence.startMs - 50,
      );
    }

    // A retry completes the dictation: everything kept is then transcribed, each chunk sent once more at most.
    const retried = await sokhan(['spool', 'retry', '--data-dir', dataDir], {
      OPENAI_BASE_URL: server.baseUrl,
      OPENAI_API_KEY: 'sk-x',
    });
    expect(retried.code).toBe(0);
    // The requests the killed process sent and never saw answered may have been billed: recorded as unknown.
    const usage = JSON.parse((await sokhan(['usage', '--json', '--data-dir', dataDir])).stdout);
    expect(usage.total.unknownRequests).toBeGreaterThanOrEqual(unanswered);
    expect(usage.total.unknownRequests).toBeLessThanOrEqual(unanswered + 1);
    expect(await new Spool(join(dataDir, 'spool')).list()).toEqual([]);
    const done = await new TranscriptStore(join(dataDir, 'transcripts')).read(sessionId);
    expect(done.map((d) => d.index).sort((a, b) => a - b)).toEqual(indexes.sort((a, b) => a - b));
  }, 120_000);
});

/** Journals a recording in this process, then names a finished process as its owner (as a crash leaves it). */
async function journalOf(dataDir: string, sessionId: string, pcm: Int16Array, owner: number): Promise<void> {
  const root = join(dataDir, 'journal');
  const journal = new AudioJournal(root, { sessionId, model: 'whisper-1', language: 'fa', startedAt: Date.now() });
  for (let at = 0; at < pcm.length; at += 320) journal.append(pcm.subarray(at, at + 320));
  await journal.close();
  const { header } = journalPaths(root, sessionId);
  writeFileSync(header, JSON.stringify({ ...JSON.parse(readFileSync(header, 'utf8')), pid: owner }));
}

describe('journal recovery at the next start', () => {
  it(
    "the app core spools a dead dictation's journal as pending chunks and says so; a live " +
      "owner's journal is left alone",
    async () => {
      const dataDir = tempDir();
      const dead = spawnSync(process.execPath, ['-e', '0']).pid as number;
      await journalOf(
        dataDir,
        'crashed-1',
        fixture.pcm.subarray(0, Math.round(fixture.speech[1].endMs * 16) + 16_000),
        dead,
      );
      await journalOf(dataDir, 'running-1', fixture.pcm.subarray(0, 16_000 * 4), process.pid);
      const core = await openAppCore({
        dataDir,
        host: 'browser',
        version: '0',
        env: {},
        apiKey: () => 'sk-x',
        createDetector: () => createSileroVad(),
      });
      const events: AppEvent[] = [];
      core.subscribe((event) => events.push(event));
      await core.close();
      expect(JSON.stringify(events)).toMatch(/2 chunk\(s\) of speech from 1 interrupted dictation/);
      const entries = await new Spool(join(dataDir, 'spool')).list();
      expect(
        entries.map((e) => [e.meta.sessionId, e.meta.index, e.meta.status, e.meta.model, e.meta.language]),
      ).toEqual([
        ['crashed-1', 0, 'pending', 'whisper-1', 'fa'],
        ['crashed-1', 1, 'pending', 'whisper-1', 'fa'],
      ]);
      expect(entries[1].meta.endMs).toBeGreaterThanOrEqual(fixture.speech[1].endMs);
      expect(readdirSync(join(dataDir, 'journal')).sort()).toEqual(['running-1.json', 'running-1.pcm']);
    },
  );
});

describe('the journal while dictating and after a normal stop', () => {
  it('holds what was heard within a quarter second, and is gone once every chunk is spooled', async () => {
    const fast = await startFakeOpenAiServer();
    try {
      const dataDir = tempDir();
      const settings = { ...DEFAULT_SETTINGS, baseUrl: fast.baseUrl };
      const services = await openDictationServices({ dataDir, settings, apiKey: 'sk-x', source: 'app' });
      const live = new LiveDictation(
        services.newSession(),
        await createSileroVad(),
        {},
        {
          root: services.journalRoot,
          model: settings.model,
          language: settings.language,
        },
      );
      const half = Math.floor(fixture.pcm.length / 2 / 320) * 320;
      for (let at = 0; at < half; at += 320) await live.push(fixture.pcm.subarray(at, at + 320));
      await new Promise((resolve) => setTimeout(resolve, 400));
      // Every sample heard is on disk, in segments from the first one not yet spooled (older ones are deleted).
      const segments = await journalSegments(services.journalRoot, live.sessionId);
      const onDisk = segments.reduce((sum, s) => sum + statSync(s.path).size, 0);
      expect(onDisk).toBe((half - segments[0].offset) * 2);
      for (let at = half; at < fixture.pcm.length; at += 320) await live.push(fixture.pcm.subarray(at, at + 320));
      const result = await live.stop();
      await services.close();
      expect(result.chunks.every((c) => c.status === 'ok')).toBe(true);
      expect(readdirSync(services.journalRoot)).toEqual([]);
    } finally {
      await fast.close();
    }
  });
});
