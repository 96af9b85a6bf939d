import { memo, useEffect, useState } from 'react';
import type { StatsEvent } from '../../src-shared/app-contract/events';
import { useI18n } from './i18n';

const TICK_MS = 1000;

/** The clock, while it runs: only this component re-renders each second. */
function useNow(running: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), TICK_MS);
    return () => clearInterval(timer);
  }, [running]);
  return now;
}

function Stat({ label, id, value, wide }: { label: string; id: string; value: string; wide?: boolean }) {
  return (
    <div className={`stat${wide ? ' stat-main' : ''}`}>
      <dt>{label}</dt>
      <dd data-testid={`stat-${id}`}>
        <bdi>{value}</bdi>
      </dd>
    </div>
  );
}

/** This dictation's numbers, live: time, speech sent, requests, words, cost and the last request's latency. */
export const SessionStats = memo(function SessionStats({
  stats,
  running,
}: {
  stats: StatsEvent | null;
  running: boolean;
}) {
  const { t, fmt } = useI18n();
  const now = useNow(running && stats !== null);
  const none = t.noValue;
  // Between stats events the clock still moves: count from the core's start time while recording.
  const elapsed = stats ? (running ? Math.max(stats.elapsedMs, now - stats.startedAt) : stats.elapsedMs) : null;
  const requests = stats
    ? stats.failedRequests > 0
      ? `${fmt.number(stats.requests)} (${t.statFailed(fmt.number(stats.failedRequests))})`
      : fmt.number(stats.requests)
    : none;
  return (
    <section className="stats" aria-label={t.sessionStats}>
      <dl>
        <Stat label={t.statCost} id="cost" value={stats ? fmt.money(stats.costMicros) : fmt.money(0)} wide />
        <Stat label={t.statElapsed} id="elapsed" value={elapsed === null ? none : fmt.clock(elapsed)} />
        <Stat label={t.statSpeech} id="speech" value={stats ? fmt.seconds(stats.sentAudioMs) : none} />
        <Stat label={t.statRequests} id="requests" value={requests} />
        <Stat label={t.statWords} id="words" value={stats ? fmt.number(stats.words) : none} />
        <Stat
          label={t.statLatency}
          id="latency"
          value={stats?.lastLatencyMs != null ? fmt.milliseconds(stats.lastLatencyMs) : none}
        />
      </dl>
    </section>
  );
});
