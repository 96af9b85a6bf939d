import { memo, useCallback, useEffect, useState } from 'react';
import type { ChunkRef } from '../../src-shared/app-contract/commands';
import type { RecordingState, StatsEvent } from '../../src-shared/app-contract/events';
import { recordStatus, transcriptText, type MicPhase, type RecordStatus, type SessionView } from './dictation-state';
import { useI18n, type Strings } from './i18n';
import { RecordButton } from './RecordButton';
import { SessionStats } from './SessionStats';
import { TranscriptLog } from './TranscriptLog';

const STATUS_TEXT: Record<RecordStatus, keyof Strings & `state${string}`> = {
  idle: 'stateIdle',
  opening: 'stateOpening',
  starting: 'stateStarting',
  listening: 'stateListening',
  stopping: 'stateStopping',
  sending: 'stateSending',
  blocked: 'stateBlocked',
  error: 'stateError',
};

/** How long "copied" stays on screen. */
const COPIED_MS = 2000;

interface Props {
  phase: MicPhase;
  heard: boolean;
  core: RecordingState;
  sessions: readonly SessionView[];
  stats: StatsEvent | null;
  canRecord: boolean;
  /** The dictation language is written right to left. */
  spokenRtl: boolean;
  onToggle(): void;
  onRetry(ref: ChunkRef): void;
  onSendAnyway(ref: ChunkRef): void;
  onClear(): void;
  onCopyFailed(error: unknown): void;
}

/** The record toggle with its state, the session's numbers, and the live transcript with copy and clear. */
export const DictationView = memo(function DictationView(props: Props) {
  const {
    phase,
    heard,
    core,
    sessions,
    stats,
    canRecord,
    spokenRtl,
    onToggle,
    onRetry,
    onSendAnyway,
    onClear,
    onCopyFailed,
  } = props;
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  const status = recordStatus(phase, heard, core);
  const pressed = phase === 'opening' || phase === 'recording';
  const running = phase === 'recording' || core === 'listening' || core === 'starting';

  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), COPIED_MS);
    return () => clearTimeout(timer);
  }, [copied]);

  // Builds the text only when asked: keeping a joined copy up to date would cost O(n) on every chunk event.
  const copyAll = useCallback(async () => {
    try {
      await navigator.clipboard.writeText(transcriptText(sessions));
      setCopied(true);
    } catch (error) {
      onCopyFailed(error);
    }
  }, [sessions, onCopyFailed]);

  const hasText = sessions.some((session) => session.chunks.length > 0);

  return (
    <>
      <section className="card controls">
        <div className="record-area">
          <RecordButton
            pressed={pressed}
            live={status === 'listening'}
            disabled={!canRecord || phase === 'stopping'}
            onPress={onToggle}
            describedBy="record-status"
          />
          <div className="record-status" id="record-status">
            <p className={`status status-${status}`} role="status" data-testid="record-status">
              {t[STATUS_TEXT[status]]}
            </p>
            <p className="status-hint">{pressed ? t.recordHintRecording : t.recordHintIdle}</p>
          </div>
        </div>
        <SessionStats stats={stats} running={running} />
      </section>

      <section className="card transcript">
        <div className="transcript-bar">
          <h2 className="card-title">{t.transcript}</h2>
          <span className="copied" role="status">
            {copied ? t.copied : ''}
          </span>
          <div className="transcript-actions">
            <button type="button" onClick={() => void copyAll()} disabled={!hasText}>
              {t.copyAll}
            </button>
            <button type="button" className="quiet" onClick={onClear} disabled={!hasText}>
              {t.clear}
            </button>
          </div>
        </div>
        <TranscriptLog sessions={sessions} spokenRtl={spokenRtl} onRetry={onRetry} onSendAnyway={onSendAnyway} />
      </section>
    </>
  );
});
