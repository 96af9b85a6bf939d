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

function csvField(value: string | number | undefined | null): string {
  const text = value === undefined || value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The CSV export: readable columns for spreadsheets, plus the full line as JSON in the last column so the
 * file can be imported back without losing anything.
 */
export function toCsvExport(records: readonly LedgerRecord[], dayOf: (at: number) => string): string {
  const rows = [CSV_COLUMNS.join(',')];
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
      ]
        .map(csvField)
        .join(','),
    );
  }
  return `${rows.join('\r\n')}\r\n`;
}

/** Splits CSV text into rows of fields (RFC 4180 quoting). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      if (row.length > 1 || row[0] !== '') rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Result of reading an export file. */
export type ParsedExport = { ok: true; records: LedgerRecord[]; skipped: number } | { ok: false; message: { fa: string; en: string } };

const NOT_AN_EXPORT = {
  fa: 'این پرونده خروجیِ کارکرد سخن‌نگار نیست (JSON یا CSV ساخته‌شده با «usage export»). پرونده‌ای را که خود برنامه ساخته انتخاب کنید.',
  en: 'This file is not a SokhanNegar usage export (JSON or CSV made by "usage export"). Choose a file the app itself exported.',
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
    const rows = parseCsv(trimmed);
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
