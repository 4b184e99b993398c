/**
 * The renderer's only way in: one ipcMain.handle per contract method (channel wr:<method>), each
 * checking the sender, then the input (call-gate.ts), then forwarding to core. Events and the
 * connection status go out to our windows only.
 */
import { BrowserWindow, ipcMain, type IpcMainEvent, type IpcMainInvokeEvent } from 'electron';
import {
  CONNECTION_CHANNEL,
  CONNECTION_HELLO_CHANNEL,
  EVENT_CHANNEL,
  methodChannel,
  methodNames,
  PRINT_REPORT_CHANNEL,
  type ConnectionStatus,
  type Envelope,
  type EventMessage,
  type MethodName,
  type PrintReportResult,
} from '../shared/contract';
import { FORBIDDEN_SENDER, gateCall } from './call-gate';
import { isTrustedSender, type SenderFrame } from './security-policy';

function senderOf(event: IpcMainInvokeEvent | IpcMainEvent): SenderFrame {
  const frame = event.senderFrame;
  return {
    frameUrl: frame?.url ?? null,
    isMainFrame: frame !== null && frame.parent === null && frame.frameTreeNodeId === event.sender.mainFrame.frameTreeNodeId,
  };
}

/** A renderer connection, named by its window's contents: each window at this workstation signs in on its own. */
function connectionOf(event: IpcMainInvokeEvent): string {
  return `window-${event.sender.id}`;
}

export function registerIpc(
  forward: (method: MethodName, input: unknown, connection: string) => Promise<Envelope>,
  currentStatus: () => ConnectionStatus,
): void {
  for (const method of methodNames) {
    ipcMain.handle(methodChannel(method), (event, input: unknown) => {
      if (!isTrustedSender(senderOf(event))) {
        console.warn(`watchroom: refused ${method} from a frame that is not the console's own window`);
        return FORBIDDEN_SENDER;
      }
      const connection = connectionOf(event);
      return gateCall(method, input, (checkedMethod, checkedInput) => forward(checkedMethod, checkedInput, connection));
    });
  }
  ipcMain.on(CONNECTION_HELLO_CHANNEL, (event) => {
    if (isTrustedSender(senderOf(event))) event.reply(CONNECTION_CHANNEL, currentStatus());
  });
}

/** The one shell-only call: print a report to PDF, from the console's own window only. */
export function registerReportPrinting(
  print: (owner: BrowserWindow | null, request: unknown) => Promise<Envelope<PrintReportResult>>,
): void {
  ipcMain.handle(PRINT_REPORT_CHANNEL, (event, request: unknown) => {
    if (!isTrustedSender(senderOf(event))) return FORBIDDEN_SENDER;
    return print(BrowserWindow.fromWebContents(event.sender), request);
  });
}

/** Sends to the top frame of every window currently showing our own page. */
function sendToOurWindows(channel: string, message: unknown): void {
  for (const window of BrowserWindow.getAllWindows()) {
    const contents = window.webContents;
    if (!contents.isDestroyed() && isTrustedSender({ frameUrl: contents.getURL(), isMainFrame: true })) contents.send(channel, message);
  }
}

export function broadcastEvent(message: EventMessage): void {
  sendToOurWindows(EVENT_CHANNEL, message);
}

export function broadcastConnection(status: ConnectionStatus): void {
  sendToOurWindows(CONNECTION_CHANNEL, status);
}
