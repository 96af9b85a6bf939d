import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Spool } from '../../src-main/pipeline/spool';
import { TranscriptStore } from '../../src-main/pipeline/transcript-store';
import { LEDGER_FILE_NAME } from '../../src-main/usage/ledger-file';
import type { ReceivedRequest } from './fake-openai-server';

/** What the books of one data folder and the servers it talked to add up to, and every way they disagree. */
export interface BooksCheck {
  problems: string[];
  /** Request records in the ledger (ok, failed and unknown). */
  records: number;
  okRecords: number;
  unknownRecords: number;
  /** Requests the servers answered with a transcript (and so billed). */
  billedByServer: number;
  /** Chunks with stored text, and chunks still waiting in the spool. */
  transcribed: number;
  pending: number;
}

interface LedgerRequest {
  kind: 'request';
  sessionId: string;
  outcome: 'ok' | 'failed' | 'unknown';
  billedSeconds: number;
  costMicros: number;
  requestId?: string;
}

/**
 * The fault suite's invariants, as a list of what is wrong (empty when all hold), so tests and the many-runs script
 * share them: every chunk of every dictation is transcribed or pending, once, in spoken order; every transcript the
 * server billed is in the ledger once with the seconds the server billed, or, when its answer never arrived, covered
 * by an "outcome unknown" record; failed requests cost nothing.
 */
export async function checkBooks(dataDir: string, served: ReceivedRequest[]): Promise<BooksCheck> {
  const problems: string[] = [];
  const ledgerPath = join(dataDir, LEDGER_FILE_NAME);
  let lines: string[] = [];
  try {
    lines = readFileSync(ledgerPath, 'utf8').split('\n');
  } catch {
    // no ledger: no request was ever recorded
  }
  const requests = lines
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { kind: string })
    .filter((r): r is LedgerRequest => r.kind === 'request');
  const ok = requests.filter((r) => r.outcome === 'ok');
  const unknown = requests.filter((r) => r.outcome === 'unknown');
  const billed = served.filter((r) => r.status === 200);
  const billedById = new Map(billed.map((r) => [r.requestId, r]));
  const seen = new Set<string>();
  for (const record of ok) {
    const answer = record.requestId ? billedById.get(record.requestId) : undefined;
    if (!answer) problems.push(`ledger ok record ${record.requestId} matches no billed server request`);
    else if (record.billedSeconds !== Math.ceil((answer.durationMs ?? 0) / 1000))
      problems.push(`request ${record.requestId}: ledger ${record.billedSeconds} s, server ${answer.durationMs} ms`);
    if (record.requestId && seen.has(record.requestId)) problems.push(`request ${record.requestId} metered twice`);
    if (record.requestId) seen.add(record.requestId);
  }
  const unseen = billed.length - seen.size;
  if (unseen > unknown.length)
    problems.push(`${unseen} billed answer(s) not metered, only ${unknown.length} unknown record(s) cover them`);
  for (const record of requests.filter((r) => r.outcome === 'failed'))
    if (record.costMicros !== 0) problems.push(`failed request charged ${record.costMicros} µ$`);

  const transcripts = new TranscriptStore(join(dataDir, 'transcripts'));
  const spooled = await new Spool(join(dataDir, 'spool')).list();
  const sessions = new Set([...spooled.map((e) => e.meta.sessionId), ...transcriptSessions(dataDir)]);
  let transcribed = 0;
  for (const sessionId of sessions) {
    const stored = await transcripts.read(sessionId);
    const waiting = spooled.filter((e) => e.meta.sessionId === sessionId).map((e) => e.meta);
    transcribed += stored.length;
    const all = [...stored, ...waiting].sort((a, b) => a.index - b.index);
    all.forEach((part, i) => {
      if (part.index !== i) problems.push(`${sessionId}: chunk ${i} missing or kept twice (found #${part.index})`);
      if (i > 0 && part.startMs < all[i - 1].endMs) problems.push(`${sessionId}: chunk #${part.index} out of order`);
    });
    for (const part of stored)
      if (part.status === 'ok' && part.text.trim() === '') problems.push(`${sessionId} #${part.index}: empty text`);
  }
  return {
    problems,
    records: requests.length,
    okRecords: ok.length,
    unknownRecords: unknown.length,
    billedByServer: billed.length,
    transcribed,
    pending: spooled.length,
  };
}

function transcriptSessions(dataDir: string): string[] {
  try {
    return readdirSync(join(dataDir, 'transcripts'))
      .filter((name) => name.endsWith('.jsonl'))
      .map((name) => name.slice(0, -'.jsonl'.length));
  } catch {
    return [];
  }
}

/** A small seeded random (mulberry32): the same seed gives the same kill points and faults on every machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
