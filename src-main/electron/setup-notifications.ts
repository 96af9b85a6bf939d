import { Notification } from 'electron';
import type { AppEvent } from '../../src-shared/app-contract/events';
import type { AppCore } from '../app/app-core-types';
import { NotificationGate } from './notification-gate';

/**
 * Budget warnings and dictation-stopping errors as native notifications, so a person dictating into another app
 * still learns that money is being spent or that their words are waiting in the spool.
 */
export function setupNotifications(
  core: AppCore,
  uiLanguage: () => 'fa' | 'en',
  gate = new NotificationGate(),
): () => void {
  return core.subscribe((event) => {
    // Once per threshold and period (and once per host problem): a notification that repeats is turned off for good.
    if (gate.admit(event) === null) return;
    const shown = notificationFor(event, uiLanguage());
    if (shown && Notification.isSupported()) new Notification(shown).show();
  });
}

/** What a notification says for an event, or null when the event needs none. */
export function notificationFor(event: AppEvent, language: 'fa' | 'en'): { title: string; body: string } | null {
  const title = language === 'fa' ? 'سخن‌نگار' : 'SokhanNegar';
  if (event.type === 'warning') return { title, body: event.message[language] };
  if (event.type === 'error' && event.code !== 'notice') return { title, body: event.message[language] };
  // A budget block keeps the audio in the spool; the person dictating elsewhere must learn why no text comes.
  if (event.type === 'chunk' && event.status === 'blocked' && event.error)
    return { title, body: event.error.message[language] };
  return null;
}
