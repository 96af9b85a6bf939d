import { memo, useState } from 'react';
import type { ChunkRef } from '../../src-shared/app-contract/commands';
import type { ChunkView } from './dictation-state';
import { useI18n } from './i18n';
import { WAITING_FOR_NETWORK } from '../../src-shared/app-contract/waiting-audio';
import { spoolStrings } from './spool-strings';

/** Strong direction marks: a placeholder has no letters, so dir="auto" needs one to sit where the text will. */
const RLM = '\u200f';
const LRM = '\u200e';

interface Props {
  chunk: ChunkView;
  /** The dictation language is written right to left (Persian): placeholders sit on the right. */
  spokenRtl: boolean;
  onRetry(ref: ChunkRef): void;
  onSendAnyway(ref: ChunkRef): void;
}

/**
 * One chunk of speech in the transcript. Memoised: a chunk re-renders only when its own event replaces it, so a
 * thousand chunks cost nothing when the thousand-and-first arrives.
 */
export const ChunkBlock = memo(function ChunkBlock({ chunk, spokenRtl, onRetry, onSendAnyway }: Props) {
  const { t, lang } = useI18n();
  // Disables the button after a click until the core answers with a newer state for this chunk.
  const [clickedFor, setClickedFor] = useState<ChunkView | null>(null);
  const waiting = clickedFor === chunk;
  const ref: ChunkRef = { sessionId: chunk.sessionId, index: chunk.index };

  switch (chunk.status) {
    case 'queued':
    case 'sending':
      return (
        <p className="chunk chunk-pending" dir="auto" data-status={chunk.status} title={t.chunkPending}>
          {spokenRtl ? RLM : LRM}
          <span aria-hidden="true">…</span>
        </p>
      );
    case 'ok':
      return (
        <p className="chunk chunk-ok" dir="auto" data-status="ok">
          {chunk.text}
        </p>
      );
    case 'dropped':
      return (
        <p className="chunk chunk-dropped" dir="auto" data-status="dropped">
          {t.chunkDropped}
        </p>
      );
    case 'failed':
    case 'blocked': {
      // The network kept it back: the app's resender sends it by itself, so there is nothing to press.
      if (chunk.error?.code === WAITING_FOR_NETWORK)
        return (
          <p className="chunk chunk-waiting" dir="auto" data-status="waiting">
            {spoolStrings(lang).chunkWaiting}
          </p>
        );
      const retry = chunk.status === 'failed';
      return (
        <div className="chunk chunk-problem" dir="auto" data-status={chunk.status}>
          <span className="chunk-error">{chunk.error?.message[lang] ?? ''}</span>
          <button
            type="button"
            className="small"
            disabled={waiting}
            onClick={() => {
              setClickedFor(chunk);
              if (retry) onRetry(ref);
              else onSendAnyway(ref);
            }}
          >
            {retry ? t.retry : t.sendAnyway}
          </button>
        </div>
      );
    }
  }
});
