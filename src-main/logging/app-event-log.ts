import type { AppEvent } from '../../src-shared/app-contract/events';
import type { Logger } from '../../src-shared/log-line';
import { microsToUsd } from '../../src-shared/money';

/**
 * Logs what the app core tells its hosts, as a person debugging would need it: state changes, each chunk's status,
 * cost and attempt, errors and budget warnings by code. Never the text (chunk and transcript events carry it; only
 * its length is kept), never the usage summary (it is in the ledger already), never the ten-a-second level meter.
 */
export function logAppEvent(log: Logger, event: AppEvent): void {
  switch (event.type) {
    case 'state':
      log.log(event.state === 'error' ? 'warn' : 'info', 'state', {
        state: event.state,
        session: event.sessionId,
        code: event.error?.code,
      });
      return;
    case 'chunk':
      // 'queued' and 'sending' are the busy steps; their end ('ok', 'failed', …) is what a bug report needs.
      log.log(chunkLevel(event.status), 'chunk', {
        session: event.sessionId,
        index: event.index,
        status: event.status,
        audioMs: event.endMs - event.startMs,
        attempt: event.attempt,
        costUsd: microsToUsd(event.costMicros),
        chars: [...event.text].length,
        code: event.error?.code,
      });
      return;
    case 'stats':
      return;
    case 'warning':
      log.log('warn', 'budget.warning', {
        scope: event.scope,
        level: event.level,
        spentUsd: microsToUsd(event.spentMicros),
        limitUsd: microsToUsd(event.limitMicros),
      });
      return;
    case 'error':
      log.log('error', 'error', { code: event.code, session: event.sessionId });
      return;
    case 'request':
      log.log('info', 'request', { action: event.action });
      return;
    case 'transcript':
      log.log('info', 'transcript', { session: event.sessionId, chars: [...event.text].length });
      return;
    case 'usage':
    case 'level':
      return;
  }
}

function chunkLevel(status: string): 'debug' | 'info' | 'warn' {
  if (status === 'queued' || status === 'sending') return 'debug';
  return status === 'failed' || status === 'blocked' ? 'warn' : 'info';
}
