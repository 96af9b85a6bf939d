import * as fs from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { microsToUsd, formatUsd } from '../../../src-shared/money';
import { estimateCostMicros } from '../../../src-shared/pricing/catalogue';
import type { Counter } from '../../../src-shared/usage/counter';
import { parseExport, toCsvExport, toJsonExport } from '../../../src-shared/usage/export-format';
import { readLegacyMeter } from '../../../src-shared/usage/legacy-import';
import type { ResetPeriod } from '../../../src-shared/usage/ledger-record';
import { dayStartMs, isDayKey, isValidTimeZone, systemTimeZone } from '../../../src-shared/usage/periods';
import {
  costOnEachModel,
  mostExpensiveSessions,
  usageByDay,
  usageByModel,
  type UsageSnapshot,
} from '../../../src-shared/usage/views';
import { openSettingsStore } from '../../settings/settings-store';
import { UsageStorageError } from '../../usage/storage-error';
import { openUsageMeter, type UsageMeter } from '../../usage/usage-meter';
import { parseArgs, stringFlag, UsageError } from '../args';
import type { CliCommand, CliIo } from '../cli-io';
import { printError, printWarning } from '../messages';

const BOOLEAN_FLAGS = new Set(['json', 'delete', 'yes']);
const PERIODS: readonly ResetPeriod[] = ['day', 'week', 'month', 'all'];

/** The `usage --json` counter shape. */
export interface CounterJson {
  requests: number;
  failedRequests: number;
  audioMs: number;
  billedSeconds: number;
  /** Charged, plus the estimate for requests of unknown outcome (what budgets count). */
  costUsd: number;
  /** Requests sent whose answer never came (timeout, cut connection, kill): maybe charged. */
  unknownRequests: number;
  /** The part of costUsd that is the estimate for those requests. */
  unknownCostUsd: number;
}

function counterJson(c: Counter): CounterJson {
  return {
    requests: c.requests,
    failedRequests: c.failedRequests,
    audioMs: c.audioMs,
    billedSeconds: c.billedSeconds,
    costUsd: microsToUsd(c.costMicros),
    unknownRequests: c.unknownRequests,
    unknownCostUsd: microsToUsd(c.unknownCostMicros),
  };
}

/** The exact `usage --json` object: `{ today, week, month, total, budget, warnings }`. */
export function usageJson(s: UsageSnapshot) {
  const standing = (b: UsageSnapshot['budget']['daily']) =>
    b && {
      limitUsd: microsToUsd(b.limitMicros),
      spentUsd: microsToUsd(b.spentMicros),
      reservedUsd: microsToUsd(b.reservedMicros),
      percentUsed: b.percentUsed,
    };
  return {
    today: counterJson(s.counters.today),
    week: counterJson(s.counters.week),
    month: counterJson(s.counters.month),
    total: counterJson(s.counters.total),
    budget: {
      daily: standing(s.budget.daily),
      monthly: standing(s.budget.monthly),
      warnPercent: s.budget.warnPercent,
      sessionWarnUsd: s.budget.sessionWarnMicros === null ? null : microsToUsd(s.budget.sessionWarnMicros),
      blockAtLimit: s.budget.blockAtLimit,
      forecast: {
        monthEndUsd: microsToUsd(s.forecast.monthEndMicros),
        dailyAverageUsd: microsToUsd(s.forecast.dailyAverageMicros),
        basisDays: s.forecast.basisDays,
      },
    },
    warnings: s.warnings.map((w) => ({
      scope: w.scope,
      level: w.level,
      spentUsd: microsToUsd(w.spentMicros),
      limitUsd: microsToUsd(w.limitMicros),
      message: w.message,
    })),
  };
}

function duration(ms: number): string {
  const total = Math.floor(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0
    ? `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`
    : `${m}:${String(s).padStart(2, '0')}`;
}

function change(p: number | null): string {
  if (p === null) return '';
  return p === 0 ? '  (= prev)' : `  (${p > 0 ? '+' : ''}${p}% vs prev)`;
}

function humanUsage(s: UsageSnapshot): string {
  const rows: Array<[string, Counter, number | null]> = [
    ['امروز  Today     ', s.counters.today, s.previous.day.costChangePercent],
    ['این هفته This week', s.counters.week, s.previous.week.costChangePercent],
    ['این ماه This month', s.counters.month, s.previous.month.costChangePercent],
    ['کل    All time  ', s.counters.total, null],
  ];
  const out = [
    'سخن‌نگار — کارکرد | SokhanNegar usage',
    '',
    '                    requests  failed     audio   billed s        cost',
  ];
  for (const [label, c, p] of rows) {
    out.push(
      `${label}  ${String(c.requests).padStart(8)}  ${String(c.failedRequests).padStart(6)}  ${duration(c.audioMs).padStart(8)}  ${c.billedSeconds.toFixed(1).padStart(9)}  ${formatUsd(c.costMicros, 'en').padStart(10)}${change(p)}`,
    );
  }
  // Requests whose answer never came are spend until the provider's bill says otherwise: shown apart, never hidden.
  const unknown = s.counters.total.unknownRequests;
  if (unknown > 0) {
    out.push(
      `نتیجهٔ نامعلوم Outcome unknown: ${unknown} request(s) sent with no answer (timeout, cut connection, stop), estimated ${formatUsd(s.counters.total.unknownCostMicros, 'en')} — included in the cost above and counted against budgets; check your provider's bill.`,
    );
  }
  out.push('');
  const budgetLine = (name: string, b: UsageSnapshot['budget']['daily']) =>
    b
      ? `${name}: ${formatUsd(b.spentMicros, 'en')} of ${formatUsd(b.limitMicros, 'en')} (${b.percentUsed}% used)${b.reservedMicros ? `, ${formatUsd(b.reservedMicros, 'en')} held for requests in flight` : ''}`
      : `${name}: none set (sokhan config set ${name.startsWith('بودجهٔ روزانه') ? 'budget.dailyUsd' : 'budget.monthlyUsd'} 5)`;
  out.push(budgetLine('بودجهٔ روزانه Daily budget', s.budget.daily));
  out.push(budgetLine('بودجهٔ ماهانه Monthly budget', s.budget.monthly));
  out.push(
    `Warn at ${s.budget.warnPercent}%; per-session warning ${s.budget.sessionWarnMicros === null ? 'off' : formatUsd(s.budget.sessionWarnMicros, 'en')}; block at limit ${s.budget.blockAtLimit ? 'on' : 'off'}`,
  );
  out.push(
    `پیش‌بینی پایان ماه Month-end forecast: ${formatUsd(s.forecast.monthEndMicros, 'en')} (average ${formatUsd(s.forecast.dailyAverageMicros, 'en')}/day over ${s.forecast.basisDays} day(s))`,
  );
  const resets = Object.entries(s.resets).map(([p, at]) => `${p} ${new Date(at).toISOString()}`);
  if (resets.length > 0) out.push(`Counters reset: ${resets.join(', ')}`);
  return `${out.join('\n')}\n`;
}

function usageSettings(io: CliIo) {
  const settings = openSettingsStore(io.dataDir).read();
  return {
    budget: settings.budget,
    weekStartsOn: settings.weekStartsOn,
    calendar: settings.calendar,
    customPricePerMinuteUsd: settings.customPricePerMinuteUsd,
  };
}

function timeZoneOf(io: CliIo): string {
  const tz = io.env.TZ;
  return tz && isValidTimeZone(tz) ? tz : systemTimeZone();
}

async function withMeter(io: CliIo, fn: (meter: UsageMeter) => Promise<number>): Promise<number> {
  const meter = await openUsageMeter({
    dataDir: io.dataDir,
    settings: usageSettings(io),
    source: 'cli',
    now: () => io.now(),
    timeZone: timeZoneOf(io),
  });
  try {
    const code = await fn(meter);
    for (const n of meter.notices()) printWarning(io, n.message);
    return code;
  } finally {
    await meter.close();
  }
}

function dayFlag(value: string | undefined, name: string): string | undefined {
  if (value !== undefined && !isDayKey(value))
    throw new UsageError(`--${name} must be a date like 2025-03-21 (YYYY-MM-DD)`);
  return value;
}

const USAGE_TEXT =
  'usage [--json] | usage reset --period day|week|month|all | usage export --format csv|json [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--out FILE] | usage import FILE | usage import-legacy [PATH] | usage history [--days 30|90|365] [--json] | usage history --delete --yes';

async function show(io: CliIo, json: boolean): Promise<number> {
  return withMeter(io, async (meter) => {
    const snap = await meter.snapshot();
    io.stdout.write(json ? `${JSON.stringify(usageJson(snap))}\n` : humanUsage(snap));
    for (const w of snap.warnings) printWarning(io, w.message);
    return 0;
  });
}

async function history(io: CliIo, days: number, json: boolean): Promise<number> {
  return withMeter(io, async (meter) => {
    const now = io.now();
    const today = meter.dayOf(now);
    const state = meter.state();
    const from = usageByDay(state, today, days)[0].day;
    const records = await meter.records({ from, to: today });
    const report = {
      days,
      byDay: usageByDay(state, today, days),
      byModel: usageByModel(state, today, days),
      mostExpensiveSessions: mostExpensiveSessions(records, 10),
      sameAudioOnEachModel: costOnEachModel(records),
    };
    if (json) {
      io.stdout.write(`${JSON.stringify(report)}\n`);
      return 0;
    }
    const out = [`Last ${days} days | ${days} روز گذشته`, '', 'By model | به تفکیک مدل:'];
    for (const m of report.byModel)
      out.push(
        `  ${m.model.padEnd(26)} ${String(m.usage.requests).padStart(7)} req  ${duration(m.usage.audioMs).padStart(9)}  ${formatUsd(m.usage.costMicros, 'en')}`,
      );
    out.push('', 'Same audio on each model | همین صدا روی هر مدل:');
    for (const m of report.sameAudioOnEachModel)
      out.push(
        `  ${m.model.padEnd(26)} ${formatUsd(m.costMicros, 'en').padStart(10)}${m.changePercent === null ? '' : `  (${m.changePercent > 0 ? '+' : ''}${m.changePercent}%)`}`,
      );
    out.push('', 'Most expensive sessions | پرهزینه‌ترین جلسه‌ها:');
    for (const s of report.mostExpensiveSessions)
      out.push(
        `  ${new Date(s.startedAt).toISOString()}  ${s.sessionId.padEnd(20)} ${String(s.requests).padStart(4)} req  ${formatUsd(s.costMicros, 'en')}`,
      );
    out.push('', 'By day | روزانه:');
    for (const d of report.byDay.filter((d) => d.usage.requests > 0 || d.usage.costMicros > 0))
      out.push(`  ${d.day}  ${String(d.usage.requests).padStart(6)} req  ${formatUsd(d.usage.costMicros, 'en')}`);
    io.stdout.write(`${out.join('\n')}\n`);
    return 0;
  });
}

async function exportUsage(
  io: CliIo,
  format: string,
  from: string | undefined,
  to: string | undefined,
  out: string | undefined,
): Promise<number> {
  return withMeter(io, async (meter) => {
    const records = await meter.records({ from, to });
    const text =
      format === 'json'
        ? toJsonExport(records, { exportedAt: io.now(), timeZone: meter.timeZone, from: from ?? null, to: to ?? null })
        : toCsvExport(records, meter.dayOf);
    if (out) {
      const tmp = `${out}.tmp-${process.pid}`;
      fs.writeFileSync(tmp, text);
      fs.renameSync(tmp, out);
      io.stderr.write(
        `sokhan: exported ${records.length} record(s) to ${out} | ${records.length} رکورد در ${out} ذخیره شد\n`,
      );
    } else io.stdout.write(text);
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

async function importExport(io: CliIo, file: string): Promise<number> {
  const text = readText(io, file);
  if (text === null) return 1;
  const parsed = parseExport(text, io.now());
  if (!parsed.ok) {
    printError(io, parsed.message);
    return 1;
  }
  return withMeter(io, async (meter) => {
    const { added, duplicates } = await meter.importRecords(parsed.records);
    io.stdout.write(
      `Imported ${added} record(s); ${duplicates} already present were skipped${parsed.skipped ? `; ${parsed.skipped} unreadable row(s) ignored` : ''}.\n` +
        `${added} رکورد وارد شد؛ ${duplicates} رکورد تکراری نادیده گرفته شد.\n`,
    );
    return 0;
  });
}

async function importLegacy(io: CliIo, file: string): Promise<number> {
  const text = readText(io, file);
  if (text === null) return 1;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    data = null;
  }
  const tz = timeZoneOf(io);
  const mtime = fs.statSync(file).mtimeMs;
  const result = readLegacyMeter(data, {
    dayToAt: (day) => dayStartMs(day, tz) + 12 * 3_600_000,
    fallbackAt: Math.round(mtime),
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
      `Imported the old app's meter: ${minutes} min (${s.days} dated day(s), ${s.undatedMinutes.toFixed(2)} min without a date), ` +
        `${s.failedAttempts} failed attempt(s), priced as whisper-1 = ${formatUsd(s.costMicros, 'en')}. ${added} record(s) added, ${duplicates} already imported.\n` +
        `The old app kept only minutes, not single requests, so request counts for that period are unknown.\n` +
        `کارکرد نسخهٔ قدیمی وارد شد: ${minutes} دقیقه، با قیمت whisper-1 برابر ${formatUsd(s.costMicros, 'fa')}. نسخهٔ قدیمی فقط دقیقه‌ها را نگه می‌داشت، پس تعداد درخواست‌های آن دوره معلوم نیست.\n`,
    );
    return 0;
  });
}

/** `sokhan usage …`: counters, resets, export/import, legacy import and history. */
export const runUsageCommand: CliCommand = async (words, io) => {
  const args = parseArgs(words, BOOLEAN_FLAGS);
  const [sub, ...rest] = args.positionals;
  const json = args.flags.get('json') === true;
  try {
    switch (sub) {
      case undefined:
        return await show(io, json);
      case 'reset': {
        const period = stringFlag(args, 'period') ?? rest[0];
        if (!PERIODS.includes(period as ResetPeriod))
          throw new UsageError(`usage reset --period day|week|month|all\n${USAGE_TEXT}`);
        return await withMeter(io, async (meter) => {
          await meter.reset(period as ResetPeriod);
          io.stdout.write(
            `The ${period === 'all' ? 'all-time and every other' : period} counter was reset; history is kept in the ledger and in exports.\nشمارندهٔ ${period} صفر شد؛ سابقه در دفتر کارکرد و خروجی‌ها می‌ماند.\n`,
          );
          return 0;
        });
      }
      case 'export': {
        const format = stringFlag(args, 'format');
        if (format !== 'csv' && format !== 'json')
          throw new UsageError(`usage export needs --format csv|json\n${USAGE_TEXT}`);
        const from = dayFlag(stringFlag(args, 'from'), 'from');
        const to = dayFlag(stringFlag(args, 'to'), 'to');
        return await exportUsage(io, format, from, to, stringFlag(args, 'out'));
      }
      case 'import':
        if (rest.length !== 1) throw new UsageError(`usage import FILE\n${USAGE_TEXT}`);
        return await importExport(io, rest[0]);
      case 'import-legacy': {
        if (rest.length > 1) throw new UsageError(`usage import-legacy [PATH]\n${USAGE_TEXT}`);
        const home = io.env.HOME && io.env.HOME !== '' ? io.env.HOME : homedir();
        return await importLegacy(io, rest[0] ?? path.join(home, '.sokhan_negar', 'usage_data.json'));
      }
      case 'history': {
        if (args.flags.get('delete') === true) {
          if (args.flags.get('yes') !== true) {
            printError(io, {
              en: 'this deletes ALL usage history (the ledger and every counter) and cannot be undone. Export it first if you may need it, then run: sokhan usage history --delete --yes',
              fa: 'این کار همهٔ سابقهٔ کارکرد (دفتر و همهٔ شمارنده‌ها) را برای همیشه پاک می‌کند. اگر لازمش دارید اول خروجی بگیرید، سپس اجرا کنید: sokhan usage history --delete --yes',
            });
            return 2;
          }
          return await withMeter(io, async (meter) => {
            await meter.deleteHistory();
            io.stdout.write('Usage history deleted. | سابقهٔ کارکرد پاک شد.\n');
            return 0;
          });
        }
        const daysText = stringFlag(args, 'days') ?? '30';
        if (!['30', '90', '365'].includes(daysText))
          throw new UsageError(`--days must be 30, 90 or 365\n${USAGE_TEXT}`);
        return await history(io, Number(daysText), json);
      }
      default:
        throw new UsageError(`unknown usage subcommand "${sub}"\n${USAGE_TEXT}`);
    }
  } catch (error) {
    if (error instanceof UsageStorageError) {
      printError(io, error.bilingual);
      return 1;
    }
    if (error instanceof UsageError) {
      io.stderr.write(
        `sokhan usage: ${error.message.includes(USAGE_TEXT) ? error.message : `${error.message}\n${USAGE_TEXT}`}\n`,
      );
      return 2;
    }
    throw error;
  }
};
