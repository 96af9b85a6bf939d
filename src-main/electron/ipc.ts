import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import type { IpcChannel, IpcResult } from '../../src-shared/ipc/contract';
import { isAppUrl, type AppOrigin } from './trust-policy';

/**
 * The single way main answers the renderer: checks that the sender is the app's own page, and turns any thrown
 * error into an `{ ok: false }` value so no stack trace crosses the boundary.
 */
export function handleIpc<T>(
  channel: IpcChannel,
  origin: AppOrigin,
  handler: (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<T>,
): void {
  ipcMain.handle(channel, async (event, ...args): Promise<IpcResult<T>> => {
    const senderUrl = event.senderFrame?.url ?? '';
    if (!isAppUrl(senderUrl, origin)) {
      return { ok: false, code: 'untrusted_sender', message: { fa: 'درخواست از صفحهٔ ناشناس رد شد.', en: 'Request from an unknown page was refused.' } };
    }
    try {
      return { ok: true, value: await handler(event, ...args) };
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      return {
        ok: false,
        code: 'internal',
        message: { fa: `کار انجام نشد: ${detail}. دوباره امتحان کنید.`, en: `That did not work: ${detail}. Please try again.` },
      };
    }
  });
}
