import type { AppEvent } from '../../src-shared/app-contract/events';

/** Fans the core's events out to every subscribed host; a listener that throws cannot stop the others. */
export class EventHub {
  private readonly listeners = new Set<(event: AppEvent) => void>();

  /** Adds a listener; returns the function that removes it. */
  subscribe(listener: (event: AppEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Delivers one event to every listener. */
  readonly emit = (event: AppEvent): void => {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A closed window or socket must not break delivery to the rest.
      }
    }
  };
}
