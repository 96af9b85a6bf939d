import { memo, useLayoutEffect, useRef } from 'react';
import type { ChunkRef } from '../../src-shared/app-contract/commands';
import type { SessionView } from './dictation-state';
import { useI18n } from './i18n';
import { ChunkBlock } from './ChunkBlock';

interface Handlers {
  spokenRtl: boolean;
  onRetry(ref: ChunkRef): void;
  onSendAnyway(ref: ChunkRef): void;
}

/** One dictation's chunks in spoken order; memoised so finished dictations do not re-render. */
const SessionBlock = memo(function SessionBlock({
  session,
  spokenRtl,
  onRetry,
  onSendAnyway,
}: { session: SessionView } & Handlers) {
  const { t, fmt } = useI18n();
  const title = t.dictationTitle(fmt.number(session.ordinal));
  return (
    <section className="dictation" aria-label={title}>
      <h3 className="dictation-title">
        {title}
        {session.startedAt !== null && (
          <>
            {' · '}
            <time dateTime={new Date(session.startedAt).toISOString()}>{fmt.time(session.startedAt)}</time>
          </>
        )}
      </h3>
      {session.chunks.map((chunk) => (
        <ChunkBlock
          key={`${chunk.sessionId}:${chunk.index}`}
          chunk={chunk}
          spokenRtl={spokenRtl}
          onRetry={onRetry}
          onSendAnyway={onSendAnyway}
        />
      ))}
    </section>
  );
});

/** How close to the bottom still counts as "following the text". */
const FOLLOW_SLACK_PX = 48;

/** The live transcript: text appears while the person speaks, grouped by dictation. */
export const TranscriptLog = memo(function TranscriptLog({
  sessions,
  spokenRtl,
  onRetry,
  onSendAnyway,
}: { sessions: readonly SessionView[] } & Handlers) {
  const { t } = useI18n();
  const box = useRef<HTMLDivElement>(null);
  const following = useRef(true);

  // New text scrolls into view unless the person scrolled up to read something earlier.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the sessions are the trigger (new text), not an input.
  useLayoutEffect(() => {
    const element = box.current;
    if (element && following.current) element.scrollTop = element.scrollHeight;
  }, [sessions]);

  return (
    <div
      ref={box}
      className="log"
      role="log"
      aria-live="polite"
      aria-label={t.transcript}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable log must be reachable by keyboard to scroll it.
      tabIndex={0}
      onScroll={(event) => {
        const element = event.currentTarget;
        following.current = element.scrollHeight - element.scrollTop - element.clientHeight < FOLLOW_SLACK_PX;
      }}
    >
      {sessions.length === 0 ? (
        <p className="log-empty">{t.transcriptEmpty}</p>
      ) : (
        sessions.map((session) => (
          <SessionBlock
            key={session.sessionId}
            session={session}
            spokenRtl={spokenRtl}
            onRetry={onRetry}
            onSendAnyway={onSendAnyway}
          />
        ))
      )}
    </div>
  );
});
