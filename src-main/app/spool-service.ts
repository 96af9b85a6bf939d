import type { ChunkRef } from '../../src-shared/app-contract/commands';
import type {
  NetworkStateView,
  WaitingAudioView,
  WaitingChunkView,
  WaitingReason,
} from '../../src-shared/app-contract/waiting-audio';
import { priceRequest } from '../../src-shared/pricing/price-request';
import type { Spool, SpoolEntry } from '../pipeline/spool';

/** A budget's standing as the meter's snapshot gives it (null when no such budget is set). */
interface BudgetStanding {
  limitMicros: number;
  spentMicros: number;
  reservedMicros: number;
}

export interface SpoolServiceDeps {
  /** The data folder's spool, opened for this service alone (its leases are not a session's). */
  spool: Spool;
  /** The model and custom price a chunk with no recorded model is priced with, as a send would use them. */
  pricing(): { model: string; customMicrosPerMinute: number | null };
  /** The hard budgets now (null when none is set or the limit does not block). */
  budgets(): Promise<{ daily: BudgetStanding | null; monthly: BudgetStanding | null; blockAtLimit: boolean }>;
  /** Sends waiting chunks, each into its own dictation; resolves when they have settled. */
  send(entries: SpoolEntry[], options: { consent: boolean }): Promise<unknown>;
  /** The resender's state, shown with the list. */
  network(): NetworkStateView;
  /** The spool changed: tell the window. */
  onChange(): void;
}

/**
 * The waiting-audio view's core: what waits in the spool (failed, budget-blocked, left by a crash or waiting for the
 * network), with its length, reason and price; "send now" and "discard" for chosen chunks. Chunks another process
 * (or a dictation here) is sending are shown busy and neither sent nor discarded.
 */
export class SpoolService {
  constructor(private readonly deps: SpoolServiceDeps) {}

  /** Everything waiting, oldest first, priced as the meter prices an answer of that length. */
  async list(): Promise<WaitingAudioView> {
    const entries = await this.deps.spool.list();
    const budgets = await this.deps.budgets();
    const fallback = this.deps.pricing();
    const items: WaitingChunkView[] = [];
    let runningMicros = 0;
    for (const entry of entries) {
      const { meta } = entry;
      const busy = await this.deps.spool.ownedElsewhere(entry);
      const price = priceRequest({
        model: meta.model || fallback.model,
        audioMs: meta.audioMs,
        customMicrosPerMinute: fallback.customMicrosPerMinute,
      });
      // A paid chunk's text is only to be stored: sending it costs nothing more.
      const costMicros = meta.paid ? 0 : price.costMicros;
      if (!busy) runningMicros += costMicros;
      items.push({
        sessionId: meta.sessionId,
        index: meta.index,
        createdAt: meta.createdAt,
        audioMs: meta.audioMs,
        startMs: meta.startMs,
        endMs: meta.endMs,
        model: meta.model || fallback.model,
        reason: reasonOf(entry),
        errorCode: meta.lastError?.code ?? null,
        costMicros,
        priceKnown: meta.paid ? true : price.priceKnown,
        busy,
        crossesBudget: !busy && costMicros > 0 && crosses(budgets, runningMicros),
      });
    }
    return {
      items,
      totalAudioMs: items.reduce((sum, item) => sum + item.audioMs, 0),
      totalCostMicros: items.reduce((sum, item) => sum + item.costMicros, 0),
      network: this.deps.network(),
    };
  }

  /**
   * Sends the chosen chunks now (through the budget gate, or past it with `sendAnyway`, the person's consent); chunks
   * another process owns are left to it. Answers once they are handed over; their text arrives as chunk events.
   */
  async send(ids: ChunkRef[], sendAnyway: boolean): Promise<{ queued: number; busy: number }> {
    const { chosen, busy } = await this.choose(ids);
    if (chosen.length > 0) {
      void this.deps
        .send(chosen, { consent: sendAnyway })
        .catch(() => undefined)
        .finally(() => this.deps.onChange());
    }
    return { queued: chosen.length, busy };
  }

  /** Deletes the chosen chunks' audio for good; chunks another process owns are kept. */
  async discard(ids: ChunkRef[]): Promise<{ discarded: number; busy: number }> {
    const { chosen, busy } = await this.choose(ids);
    let discarded = 0;
    let owned = busy;
    for (const entry of chosen) {
      if (await this.deps.spool.discard(entry)) discarded += 1;
      else owned += 1;
    }
    this.deps.onChange();
    return { discarded, busy: owned };
  }

  private async choose(ids: ChunkRef[]): Promise<{ chosen: SpoolEntry[]; busy: number }> {
    const wanted = new Set(ids.map((id) => `${id.sessionId}#${id.index}`));
    const chosen: SpoolEntry[] = [];
    let busy = 0;
    for (const entry of await this.deps.spool.list()) {
      if (!wanted.has(`${entry.meta.sessionId}#${entry.meta.index}`)) continue;
      if (await this.deps.spool.ownedElsewhere(entry)) busy += 1;
      else chosen.push(entry);
    }
    return { chosen, busy };
  }
}

/** Why a chunk waits, in the words the view uses. */
function reasonOf({ meta }: SpoolEntry): WaitingReason {
  if (meta.paid) return 'paid';
  if (meta.status === 'blocked') return 'budget';
  if (meta.outage) return 'network';
  // Pending: never sent — the dictation was stopped with Ctrl-C, or the app died (a crash's journal lands here too).
  if (meta.status === 'pending') return 'interrupted';
  return 'failed';
}

/** True when spending `micros` more (the chunks listed so far) passes a hard budget. */
function crosses(
  budgets: { daily: BudgetStanding | null; monthly: BudgetStanding | null; blockAtLimit: boolean },
  micros: number,
): boolean {
  if (!budgets.blockAtLimit) return false;
  return [budgets.daily, budgets.monthly].some(
    (budget) => budget !== null && budget.spentMicros + budget.reservedMicros + micros > budget.limitMicros,
  );
}
