/** The microphone level in dBFS, or null while the microphone is closed. */
export interface LevelStore {
  get(): number | null;
  set(dbfs: number | null): void;
  subscribe(listener: () => void): () => void;
}

/**
 * A tiny external store for the level meter: the level changes several times a second, and keeping it out of React
 * state means only the meter re-renders, not the transcript with its thousand chunks.
 */
export function createLevelStore(): LevelStore {
  let level: number | null = null;
  const listeners = new Set<() => void>();
  return {
    get: () => level,
    set(dbfs) {
      if (dbfs === level) return;
      level = dbfs;
      for (const listener of listeners) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
