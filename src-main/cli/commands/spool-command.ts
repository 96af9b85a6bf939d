import { dataFolderProblem, dataFolderReadProblem } from '../../fs/data-folder-check';
import { openDictationServices } from '../../pipeline/dictation-services';
import { recoverDataFolderJournals } from '../../pipeline/journal-recovery';
import { Spool, type SpoolEntry } from '../../pipeline/spool';
import { join } from 'node:path';
import { parseArgs, stringFlag, UsageError } from '../args';
import { effectiveSettings } from '../effective-settings';
import type { CliCommand } from '../cli-io';
import { printError, printWarning } from '../messages';

const BOOLEAN_FLAGS = new Set(['json', 'yes']);
const KNOWN_FLAGS = new Set(['json', 'yes', 'base-url']);

/**
 * `sokhan spool list|retry|discard`: chunks that could not be transcribed (network down, budget reached, server
 * errors) wait in the spool; this shows them, sends them again, or — only when asked explicitly — deletes them.
 */
export const runSpoolCommand: CliCommand = async (words, io) => {
  const args = parseArgs(words, BOOLEAN_FLAGS);
  for (const flag of args.flags.keys()) if (!KNOWN_FLAGS.has(flag)) throw new UsageError(`unknown option --${flag}`);
  const [action = 'list'] = args.positionals;
  // A data folder that is a file would otherwise read as an empty spool: "every chunk transcribed" would be untrue.
  const unreadable = await dataFolderReadProblem(io.dataDir);
  if (unreadable) {
    printError(io, unreadable);
    return 1;
  }
  // Audio a crashed dictation journaled but never spooled is listed, retried and discarded like any chunk.
  const recovered = await recoverDataFolderJournals(io.dataDir);
  if (recovered) printWarning(io, recovered);
  const spool = new Spool(join(io.dataDir, 'spool'));
  const entries = await spool.list();

  if (action === 'list') {
    if (args.flags.get('json') === true) {
      io.stdout.write(`${JSON.stringify(entries.map((e) => ({ ...e.meta, wavPath: e.wavPath })))}\n`);
    } else if (entries.length === 0) {
      io.stdout.write('spool is empty — every recorded chunk has been transcribed. | همهٔ تکه‌ها رونویسی شده‌اند.\n');
    } else {
      for (const entry of entries) {
        const { meta } = entry;
        const error = meta.lastError ? ` ${meta.lastError.code}` : '';
        const recorded = [meta.model, meta.language].filter(Boolean).join(' ');
        const owner = (await spool.ownedElsewhere(entry)) ? ' (being sent by another process)' : '';
        io.stdout.write(
          `${meta.sessionId} #${meta.index} ${meta.startMs}-${meta.endMs} ms ${meta.status}${error} ` +
            `${recorded}${owner}\n`,
        );
      }
    }
    return 0;
  }

  if (action === 'retry') {
    if (entries.length === 0) {
      io.stdout.write('nothing to retry. | چیزی برای ارسال دوباره نیست.\n');
      return 0;
    }
    // The same endpoint, proxy and key as `transcribe` would use now: never a default server the person did not choose.
    const settings = effectiveSettings(io, { baseUrl: stringFlag(args, 'base-url') });
    if ('error' in settings) {
      printError(io, settings.error);
      return 1;
    }
    const folderProblem = await dataFolderProblem(io.dataDir);
    if (folderProblem) {
      printError(io, folderProblem);
      return 1;
    }
    const services = await openDictationServices({
      dataDir: io.dataDir,
      settings: settings.value,
      apiKey: io.env.OPENAI_API_KEY ?? '',
      source: 'cli',
      now: io.now,
      env: io.env,
    });
    try {
      // One session per recorded session: chunk numbers are only unique within the dictation they came from.
      const bySession = new Map<string, SpoolEntry[]>();
      for (const entry of entries)
        bySession.set(entry.meta.sessionId, [...(bySession.get(entry.meta.sessionId) ?? []), entry]);
      let sent = 0;
      let stillSpooled = 0;
      let skipped = 0;
      for (const group of bySession.values()) {
        const session = services.newSession();
        session.addSpooled(group);
        const result = await session.finish();
        sent += result.chunks.filter((c) => c.status === 'ok' || c.status === 'dropped').length;
        stillSpooled += result.spooled;
        skipped += result.ownedElsewhere;
        if (result.text) io.stdout.write(`${result.text}\n`);
        if (result.stoppedBy) {
          printError(io, result.stoppedBy.message);
          return 3;
        }
      }
      io.stderr.write(
        `sokhan: ${sent} of ${entries.length} chunk(s) transcribed; their text is in ${services.transcripts.root}\n`,
      );
      if (skipped > 0) {
        // Another `spool retry` or the app is sending these: sending them here too would pay twice.
        printWarning(io, {
          en: `${skipped} chunk(s) are being sent by another process (the app or another command) and were left to it.`,
          fa: `${skipped} تکه را برنامهٔ دیگری در حال ارسال است و به همان واگذار شد.`,
        });
      }
      if (stillSpooled > 0) {
        printWarning(io, {
          en: `${stillSpooled} chunk(s) are still in the spool.`,
          fa: `${stillSpooled} تکه هنوز در صف مانده است.`,
        });
        return 4;
      }
      return 0;
    } finally {
      await services.close();
    }
  }

  if (action === 'discard') {
    if (args.flags.get('yes') !== true) {
      printError(io, {
        en: `this deletes ${entries.length} untranscribed chunk(s) of recorded speech for good; add --yes to confirm.`,
        fa: `این کار ${entries.length} تکهٔ رونویسی‌نشده را برای همیشه پاک می‌کند؛ برای تأیید ‎--yes‎ را اضافه کنید.`,
      });
      return 2;
    }
    let discarded = 0;
    for (const entry of entries) if (await spool.discard(entry)) discarded += 1;
    io.stdout.write(`discarded ${discarded} chunk(s).\n`);
    const kept = entries.length - discarded;
    if (kept > 0) {
      // A running dictation or retry owns these: deleting them would lose words it is about to send.
      printWarning(io, {
        en: `${kept} chunk(s) are being sent by another process and were kept.`,
        fa: `${kept} تکه را برنامهٔ دیگری در حال ارسال است و نگه داشته شد.`,
      });
    }
    return 0;
  }
  throw new UsageError(`unknown spool action "${action}"`);
};
