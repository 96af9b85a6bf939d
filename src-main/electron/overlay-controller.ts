import type { AppEvent } from '../../src-shared/app-contract/events';

/** The overlay window as the controller drives it. */
export interface OverlayWindowPort {
  /** Shows without taking the focus from the app the person types in. */
  showInactive(): void;
  hide(): void;
}

export interface OverlayDeps {
  window: OverlayWindowPort;
  /** The overlay.show setting. */
  enabled(): boolean;
  setTimer(callback: () => void, ms: number): { cancel(): void };
}

/** How long the pill stays after a dictation ends: long enough to read "copied", or why it stopped. */
export const LINGER_MS = { idle: 1500, trouble: 5000 } as const;

/** Shows the pill while a dictation records or sends, and hides it a moment after the state settles. */
export class OverlayController {
  private hideTimer: { cancel(): void } | null = null;
  private visible = false;

  constructor(private readonly deps: OverlayDeps) {}

  onEvent(event: AppEvent): void {
    if (event.type !== 'state') return;
    if (event.state === 'starting' || event.state === 'listening' || event.state === 'sending') {
      this.hideTimer?.cancel();
      this.hideTimer = null;
      if (!this.visible && this.deps.enabled() && event.state !== 'sending') {
        this.deps.window.showInactive();
        this.visible = true;
      }
      return;
    }
    if (!this.visible || this.hideTimer) return;
    const linger = event.state === 'idle' ? LINGER_MS.idle : LINGER_MS.trouble;
    this.hideTimer = this.deps.setTimer(() => {
      this.hideTimer = null;
      this.visible = false;
      this.deps.window.hide();
    }, linger);
  }
}
