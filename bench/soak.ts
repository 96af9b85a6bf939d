/**
 * `npm run soak`: an hour of dictation through the real pipeline (LiveDictation with its journal, Silero VAD, spool,
 * transcriber, meter) fed faster than real time, against the local fake server failing 10 % of requests at random
 * (500/502/503/429, connection resets) and slow at times. At the end the ledger and the server must agree one for
 * one (test/support/fault-books.ts); the memory curve is printed per simulated 10 minutes.
 * Options: --minutes N (default 60), --seed N (default 1), --json FILE (figures written there too).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { createSileroVad } from '../src-main/audio/vad/silero-vad';
import { openDictationServices } from '../src-main/pipeline/dictation-services';
import { LiveDictation } from '../src-main/pipeline/live-dictation';
import { DEFAULT_SETTINGS } from '../src-shared/settings/settings-schema';
import { checkBooks, seededRandom } from '../test/support/fault-books';
import { type FakeFailure, openAiFailures, startFakeOpenAiServer } from '../test/support/fake-openai-server';
import { buildSpeechFixture, PERSIAN_SENTENCES } from '../test/support/speech-fixtures';

const flag = (name: string, fallback: string): string => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] ? process.argv[at + 1] : fallback;
};
const minutes = Number(flag('minutes', '60'));
const seed = Number(flag('seed', '1'));
const jsonOut = flag('json', '');
const RATE = 16_000;
const PIECE = 640; // 40 ms, as the window's audio tap posts them

const random = seededRandom(seed);
const injected: Record<string, number> = {};
let slowReplies = 0;
const chaos = async (): Promise<FakeFailure | 'destroy' | undefined> => {
  // slow at times: one reply in five waits 0.3–2 s
  if (random() < 0.2) {
    slowReplies++;
    await new Promise((resolve) => setTimeout(resolve, 300 + random() * 1700));
  }
  if (random() >= 0.1) return undefined;
  const kinds: Array<[string, () => FakeFailure | 'destroy']> = [
    ['500', () => openAiFailures.serverError(500)],
    ['502', () => openAiFailures.serverError(502)],
    ['503', () => openAiFailures.serverError(503)],
    ['429', () => openAiFailures.rateLimited({ ms: 50 })],
    ['reset', () => 'destroy'],
  ];
  const [name, make] = kinds[Math.floor(random() * kinds.length)];
  injected[name] = (injected[name] ?? 0) + 1;
  return make();
};

const mb = (bytes: number): number => Math.round(bytes / 1048576);
const gc = (globalThis as { gc?: () => void }).gc;

async function main(): Promise<void> {
  const fixture = await buildSpeechFixture({ sentences: PERSIAN_SENTENCES.slice(0, 12) });
  const server = await startFakeOpenAiServer({ apiKey: 'sk-soak', chaos, keepUploads: false });
  const dataDir = mkdtempSync(join(tmpdir(), 'sokhan-soak-'));
  const settings = { ...DEFAULT_SETTINGS, baseUrl: server.baseUrl };
  const services = await openDictationServices({ dataDir, settings, apiKey: 'sk-soak', source: 'app' });
  const session = services.newSession();
  const live = new LiveDictation(
    session,
    await createSileroVad(),
    {},
    {
      root: services.journalRoot,
      model: settings.model,
      language: settings.language,
    },
  );
  const total = minutes * 60 * RATE;
  // `external` holds Buffers and WebAssembly memory (the voice detector's): with the heap, what RSS growth is made of.
  const curve: Array<{ minute: number; rssMb: number; heapMb: number; externalMb: number; requests: number }> = [];
  const sample = (minute: number): void => {
    gc?.();
    const memory = process.memoryUsage();
    const point = {
      minute,
      rssMb: mb(memory.rss),
      heapMb: mb(memory.heapUsed),
      externalMb: mb(memory.external),
      requests: server.requests.length,
    };
    curve.push(point);
    console.log(
      `  ${minute} min: rss ${point.rssMb} MB, heap ${point.heapMb} MB, external ${point.externalMb} MB, ` +
        `${point.requests} requests`,
    );
  };
  const started = Date.now();
  sample(0);
  const piece = new Int16Array(PIECE);
  for (let at = 0; at < total; at += PIECE) {
    for (let i = 0; i < PIECE; i++) piece[i] = fixture.pcm[(at + i) % fixture.pcm.length];
    await live.push(piece.slice());
    if ((at + PIECE) % (10 * 60 * RATE) < PIECE) sample(Math.round((at + PIECE) / (60 * RATE)));
  }
  const result = await live.stop();
  await services.close();
  const wallS = Math.round((Date.now() - started) / 1000);
  const books = await checkBooks(dataDir, server.requests);
  await server.close();
  const figures = {
    machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${mb(totalmem())} MB, Node ${process.version}`,
    simulatedMinutes: minutes,
    wallSeconds: wallS,
    chunks: result.chunks.length,
    requests: server.requests.length,
    faultsInjected: injected,
    slowReplies,
    ledgerRecords: books.records,
    billedByServer: books.billedByServer,
    meteredOk: books.okRecords,
    unknownRecords: books.unknownRecords,
    transcribed: books.transcribed,
    pendingAtEnd: books.pending,
    problems: books.problems,
    memory: curve,
  };
  console.log(JSON.stringify(figures, null, 2));
  if (jsonOut) writeFileSync(jsonOut, JSON.stringify(figures, null, 2));
  if (books.problems.length > 0) process.exitCode = 1;
}

await main();
