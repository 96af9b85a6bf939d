import type { AppEvent } from '../../src-shared/app-contract/events';

/**
 * Decides which events deserve a native notification, once each: a budget threshold once per day or month it
 * belongs to (and a session warning once per dictation), a budget block once per period, a host problem (hotkey,
 * paste) once per run for the same message, a dictation-stopping error once per dictation.
 */
export class NotificationGate {
  private readonly seen = new Set<string>();
  private sessionId: string | null = null;

  constructor(private readonly now: () => number = Date.now) {}

  /** The key this event is notified under, or null when it needs no notification or was notified already. */
  admit(event: AppEvent): string | null {
    if (event.type === 'state' && event.sessionId) this.sessionId = event.sessionId;
    const key = this.keyFor(event);
    if (key === null || this.seen.has(key)) return null;
    this.seen.add(key);
    return key;
  }

  private keyFor(event: AppEvent): string | null {
    const date = new Date(this.now());
    const day = `${date.getFullYear()}-${date.getMonth() + 1}-${date.getDate()}`;
    const month = `${date.getFullYear()}-${date.getMonth() + 1}`;
    const period = (scope: string) =>
      scope === 'daily' ? day : scope === 'monthly' ? month : (this.sessionId ?? 'session');
    switch (event.type) {
      case 'warning':
        return `warning:${event.scope}:${event.level}:${event.limitMicros}:${period(event.scope)}`;
      case 'chunk':
        if (event.status !== 'blocked' || !event.error) return null;
        return `blocked:${event.error.code}:${event.error.code === 'monthly_limit' ? month : day}`;
      case 'error':
        if (event.code === 'notice') return null;
        return event.sessionId ? `error:${event.code}:${event.sessionId}` : `host:${event.code}:${event.message.en}`;
      default:
        return null;
    }
  }
}
