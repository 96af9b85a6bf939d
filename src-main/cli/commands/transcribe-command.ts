import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { microsToUsd } from '../../../src-shared/money';
import { catalogueEntry, shutdownNotice } from '../../../src-shared/pricing/catalogue';
import { NotAudioError } from '../../audio/wav';
import { openWavStream, UnreadableAudioError, type WavStream } from '../../audio/wav-stream';
import { streamedRecordingChunks } from '../../audio/voice-chunker';
import { preferLowMemoryModel } from '../../audio/vad/silero-model';
import { openDictationServices } from '../../pipeline/dictation-services';
import type { SessionEvent, SessionResult } from '../../pipeline/dictation-session';
import { isOpenAiBaseUrl } from '../../../src-shared/base-url';
import type { Transcriber } from '../../transcription/types';
import type { RetryOptions } from '../../transcription/retry';
import { parseArgs, stringFlag, UsageError } from '../args';
import type { CliCommand, CliIo } from '../cli-io';
import { printError, printWarning } from '../messages';
import type { BilingualMessage } from '../../../src-shared/bilingual';
import { ProgressLine } from '../progress-line';
import { effectiveSettings } from '../effective-settings';
import { dataFolderProblem } from '../../fs/data-folder-check';

const BOOLEAN_FLAGS = new Set(['json']);
const KNOWN_FLAGS = new Set(['json', 'model', 'language', 'base-url']);

/** Test seams: a transcriber or retry timing to use instead of the defaults. */
export interface TranscribeCommandOverrides {
  transcriber?: Transcriber;
  retry?: RetryOptions;
  /** How long a Ctrl-C waits for requests in flight (default GRACE_MS). */
  graceMs?: number;
}

/** How long Ctrl-C / SIGTERM waits for requests already sent before giving up on their answers. */
export const GRACE_MS = 20_000;

/** From 20 minutes on, memory matters more than the speed of voice detection (see preferLowMemoryModel). */
const LOW_MEMORY_FROM_MS = 20 * 60_000;

/** 128 + the signal's number, as shells report a program stopped by it: 130 for Ctrl-C, 143 for SIGTERM. */
function signalExitCode(signal: NodeJS.Signals): number {
  return signal === 'SIGINT' ? 130 : 143;
}

/** `sokhan transcribe`: runs a WAV file through the same pipeline as the desktop app and prints the transcript. */
export function createTranscribeCommand(overrides: TranscribeCommandOverrides = {}): CliCommand {
  return async (words, io) => {
    const args = parseArgs(words, BOOLEAN_FLAGS);
    for (const flag of args.flags.keys()) if (!KNOWN_FLAGS.has(flag)) throw new UsageError(`unknown option --${flag}`);
    if (args.positionals.length !== 1) throw new UsageError('give exactly one WAV file');
    const [file] = args.positionals;
    const json = args.flags.get('json') === true;

    const settings = effectiveSettings(io, {
      model: stringFlag(args, 'model'),
      language: stringFlag(args, 'language'),
      baseUrl: stringFlag(args, 'base-url'),
    });
    if ('error' in settings) return fail(io, settings.error);

    const apiKey = (io.env.OPENAI_API_KEY ?? '').trim();
    if (apiKey === '' && isOpenAiBaseUrl(settings.value.baseUrl) && !overrides.transcriber)
      return fail(io, MISSING_KEY);

    // Before anything is sent: an answer that could not be stored would be paid for and then only held in memory.
    const folderProblem = await dataFolderProblem(io.dataDir);
    if (folderProblem) return fail(io, folderProblem);
    // Opened last: from here on the blocks are read to the end, which closes the file.
    const audio = await readAudio(file);
    if ('error' in audio) return fail(io, audio.error);

    if (catalogueEntry(settings.value.model).provider === 'custom' && settings.value.customPricePerMinuteUsd === null) {
      // Metered, but at no known price: say so before any audio goes out, so the cost shown is never taken for $0.
      printWarning(io, {
        en:
          `${settings.value.model} has no known price: its requests are recorded as "price unknown". Set it ` +
          'with: sokhan config set customPricePerMinuteUsd 0.006 (0 for a free local server).',
        fa:
          `قیمت ${settings.value.model} معلوم نیست و درخواست‌هایش با «قیمت نامعلوم» ثبت می‌شوند. با «sokhan ` +
          'config set customPricePerMinuteUsd 0.006» قیمت را بگذارید (برای سرور محلی رایگان ۰).',
      });
    }
    const notice = shutdownNotice(settings.value.model, io.now());
    if (notice)
      printWarning(io, shutdownMessage(settings.value.model, notice.shutdownOn, notice.daysLeft, notice.replacement));

    const { durationMs: audioMs, samples: recordedSamples } = audio.stream;
    // With --verbose the log lines are the progress; a self-rewriting line would be torn by them.
    const progress = new ProgressLine(io.log ? { write: () => true } : io.stderr, audioMs);
    progress.stage('chunking');
    if (audioMs >= LOW_MEMORY_FROM_MS) preferLowMemoryModel();
    io.log?.log('info', 'transcribe.opened', {
      audioMs,
      model: settings.value.model,
      endpoint: isOpenAiBaseUrl(settings.value.baseUrl) ? 'openai' : 'custom',
      proxy: Boolean(settings.value.proxyUrl),
    });

    const services = await openDictationServices({
      dataDir: io.dataDir,
      settings: settings.value,
      apiKey,
      source: 'cli',
      transcriber: overrides.transcriber,
      retry: overrides.retry,
      now: io.now,
      env: io.env,
    });
    let result: SessionResult;
    let interruptedBy: NodeJS.Signals | null = null;
    let grace: ReturnType<typeof setTimeout> | null = null;
    const printEvent = sessionEventPrinter(io, progress);
    let sessionId = '';
    const session = services.newSession((event) => {
      printEvent(event);
      logSessionEvent(io, sessionId, event);
    });
    sessionId = session.sessionId;
    // Ctrl-C or a stop from the system: send nothing new, let the requests in flight answer (they are paid for),
    // keep every other chunk in the spool. A second signal quits at once (the chunks stay in the spool regardless).
    const onSignal = (signal: NodeJS.Signals): void => {
      if (interruptedBy) process.exit(signalExitCode(signal));
      interruptedBy = signal;
      session.stopTaking();
      progress.interrupt(() => printWarning(io, waitingMessage(session.inFlight, overrides.graceMs ?? GRACE_MS)));
      grace = setTimeout(() => session.cancel(), overrides.graceMs ?? GRACE_MS);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    try {
      session.setRecordedAudio(recordedSamples);
      // Read, judged and cut a segment at a time, each chunk spooled before the next is cut: memory holds minutes of
      // audio, not the file (2 h of 44.1 kHz stereo is 1.3 GB on disk, 230 MB even at 16 kHz mono).
      let count = 0;
      const chunkingStarted = io.now();
      for await (const chunk of streamedRecordingChunks(audio.stream.blocks())) {
        progress.setChunkCount(++count);
        await session.addChunk(chunk);
      }
      io.log?.log('info', 'transcribe.chunked', {
        audioMs,
        fileBytes: statSync(file).size,
        chunks: count,
        ms: io.now() - chunkingStarted,
      });
      result = await session.finish();
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      if (grace) clearTimeout(grace);
      await audio.stream.close();
      await services.close();
      progress.clear();
    }
    io.log?.log(result.stoppedBy ? 'warn' : 'info', 'transcribe.done', {
      session: result.sessionId,
      requests: result.usage.requests,
      failedRequests: result.usage.failedRequests,
      sentAudioMs: result.usage.sentAudioMs,
      billedSeconds: result.usage.billedSeconds,
      costUsd: microsToUsd(result.usage.costMicros),
      unknownRequests: result.usage.unknownRequests,
      spooled: result.spooled,
      ownedElsewhere: result.ownedElsewhere,
      stoppedBy: result.stoppedBy?.code,
      interruptedBy: interruptedBy ?? undefined,
    });
    const code = report(io, result, {
      json,
      audioMs,
      spoolRoot: services.spool.root,
      interrupted: interruptedBy !== null,
    });
    if (!interruptedBy) return code;
    printWarning(io, interruptedMessage(result.spooled, services.spool.root));
    return signalExitCode(interruptedBy);
  };
}

function sessionEventPrinter(io: CliIo, progress: ProgressLine): (event: SessionEvent) => void {
  const told = new Set<string>();
  return (event) => {
    if (event.type === 'chunk-done') progress.chunkDone(event.costMicros, event.status);
    if (event.type === 'warning') progress.interrupt(() => printWarning(io, event.warning.message));
    // A budget refusal applies to every following chunk too: say it once, not per chunk.
    if (event.type === 'error' && !event.stopsSession && !told.has(event.code) && BUDGET_CODES.has(event.code)) {
      told.add(event.code);
      progress.interrupt(() => printWarning(io, event.message));
    }
    // What the server or the network said, the first time each kind of failure happens (a hung server is reported
    // at its first time-out, not after every retry): the person sees why, with the status and message.
    const failure =
      event.type === 'chunk-sending' && event.after
        ? { index: event.index, code: event.after.code, detail: event.after.detail, retrying: true }
        : event.type === 'error' && event.index !== undefined && !NOT_FAILURES.has(event.code)
          ? { index: event.index, code: event.code, detail: event.detail, retrying: false }
          : null;
    if (failure && !told.has(`reason:${failure.code}`)) {
      told.add(`reason:${failure.code}`);
      progress.interrupt(() => printWarning(io, failureReason(failure)));
    }
  };
}

/** One log line per session event: where each chunk is, what it cost, why it failed; never its text. */
function logSessionEvent(io: CliIo, session: string, event: SessionEvent): void {
  if (!io.log) return;
  if (event.type === 'chunk-queued')
    io.log.log('debug', 'chunk.queued', {
      session,
      index: event.index,
      startMs: event.startMs,
      audioMs: event.audioMs,
    });
  else if (event.type === 'chunk-sending')
    io.log.log(event.after ? 'warn' : 'debug', 'chunk.sending', {
      session,
      index: event.index,
      attempt: event.attempt,
      after: event.after?.code,
    });
  else if (event.type === 'chunk-done')
    io.log.log(event.status === 'ok' ? 'info' : 'warn', 'chunk.done', {
      session,
      index: event.index,
      status: event.status,
      costUsd: microsToUsd(event.costMicros),
      chars: [...event.text].length,
    });
  else if (event.type === 'warning')
    io.log.log('warn', 'budget.warning', {
      session,
      scope: event.warning.scope,
      level: event.warning.level,
      spentUsd: microsToUsd(event.warning.spentMicros),
      limitUsd: microsToUsd(event.warning.limitMicros),
    });
  else if (event.type === 'error')
    io.log.log(event.stopsSession ? 'error' : 'warn', 'chunk.error', {
      session,
      index: event.index,
      code: event.code,
      stopsSession: event.stopsSession,
    });
}

const BUDGET_CODES = new Set(['daily_limit', 'monthly_limit']);
/** Refusals and hand-overs said elsewhere (or at the end), not failures of a request. */
const NOT_FAILURES = new Set([
  ...BUDGET_CODES,
  'price_unknown',
  'owned_elsewhere',
  'transcript_write',
  'ledger_write',
  'spool_write',
]);

function report(
  io: CliIo,
  result: SessionResult,
  context: { json: boolean; audioMs: number; spoolRoot: string; interrupted?: boolean },
): number {
  if (context.json) {
    io.stdout.write(
      `${JSON.stringify({
        text: result.text,
        audioMs: context.audioMs,
        chunks: result.chunks.map(({ startMs, endMs, text, status, droppedText }) => ({
          startMs,
          endMs,
          text,
          status,
          ...(droppedText ? { droppedText } : {}),
        })),
        usage: {
          requests: result.usage.requests,
          failedRequests: result.usage.failedRequests,
          sentAudioMs: result.usage.sentAudioMs,
          billedSeconds: result.usage.billedSeconds,
          costUsd: microsToUsd(result.usage.costMicros),
          unknownRequests: result.usage.unknownRequests,
          unknownCostUsd: microsToUsd(result.usage.unknownCostMicros),
        },
      })}\n`,
    );
  } else if (result.text !== '') {
    io.stdout.write(`${result.text}\n`);
  }
  if (result.stoppedBy) {
    printError(io, result.stoppedBy.message);
    return 3;
  }
  if (result.spooled > 0 && !context.interrupted) {
    printWarning(io, keptInSpool(result.spooled, context.spoolRoot));
    return 4;
  }
  return 0;
}

async function readAudio(file: string): Promise<{ stream: WavStream } | { error: BilingualMessage }> {
  try {
    return { stream: await openWavStream(file) };
  } catch (error) {
    if (error instanceof UnreadableAudioError) return { error: error.reason };
    if (error instanceof NotAudioError) {
      const name = basename(file);
      return {
        error: {
          en:
            `${name} is not a WAV audio file this app can read — convert it first, e.g. \`sox in.mp3 -r ` +
            `16000 -c 1 out.wav\`.`,
          fa: `«${name}» فایل صوتی WAV خوانا نیست؛ اول تبدیلش کنید، مثلاً با ‎sox in.mp3 -r 16000 -c 1 out.wav‎.`,
        },
      };
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      return {
        error: { en: `file not found: ${file} — check the path.`, fa: `فایل «${file}» پیدا نشد؛ مسیر را بررسی کنید.` },
      };
    if (code === 'EISDIR')
      return { error: { en: `${file} is a folder, not a WAV file.`, fa: `«${file}» پوشه است، نه فایل WAV.` } };
    if (code === undefined) throw error;
    return {
      error: {
        en: `cannot read ${file} (${code}) — check its permissions.`,
        fa: `خواندن «${file}» ممکن نشد (${code})؛ دسترسی فایل را بررسی کنید.`,
      },
    };
  }
}

function fail(io: CliIo, message: BilingualMessage): number {
  printError(io, message);
  return 1;
}

const MISSING_KEY: BilingualMessage = {
  en: 'no API key: set OPENAI_API_KEY (or --base-url for a local OpenAI-compatible server).',
  fa: 'کلید API تنظیم نشده است؛ متغیر OPENAI_API_KEY را تنظیم کنید (یا برای سرور محلی ‎--base-url‎ بدهید).',
};

function keptInSpool(count: number, root: string): BilingualMessage {
  return {
    en:
      `${count} chunk(s) could not be transcribed and are kept in ${root}; run \`sokhan spool retry\` to ` +
      'send them again.',
    fa: `${count} تکه رونویسی نشد و در ${root} نگه داشته شد؛ برای ارسال دوباره ‎sokhan spool retry‎ را اجرا کنید.`,
  };
}

function failureReason(failure: { index: number; code: string; detail?: string; retrying: boolean }): BilingualMessage {
  const why = failure.detail ? `${failure.code}: ${failure.detail}` : failure.code;
  return {
    en: `chunk ${failure.index + 1} failed (${why})${failure.retrying ? '; trying again' : ''}.`,
    fa: `تکهٔ ${failure.index + 1} ناموفق بود (${why})${failure.retrying ? '؛ دوباره تلاش می‌شود' : ''}.`,
  };
}

function waitingMessage(inFlight: number, graceMs: number): BilingualMessage {
  const seconds = Math.round(graceMs / 1000);
  return {
    en:
      `stopping: nothing new is sent; waiting up to ${seconds} s for ${inFlight} request(s) already sent ` +
      '(their answers are paid for). Press Ctrl-C again to quit now; unsent chunks stay in the spool either ' +
      'way.',
    fa:
      `در حال توقف: چیز تازه‌ای فرستاده نمی‌شود؛ تا ${seconds} ثانیه منتظر پاسخ ${inFlight} درخواستِ ` +
      'فرستاده‌شده می‌مانیم (هزینه‌شان پرداخت شده است). برای خروج فوری دوباره Ctrl-C بزنید؛ تکه‌های ' +
      'فرستاده‌نشده در هر حال در صف می‌مانند.',
  };
}

function interruptedMessage(waiting: number, root: string): BilingualMessage {
  return {
    en: `stopped: ${waiting} chunk(s) wait in the spool (${root}); run \`sokhan spool retry\` to transcribe them.`,
    fa: `متوقف شد: ${waiting} تکه در صف (${root}) منتظر است؛ برای رونویسی‌شان ‎sokhan spool retry‎ را اجرا کنید.`,
  };
}

function shutdownMessage(
  model: string,
  on: string,
  daysLeft: number,
  replacement: string | undefined,
): BilingualMessage {
  const next = replacement ?? 'gpt-transcribe';
  return {
    en: `${model} shuts down on ${on} (${daysLeft} days left); switch with \`sokhan config set model ${next}\`.`,
    fa: `مدل ${model} در ${on} از کار می‌افتد (${daysLeft} روز مانده)؛ با ‎sokhan config set model ${next}‎ عوض کنید.`,
  };
}
