/**
 * Whole-pipeline benchmark: 30 minutes of Persian speech (with dictation-like pauses) through the real CLI —
 * decode, voice chunking, WAV encoding, spool, upload, normalisation, metering — against a local server that answers
 * at once. The CLI runs as a separate process pinned to one core (`taskset -c 0`); /usr/bin/time reports its peak RSS.
 * Run: `npx tsx bench/pipeline-bench.ts [--minutes N]`.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startFakeOpenAiServer } from '../test/support/fake-openai-server';
import { buildSpeechFixture, PERSIAN_SENTENCES, writeWav } from '../test/support/speech-fixtures';

/** Builds `minutes` of speech, transcribes it with the CLI in a child process, and returns the figures. */
export async function runPipelineBench(minutes = 30): Promise<Record<string, unknown>> {
  const sentences: string[] = [];
  // About 2 minutes per pass over the sentence list; repeat until the recording is long enough.
  const passes = Math.ceil(minutes / 1.9);
  for (let i = 0; i < passes; i++) sentences.push(...PERSIAN_SENTENCES);
  const fixture = await buildSpeechFixture({ sentences });
  const targetSamples = minutes * 60 * 16_000;
  const pcm = fixture.pcm.length > targetSamples ? fixture.pcm.subarray(0, targetSamples) : fixture.pcm;
  const dir = mkdtempSync(join(tmpdir(), 'sokhan-bench-'));
  const wavPath = join(dir, 'dictation.wav');
  await writeWav(wavPath, pcm);
  const server = await startFakeOpenAiServer({ apiKey: 'sk-bench' });
  try {
    const started = performance.now();
    const { stdout, stderr } = await run(
      'taskset',
      [
        '-c',
        '0',
        '/usr/bin/time',
        '-f',
        'PEAK_RSS_KB=%M',
        process.execPath,
        'bin/sokhan.mjs',
        'transcribe',
        wavPath,
        '--json',
        '--base-url',
        server.baseUrl,
        '--data-dir',
        join(dir, 'data'),
      ],
      { OPENAI_API_KEY: 'sk-bench' },
    );
    const wallMs = performance.now() - started;
    const result = JSON.parse(stdout) as {
      audioMs: number;
      chunks: unknown[];
      usage: { requests: number; sentAudioMs: number; costUsd: number };
    };
    const peakKb = Number(/PEAK_RSS_KB=(\d+)/.exec(stderr)?.[1] ?? NaN);
    return {
      audioMinutes: Math.round(result.audioMs / 600) / 100,
      wallSeconds: Math.round(wallMs / 100) / 10,
      xRealTime: Math.round(result.audioMs / wallMs),
      peakRssMb: Math.round(peakKb / 1024),
      chunks: result.chunks.length,
      requests: result.usage.requests,
      sentAudioMinutes: Math.round(result.usage.sentAudioMs / 600) / 100,
      costUsd: result.usage.costUsd,
      serverRequests: server.requests.length,
    };
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function run(
  command: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      { env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${error.message}\n${stderr}`));
        else resolve({ stdout, stderr });
      },
    );
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const index = process.argv.indexOf('--minutes');
  const minutes = index === -1 ? 30 : Number(process.argv[index + 1]);
  console.log(await runPipelineBench(minutes));
}
