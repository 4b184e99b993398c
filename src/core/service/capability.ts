import type { EventMessage, MethodName, Settings } from '../../shared/contract';
import type { Clock, Timers } from '../../shared/domain/clock';
import type { Repositories } from '../db';
import type { Logger } from '../logging';
import type { Handlers } from './dispatcher';

/** How this console names itself to people: in alert texts, notifications, reports and status updates. */
export interface ConsoleIdentity {
  name(): string;
  timeZone(): Settings['timeZone'];
}

/**
 * What every capability is built from. The composition root (core/app) assembles it once; a
 * capability's own context adds only the ports to other capabilities it needs.
 */
export interface CapabilityContext {
  repos: Repositories;
  clock: Clock;
  timers: Timers;
  logger: Logger;
  /** Tells every console about a change no command made (a probe result, an escalation). */
  emit: (message: EventMessage) => void;
  /** The settings as they are now: read at the moment of use, never kept. */
  settings: () => Settings;
  identity: ConsoleIdentity;
}

/** The methods whose names start with one of these areas: a capability's slice of the contract. */
export type MethodsOf<Area extends string> = Extract<MethodName, `${Area}.${string}`>;

/** What every capability returns: its slice of the method table, and when it starts and stops working. */
export interface Capability<Methods extends MethodName> {
  handlers: Pick<Handlers, Methods>;
  start(): void;
  stop(): void;
}

/** The identity a context's settings give, for contexts built by hand (tests, benchmarks). */
export function identityFromSettings(settings: () => Settings): ConsoleIdentity {
  return { name: () => settings().consoleName, timeZone: () => settings().timeZone };
}
