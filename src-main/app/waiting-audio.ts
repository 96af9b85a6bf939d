import { join } from 'node:path';
import type { SpoolCommandResults, WaitingAudioView } from '../../src-shared/app-contract/waiting-audio';
import type { ChunkRef } from '../../src-shared/app-contract/commands';
import type { AppEvent } from '../../src-shared/app-contract/events';
import { usdToMicros } from '../../src-shared/money';
import type { Settings } from '../../src-shared/settings/settings-schema';
import { Spool } from '../pipeline/spool';
import type { RetryOptions } from '../transcription/retry';
import type { UsageMeter } from '../usage/usage-meter';
import type { DictationCoordinator } from './dictation-coordinator';
import { NetworkResender, SYSTEM_CLOCK, type ResenderClock } from './network-resender';
import { SpoolService } from './spool-service';

export interface WaitingAudioOptions {
  dataDir: string;
  meter: UsageMeter;
  settings(): Settings;
  emit(event: AppEvent): void;
  retry?: RetryOptions;
  /** Test seams: the resender's clock, jitter and backoff. */
  clock?: ResenderClock;
  random?: () => number;
  baseDelayMs?: number;
  maxDelayMs?: number;
}

/** The waiting-audio commands' handlers and the resender, wired to the app core's coordinator. */
export interface WaitingAudio {
  readonly resender: NetworkResender;
  /** Call once the coordinator exists: sends go through it, so text lands in each chunk's own dictation. */
  attach(coordinator: DictationCoordinator): void;
  handlers: {
    'spool.list': () => Promise<WaitingAudioView>;
    'spool.send': (payload: { ids: ChunkRef[]; sendAnyway?: boolean }) => Promise<SpoolCommandResults['spool.send']>;
    'spool.discard': (payload: { ids: ChunkRef[] }) => Promise<SpoolCommandResults['spool.discard']>;
  };
  /** A chunk event came by: the waiting list may have changed (told to the window, at most a few times a second). */
  onEvent(event: AppEvent): void;
  close(): void;
}

/** How often at most the window is told the spool changed while chunks come and go. */
const CHANGE_NOTICE_MS = 200;

/** Builds the spool service (list, send, discard) and the network resender for the app core. */
export function openWaitingAudio(options: WaitingAudioOptions): WaitingAudio {
  const clock = options.clock ?? SYSTEM_CLOCK;
  const spool = new Spool(join(options.dataDir, 'spool'));
  let coordinator: DictationCoordinator | null = null;
  let noticeTimer: unknown = null;
  let closed = false;

  const announce = () => {
    if (closed) return;
    options.emit({ type: 'spool', network: resender.view() });
  };
  const soon = () => {
    if (noticeTimer !== null || closed) return;
    noticeTimer = clock.setTimeout(() => {
      noticeTimer = null;
      announce();
    }, CHANGE_NOTICE_MS);
  };
  const needCoordinator = (): DictationCoordinator => {
    if (!coordinator) throw new Error('the app core is still starting');
    return coordinator;
  };

  const resender: NetworkResender = new NetworkResender({
    clock,
    random: options.random,
    baseDelayMs: options.baseDelayMs,
    maxDelayMs: options.maxDelayMs,
    waiting: async () => {
      const waiting = [];
      for (const entry of await spool.list())
        if (entry.meta.outage && entry.meta.status === 'failed' && !(await spool.ownedElsewhere(entry)))
          waiting.push(entry);
      return waiting;
    },
    send: async (entries, { probe }) => {
      // The resender's own sessions never hold back; they report whether the endpoint failed them again.
      let down = false;
      await needCoordinator().sendSpooled(entries, {
        consent: false,
        retry: probe ? { ...options.retry, maxAttempts: 1 } : options.retry,
        outage: {
          isDown: () => down,
          reportDown: () => {
            down = true;
          },
        },
      });
      return down ? 'down' : 'answered';
    },
    onChange: announce,
  });

  const service = new SpoolService({
    spool,
    pricing: () => {
      const settings = options.settings();
      return {
        model: settings.model,
        customMicrosPerMinute:
          settings.customPricePerMinuteUsd === null ? null : usdToMicros(settings.customPricePerMinuteUsd),
      };
    },
    budgets: async () => {
      const { budget } = await options.meter.snapshot();
      return { daily: budget.daily, monthly: budget.monthly, blockAtLimit: budget.blockAtLimit };
    },
    send: (entries, { consent }) =>
      // A person's "send now" is tried even while the resender waits; a failure from the network hands it back.
      needCoordinator().sendSpooled(entries, {
        consent,
        outage: { isDown: () => false, reportDown: () => resender.reportDown() },
      }),
    network: () => resender.view(),
    onChange: soon,
  });

  return {
    resender,
    attach(next) {
      coordinator = next;
      void resender.start().catch(() => undefined);
    },
    handlers: {
      'spool.list': () => service.list(),
      'spool.send': ({ ids, sendAnyway }) => service.send(ids, sendAnyway === true),
      'spool.discard': ({ ids }) => service.discard(ids),
    },
    onEvent(event) {
      if (event.type === 'chunk' && event.status !== 'queued' && event.status !== 'sending') soon();
    },
    close() {
      closed = true;
      resender.close();
      if (noticeTimer !== null) clock.clearTimeout(noticeTimer);
    },
  };
}
