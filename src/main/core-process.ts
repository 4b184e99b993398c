/** Starts core as an Electron utility process; the supervisor decides when. */
import { MessageChannelMain, utilityProcess } from 'electron';
import type { CoreInitMessage } from '../shared/contract';
import type { LaunchedCore } from './core-supervisor';

export function coreLauncher(modulePath: string): (init: CoreInitMessage) => LaunchedCore {
  return (init) => {
    // No argv and the parent's environment only: the key travels in the first message alone.
    const child = utilityProcess.fork(modulePath, [], { serviceName: 'Watchroom core', stdio: 'inherit' });
    const { port1, port2 } = new MessageChannelMain();
    child.postMessage(init, [port2]);
    port1.start();
    return {
      port: {
        postMessage: (message) => port1.postMessage(message),
        onMessage: (listener) => {
          port1.on('message', ({ data }) => listener(data));
        },
        close: () => port1.close(),
      },
      onExit: (listener) => {
        child.once('exit', listener);
      },
      onParentMessage: (listener) => {
        child.on('message', (message: unknown) => listener(message));
      },
      kill: () => {
        child.kill();
      },
    };
  };
}
