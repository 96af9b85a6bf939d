import * as fs from 'node:fs';
import { formatUsd } from '../../../../src-shared/money';
import { estimateCostMicros } from '../../../../src-shared/pricing/catalogue';
import { parseExport, toCsvExport, toJsonExport } from '../../../../src-shared/usage/export-format';
import { readLegacyMeter } from '../../../../src-shared/usage/legacy-import';
import { dayStartMs } from '../../../../src-shared/usage/periods';
import { writeFileAtomicSync } from '../../../fs/atomic-write';
import type { CliIo } from '../../cli-io';
import { printError } from '../../messages';
import { timeZoneOf, withMeter } from './with-meter';

// Moving usage in and out of the ledger: `usage export`, `usage import`, `usage import-legacy`.

export interface ExportRequest {
  format: 'csv' | 'json';
  from?: string;
  to?: string;
  /** A file to write (atomically); stdout when absent. */
  out?: string;
}

export async function exportUsage(io: CliIo, request: ExportRequest): Promise<number> {
  const { format, from, to, out } = request;
  return withMeter(io, async (meter) => {
    const records = await meter.records({ from, to });
    const text =
      format === 'json'
        ? toJsonExport(records, { exportedAt: io.now(), timeZone: meter.timeZone, from: from ?? null, to: to ?? null })
        : toCsvExport(records, meter.dayOf);
    if (!out) {
      io.stdout.write(text);
      return 0;
    }
    writeFileAtomicSync(out, text);
    io.stderr.write(
      `sokhan: exported ${records.length} record(s) to ${out} | ${records.length} رکورد در ${out} ذخیره شد\n`,
    );
    return 0;
  });
}

function readText(io: CliIo, file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
    printError(io, {
      en: `cannot read "${file}" (${code}). Check the path and try again.`,
      fa: `پروندهٔ «${file}» خوانده نشد (${code}). مسیر را بررسی کنید و دوباره امتحان کنید.`,
    });
    return null;
  }
}

/** Adds the records of a file `usage export` wrote; records already in the ledger are skipped, not doubled. */
export async function importExportFile(io: CliIo, file: string): Promise<number> {
  const text = readText(io, file);
  if (text === null) return 1;
  const parsed = parseExport(text, io.now());
  if (!parsed.ok) {
    printError(io, parsed.message);
    return 1;
  }
  return withMeter(io, async (meter) => {
    const { added, duplicates } = await meter.importRecords(parsed.records);
    const unreadable = parsed.skipped ? `; ${parsed.skipped} unreadable row(s) ignored` : '';
    io.stdout.write(
      `Imported ${added} record(s); ${duplicates} already present were skipped${unreadable}.\n` +
        `${added} رکورد وارد شد؛ ${duplicates} رکورد تکراری نادیده گرفته شد.\n`,
    );
    return 0;
  });
}

function parseJsonOrNull(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Imports the old Python app's `usage_data.json` (minutes per day, priced as whisper-1, which it used). */
export async function importLegacyFile(io: CliIo, file: string): Promise<number> {
  const text = readText(io, file);
  if (text === null) return 1;
  const tz = timeZoneOf(io);
  const result = readLegacyMeter(parseJsonOrNull(text), {
    // A dated day's minutes are placed at its noon: inside that day in any zone the person may travel to.
    dayToAt: (day) => dayStartMs(day, tz) + 12 * 3_600_000,
    fallbackAt: Math.round(fs.statSync(file).mtimeMs),
    priceMicros: (ms) => estimateCostMicros('whisper-1', ms),
  });
  if (!result.ok) {
    printError(io, result.message);
    return 1;
  }
  return withMeter(io, async (meter) => {
    const { added, duplicates } = await meter.importRecords(result.records);
    const s = result.summary;
    const minutes = (s.datedMinutes + s.undatedMinutes).toFixed(2);
    io.stdout.write(
      `Imported the old app's meter: ${minutes} min (${s.days} dated day(s), ` +
        `${s.undatedMinutes.toFixed(2)} min without a date), ${s.failedAttempts} failed attempt(s), ` +
        `priced as whisper-1 = ${formatUsd(s.costMicros, 'en')}. ` +
        `${added} record(s) added, ${duplicates} already imported.\n` +
        `The old app kept only minutes, not single requests, so request counts for that period are unknown.\n` +
        `کارکرد نسخهٔ قدیمی وارد شد: ${minutes} دقیقه، با قیمت whisper-1 برابر ${formatUsd(s.costMicros, 'fa')}. ` +
        `نسخهٔ قدیمی فقط دقیقه‌ها را نگه می‌داشت، پس تعداد درخواست‌های آن دوره معلوم نیست.\n`,
    );
    return 0;
  });
}
