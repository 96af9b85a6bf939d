import { catalogueEntry } from './catalogue-entries';

const MS_PER_DAY = 86_400_000;

export interface ShutdownNotice {
  /** ISO date (UTC) the model stops working. */
  shutdownOn: string;
  /** Whole days until then, rounded up; 0 on the day and after. */
  daysLeft: number;
  replacement: string;
}

/** Whether a model is scheduled to shut down, with days left and what to use instead; null when not. */
export function shutdownNotice(modelId: string, nowMs: number): ShutdownNotice | null {
  const entry = catalogueEntry(modelId);
  if (!entry.shutdownOn || !entry.replacement) return null;
  const shutdownMs = Date.parse(`${entry.shutdownOn}T00:00:00Z`);
  const daysLeft = Math.max(0, Math.ceil((shutdownMs - nowMs) / MS_PER_DAY));
  return { shutdownOn: entry.shutdownOn, daysLeft, replacement: entry.replacement };
}
