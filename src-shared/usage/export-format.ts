import { parse } from 'csv-parse/browser/esm/sync';
import { stringify } from 'csv-stringify/browser/esm/sync';
import { importProblem, refusedImportMessage } from './import-check';
import { isLedgerRecord, type LedgerRecord } from './ledger-record';

/** Marks our JSON exports so an import can tell them from any other JSON file. */
export const EXPORT_FORMAT = 'sokhan-negar-usage-export';

/** The JSON export file. */
export interface UsageExport {
  format: typeof EXPORT_FORMAT;
  version: 1;
  exportedAt: string;
  timeZone: string;
  from: string | null;
  to: string | null;
  records: LedgerRecord[];
}

/** Lines that belong in an export: usage, sessions, resets and warnings — not transient budget holds. */
export function isExportable(record: LedgerRecord): boolean {
  return record.kind !== 'reservation' && record.kind !== 'release';
}

/** Integer micro-dollars as an exact decimal dollar string ("0.006000"). */
export function microsToDecimal(micros: number): string {
  const sign = micros < 0 ? '-' : '';
  const digits = String(Math.abs(micros)).padStart(7, '0');
  return `${sign}${digits.slice(0, -6)}.${digits.slice(-6)}`;
}

/** The JSON export text. */
export function toJsonExport(
  records: readonly LedgerRecord[],
  meta: { exportedAt: number; timeZone: string; from: string | null; to: string | null },
): string {
  const file: UsageExport = {
    format: EXPORT_FORMAT,
    version: 1,
    exportedAt: new Date(meta.exportedAt).toISOString(),
    timeZone: meta.timeZone,
    from: meta.from,
    to: meta.to,
    records: records.filter(isExportable),
  };
  return `${JSON.stringify(file, null, 1)}\n`;
}

const CSV_COLUMNS = [
  'kind',
  'id',
  'time_utc',
  'local_day',
  'session_id',
  'model',
  'provider',
  'outcome',
  'error_code',
  'audio_ms',
  'billed_seconds',
  'cost_micros',
  'cost_usd',
  'request_id',
  'source',
  'record',
] as const;

/**
 * A cell a spreadsheet will not run: text starting with = + - @ (or a tab or carriage return) is a formula to Excel
 * and LibreOffice (OWASP "CSV injection"), and a model name or a server's request id can be anything. A leading
 * apostrophe makes it plain text. The JSON column, which import reads back, starts with "{" and is never touched.
 */
export function spreadsheetSafe(value: string | number | undefined | null): string {
  const text = value === undefined || value === null ? '' : String(value);
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/**
 * The CSV export: readable columns for spreadsheets, plus the full line as JSON in the last column so the
 * file can be imported back without losing anything.
 */
export function toCsvExport(records: readonly LedgerRecord[], dayOf: (at: number) => string): string {
  const rows: unknown[][] = [[...CSV_COLUMNS]];
  for (const r of records) {
    if (!isExportable(r)) continue;
    const req = r.kind === 'request' ? r : null;
    const usage = r.kind === 'request' || r.kind === 'legacy' ? r : null;
    const cost = usage ? usage.costMicros : r.kind === 'session' ? r.costMicros : null;
    rows.push(
      [
        r.kind,
        r.id,
        new Date(r.at).toISOString(),
        dayOf(r.at),
        'sessionId' in r ? r.sessionId : '',
        usage?.model,
        req?.provider,
        req?.outcome,
        req?.errorCode,
        usage ? usage.audioMs : r.kind === 'session' ? r.audioSentMs : '',
        usage?.billedSeconds,
        cost,
        cost === null ? '' : microsToDecimal(cost),
        req?.requestId,
        r.source,
        JSON.stringify(r),
      ].map(spreadsheetSafe),
    );
  }
  return stringify(rows, { record_delimiter: 'windows' });
}

/** Splits CSV text into rows of fields (RFC 4180 quoting), with csv-parse. */
export function parseCsv(text: string): string[][] {
  return parse(text, { relax_column_count: true, skip_empty_lines: true, bom: true }) as string[][];
}

/** Result of reading an export file. */
export type ParsedExport =
  | { ok: true; records: LedgerRecord[]; skipped: number }
  | { ok: false; message: { fa: string; en: string } };

const NOT_AN_EXPORT = {
  fa:
    'این پرونده خروجیِ کارکرد سخن‌نگار نیست (JSON یا CSV ساخته‌شده با «usage export»). پرونده‌ای را که خود ' +
    'برنامه ساخته انتخاب کنید.',
  en:
    'This file is not a SokhanNegar usage export (JSON or CSV made by "usage export"). Choose a file the ' +
    'app itself exported.',
};

/**
 * Reads a JSON or CSV export back into ledger lines. Budget holds are left out; any other line that does not check
 * out (malformed, negative or absurd numbers, dated before 2020 or after `now`) refuses the whole file, naming it.
 */
export function parseExport(text: string, now: number = Date.now()): ParsedExport {
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  let candidates: unknown[];
  /** The file line (CSV) or record number (JSON) of each candidate, for the refusal message. */
  let lineOf: (index: number) => number = (index) => index + 1;
  if (trimmed.startsWith('{')) {
    let data: unknown;
    try {
      data = JSON.parse(trimmed);
    } catch {
      return { ok: false, message: NOT_AN_EXPORT };
    }
    const file = data as Partial<UsageExport>;
    if (file.format !== EXPORT_FORMAT || !Array.isArray(file.records)) return { ok: false, message: NOT_AN_EXPORT };
    candidates = file.records;
  } else {
    let rows: string[][];
    try {
      rows = parseCsv(trimmed);
    } catch {
      // Quoting no CSV writer produces (a stray quote in some other text file): not ours, and not a crash.
      return { ok: false, message: NOT_AN_EXPORT };
    }
    const column = rows[0]?.indexOf('record') ?? -1;
    if (column < 0 || rows[0][0] !== 'kind') return { ok: false, message: NOT_AN_EXPORT };
    lineOf = (index) => index + 2;
    candidates = rows.slice(1).map((row) => {
      try {
        return JSON.parse(row[column] ?? '');
      } catch {
        return null;
      }
    });
  }
  const records: LedgerRecord[] = [];
  for (const [index, candidate] of candidates.entries()) {
    if (isLedgerRecord(candidate) && !isExportable(candidate)) continue;
    const problem = importProblem(candidate, now);
    if (problem) return { ok: false, message: refusedImportMessage(lineOf(index), problem) };
    records.push(candidate as LedgerRecord);
  }
  return { ok: true, records, skipped: candidates.length - records.length };
}
