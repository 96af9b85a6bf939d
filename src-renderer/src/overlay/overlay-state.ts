import type { AppEvent, RecordingState } from '../../../src-shared/app-contract/events';
import { formatUsd } from '../../../src-shared/money';

/** What the pill shows. */
export interface OverlayState {
  state: RecordingState;
  sessionId: string | null;
  /** dBFS of the microphone, -100 when silent or not listening. */
  dbfs: number;
  /** Text of the current dictation's transcribed chunks, by chunk number. */
  chunks: Map<number, string>;
  costMicros: number;
  /** The dictation's text was copied (and maybe pasted). */
  delivered: boolean;
}

export const INITIAL_OVERLAY: OverlayState = {
  state: 'idle',
  sessionId: null,
  dbfs: -100,
  chunks: new Map(),
  costMicros: 0,
  delivered: false,
};

/** Folds one core event into the pill's state (events of other dictations are ignored). */
export function overlayReducer(current: OverlayState, event: AppEvent): OverlayState {
  switch (event.type) {
    case 'state': {
      const fresh = event.sessionId !== null && event.sessionId !== current.sessionId && event.state !== 'idle';
      const base = fresh
        ? { ...INITIAL_OVERLAY, chunks: new Map<number, string>(), sessionId: event.sessionId }
        : current;
      return { ...base, state: event.state, dbfs: event.state === 'listening' ? base.dbfs : -100 };
    }
    case 'level':
      return event.sessionId === current.sessionId ? { ...current, dbfs: event.dbfs } : current;
    case 'chunk': {
      if (event.sessionId !== current.sessionId || event.status !== 'ok') return current;
      const chunks = new Map(current.chunks);
      chunks.set(event.index, event.text.trim());
      return { ...current, chunks };
    }
    case 'stats':
      return event.sessionId === current.sessionId ? { ...current, costMicros: event.costMicros } : current;
    case 'transcript':
      return event.sessionId === current.sessionId ? { ...current, delivered: true } : current;
    default:
      return current;
  }
}

/** The last few words said, in spoken order (chunks joined by number, not by arrival). */
export function lastWords(state: OverlayState, count = 8): string {
  const text = [...state.chunks.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, chunk]) => chunk)
    .filter((chunk) => chunk !== '')
    .join(' ');
  const words = text.split(/\s+/).filter((word) => word !== '');
  return (words.length > count ? '… ' : '') + words.slice(-count).join(' ');
}

const LABELS = {
  fa: {
    idle: 'آماده',
    starting: 'در حال باز کردن میکروفون…',
    listening: 'گوش می‌دهم',
    sending: 'در حال نوشتن…',
    blocked: 'بودجه تمام شد؛ صدا در صف ماند',
    error: 'دیکته متوقف شد',
    delivered: 'کپی شد',
    stop: 'پایان',
    copy: 'کپی آخرین متن',
  },
  en: {
    idle: 'Ready',
    starting: 'Opening the microphone…',
    listening: 'Listening',
    sending: 'Writing…',
    blocked: 'Budget reached; audio kept',
    error: 'Dictation stopped',
    delivered: 'Copied',
    stop: 'Stop',
    copy: 'Copy last transcript',
  },
} as const;

/** The pill's texts in a language. */
export function overlayTexts(state: OverlayState, language: 'fa' | 'en') {
  const t = LABELS[language];
  const status = state.delivered && state.state === 'idle' ? t.delivered : t[state.state];
  return {
    status,
    cost: state.sessionId ? formatUsd(state.costMicros, language) : '',
    words: lastWords(state),
    stop: t.stop,
    copy: t.copy,
    /** 0..1 for the level bar: -60 dBFS and below is empty. */
    level: Math.max(0, Math.min(1, (state.dbfs + 60) / 60)),
  };
}
