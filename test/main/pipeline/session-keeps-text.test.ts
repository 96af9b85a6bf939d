import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '../../../src-shared/settings/settings-schema';
import type { LedgerRequestRecord } from '../../../src-shared/usage/ledger-record';
import { openDictationServices } from '../../../src-main/pipeline/dictation-services';
import type { SessionEvent } from '../../../src-main/pipeline/dictation-session';
import { TranscriptStore } from '../../../src-main/pipeline/transcript-store';
import { createOpenAiTranscriber } from '../../../src-main/transcription/openai-transcriber';
import { tempDir } from '../../integration/cli-harness';
import { useFakeOpenAiServers, type FakeServer } from '../../support/fake-openai-server';

const startServer = useFakeOpenAiServers();

/** Two seconds of a steady tone at 16 kHz: one chunk of "speech" for the session. */
function twoSeconds(index = 0) {
  const pcm = new Int16Array(32_000).fill(1200);
  return { index, startSample: index * 32_000, endSample: (index + 1) * 32_000, pcm, speechSamples: pcm.length };
}

async function open(server: FakeServer, dataDir: string, settings: Partial<Settings> = {}) {
  const full: Settings = { ...DEFAULT_SETTINGS, baseUrl: server.baseUrl, ...settings };
  return openDictationServices({
    dataDir,
    settings: full,
    apiKey: 'k',
    source: 'cli',
    transcriber: createOpenAiTranscriber({ apiKey: 'k', baseUrl: server.baseUrl, model: full.model }),
    retry: { baseDelayMs: 1, maxDelayMs: 2 },
  });
}

async function paidRequests(services: Awaited<ReturnType<typeof open>>): Promise<LedgerRequestRecord[]> {
  return (await services.meter.records()).filter(
    (r): r is LedgerRequestRecord => r.kind === 'request' && r.outcome === 'ok',
  );
}

describe('the digits setting reaches the text a person gets', () => {
  for (const [digits, expected] of [
    ['persian', 'ساعت ۱۰ و ۲۰ دقیقه'],
    ['latin', 'ساعت 10 و 20 دقیقه'],
    ['keep', 'ساعت 10 و ۲۰ دقیقه'],
  ] as const) {
    it(`digits: ${digits}`, async () => {
      const server = await startServer({ transcribe: () => 'ساعت 10 و ۲۰ دقیقه' });
      const services = await open(server, tempDir(), { digits });
      const session = services.newSession();
      await session.addChunk(twoSeconds());
      const result = await session.finish();
      await services.close();
      expect(result.text).toBe(expected);
    });
  }
});

describe('paid text is never lost, and never paid for twice', () => {
  it(
    'when the transcript cannot be written, the answer stays with its audio in the spool; a ' +
      'retry writes it without a new request',
    async () => {
      const server = await startServer({ transcribe: () => 'سلام دنیا' });
      const dataDir = tempDir();
      mkdirSync(dataDir, { recursive: true });
      // The transcripts folder's name is taken by a file: every append fails.
      writeFileSync(join(dataDir, 'transcripts'), 'not a folder');
      const events: SessionEvent[] = [];
      let services = await open(server, dataDir);
      const first = services.newSession((event) => events.push(event));
      await first.addChunk(twoSeconds());
      const result = await first.finish();
      // The person still sees the words, and is told why the session stopped.
      expect(result.text).toBe('سلام دنیا');
      expect(result.stoppedBy?.code).toBe('transcript_write');
      expect(events.some((e) => e.type === 'error' && e.code === 'transcript_write')).toBe(true);
      const [kept] = await services.spool.list();
      expect(kept.meta.status).toBe('paid');
      expect(kept.meta.paid?.text).toBe('سلام دنیا');
      expect(await paidRequests(services)).toHaveLength(1);
      await services.close();

      // The folder is fixed; the retry stores the paid text, sends nothing, and only then lets the audio go.
      rmSync(join(dataDir, 'transcripts'));
      services = await open(server, dataDir);
      const retry = services.newSession();
      retry.addSpooled(await services.spool.list());
      const retried = await retry.finish();
      expect(retried.text).toBe('سلام دنیا');
      expect(server.requests).toHaveLength(1);
      expect(await paidRequests(services)).toHaveLength(1);
      expect(await services.spool.list()).toEqual([]);
      const stored = await new TranscriptStore(join(dataDir, 'transcripts')).read(kept.meta.sessionId);
      expect(stored.map((p) => p.text)).toEqual(['سلام دنیا']);
      await services.close();
    },
  );

  it('a chunk whose text was stored leaves the spool; its text is on disk under its session', async () => {
    const server = await startServer({ transcribe: (info) => `بخش ${info.index + 1}` });
    const dataDir = tempDir();
    const services = await open(server, dataDir);
    const session = services.newSession();
    await session.addChunk(twoSeconds(0));
    await session.addChunk(twoSeconds(1));
    const result = await session.finish();
    expect(result.text).toBe('بخش 1 بخش 2');
    expect(await services.spool.list()).toEqual([]);
    const stored = await services.transcripts.read(result.sessionId);
    expect(stored.map((p) => [p.index, p.text, p.status])).toEqual([
      [0, 'بخش 1', 'ok'],
      [1, 'بخش 2', 'ok'],
    ]);
    await services.close();
  });
});
