import { ipcMain, type IpcMainEvent, type IpcMainInvokeEvent } from 'electron';
import type { IpcResult } from '../../src-shared/ipc/contract';
import { isAppUrl, type AppOrigin } from './trust-policy';

const UNTRUSTED = { fa: 'درخواست از صفحهٔ ناشناس رد شد.', en: 'Request from an unknown page was refused.' };

/** True when an IPC message comes from the app's own page (not a frame or page that got in some other way). */
export function isTrustedSender(event: IpcMainEvent | IpcMainInvokeEvent, origin: AppOrigin): boolean {
  // Stryker disable next-line StringLiteral: equivalent, any string that is not a URL is refused alike
  return isAppUrl(event.senderFrame?.url ?? '', origin);
}

/**
 * The single way main answers the renderer: checks that the sender is the app's own page, and turns any thrown
 * error into an `{ ok: false }` value so no stack trace crosses the boundary.
 */
export function handleIpc(
  channel: string,
  origin: AppOrigin,
  handler: (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<IpcResult<unknown>>,
): void {
  ipcMain.handle(channel, async (event, ...args): Promise<IpcResult<unknown>> => {
    if (!isTrustedSender(event, origin)) return { ok: false, code: 'untrusted_sender', message: UNTRUSTED };
    try {
      return await handler(event, ...args);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      return {
        ok: false,
        code: 'internal',
        message: {
          fa: `کار انجام نشد: ${detail}. دوباره امتحان کنید.`,
          en: `That did not work: ${detail}. Please try again.`,
        },
      };
    }
  });
}
