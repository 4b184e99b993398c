import { Buffer } from 'node:buffer';
import * as re2js from 're2js';
import {
  MAX_PAYLOAD_BYTES,
  WatchroomError,
  invalidInput,
  isMethodName,
  methods,
  refuseBrokenString,
  type CommandName,
  type ContractError,
  type Envelope,
  type EventMessage,
  type MethodName,
  type MethodInput,
  type MethodOutput,
  type ParsedInput,
  type QueryName,
} from '../../shared/contract';
import type { CommandReceipt, HubCommandAnswer } from '../../shared/contract/hub';
import type { Clock } from '../../shared/domain/clock';
import { usePatternEngine } from '../../shared/contract/patterns';
import { summarizeRefusedInput, type AuditLog } from '../audit';
import type { Repositories } from '../db';
import { DISK_FULL_MESSAGE, isDatabaseFullError, type DiskGuard } from '../disk-space';
import type { Logger } from '../logging';
import { authorize, type Actor } from './policy';

// Core refuses a bad pattern synchronously at the contract from its first command on; every core
// entry loads this module, and the renderer loads the engine only with the pages that need it.
usePatternEngine(re2js);

/** The connection a call came through, for the methods that sign its seat in or out. */
export interface Connection {
  /** The workstation name, or the browser's seat name. */
  seat: string;
  /** The network address a browser came from; null on the desktop. */
  address: string | null;
  /** Keeps a fresh session token for this connection's later calls (sign-in), or forgets it (sign-out). */
  bind(sessionToken: string | null): void;
}

/**
 * A command a seat forwarded to the hub under a client-made id (hub.command). Its receipt is
 * written in the command's own transaction, so the change and the receipt land together or not at
 * all, and a resend of the id answers the receipt without running anything.
 */
export interface ForwardedCommand {
  id: string;
  seatId: string;
  /** When the person gave it at the seat; the audit entry keeps it beside the time the hub applied it. */
  issuedAt: number;
  /** The change feed's head, read inside the command's transaction: a replica holds the change once it applied this seq. */
  changeSeq(): number;
  /**
   * Why the hub refuses the person a seat vouched for (a command from its outbox): refused as
   * `forbidden`, audited and kept like any refusal, unless the id already has a receipt.
   */
  vouchRefused?: string;
}

export interface CallContext {
  actor: Actor;
  connection?: Connection;
  forwarded?: ForwardedCommand;
}

/** What a command reports besides its value: what it touched, the state before and after, and the events it causes. */
export interface CommandOutcome<T> {
  value: T;
  target: string;
  before?: unknown;
  after?: unknown;
  events?: EventMessage[];
  /** Runs once the transaction committed: in-memory effects (the probe engine) follow the database, never lead it. */
  afterCommit?: () => void;
  /**
   * A refusal whose bookkeeping must still land (a failed sign-in counts toward a lockout): the
   * writes and an audit entry saying `error` commit together, and the caller gets this error.
   */
  refusal?: WatchroomError;
  /** Who the audit entry names when the command changed who acts (a sign-in names the person, not the empty seat). */
  auditActor?: Actor;
}

/**
 * A command with slow work to do first (verifying a password off the event loop): `prepare` runs
 * before the transaction and may await; `run` gets its result inside the transaction and re-checks
 * whatever state it relies on, since other commands may have run in between.
 */
export interface PreparedCommand<I, O, P = unknown> {
  prepare(input: I, ctx: CallContext): Promise<P>;
  // Method syntax on purpose: each handler names its own P, and the table holds them all.
  run(input: I, ctx: CallContext, prepared: P): CommandOutcome<O>;
}

/** Types a prepared command's handler: `run` gets exactly what `prepare` resolved to. */
export function preparedCommand<I, O, P>(handler: PreparedCommand<I, O, P>): PreparedCommand<I, O> {
  return handler as PreparedCommand<I, O>;
}

/** Step-up's outcome: the actor the inner method runs as (the caller, with the authorizer's role). */
export interface StepUpGrant {
  actor: Actor;
  method: CommandName;
}

export type QueryHandlers = {
  [M in QueryName]: (input: ParsedInput<M>, ctx: CallContext) => MethodOutput<M> | Promise<MethodOutput<M>>;
};
/** The commands that hash or verify a password (or draw a QR code) first, off the event loop. */
export type PreparedCommandName =
  'auth.setup' | 'auth.signIn' | 'auth.changePassword' | 'auth.stepUp' | 'auth.totpBegin' | 'users.create' | 'users.resetPassword';
/**
 * Commands run synchronously inside one transaction together with their audit entry; a prepared
 * command awaits its `prepare` first, outside it.
 */
export type CommandHandlers = {
  [M in CommandName]: M extends PreparedCommandName
    ? PreparedCommand<ParsedInput<M>, M extends 'auth.stepUp' ? StepUpGrant : MethodOutput<M>>
    : (input: ParsedInput<M>, ctx: CallContext) => CommandOutcome<MethodOutput<M>>;
};
export type Handlers = QueryHandlers & CommandHandlers;

export type EventListener = (message: EventMessage) => void;

export interface Dispatcher {
  /** Never throws: every outcome, including a bug in a handler, comes back as an envelope. */
  call(method: unknown, input: unknown, ctx: CallContext): Promise<Envelope>;
  /** Events for every console; returns an unsubscribe. */
  subscribe(listener: EventListener): () => void;
  /** For core's own producers (probes, alerts) that raise events outside a command. */
  emit(message: EventMessage): void;
  /**
   * A forwarded command, applied at most once per id: the first call's receipt (applied or
   * rejected) is stored with its change and answered to every resend; `retry` when nothing was
   * stored (the disk is full, core failed) and the same id may be sent again.
   */
  callOnce(method: unknown, input: unknown, ctx: CallContext & { forwarded: ForwardedCommand }): Promise<HubCommandAnswer>;
}

export interface DispatcherDeps {
  handlers: Handlers;
  repos: Repositories;
  audit: AuditLog;
  logger: Logger;
  /** When a forwarded command was applied or refused, for its receipt. */
  clock: Clock;
  /** Told about writes that failed for lack of space; while it says full, commands are refused. */
  diskGuard?: DiskGuard;
  /** Told of every command refused by the permission table, and of every command let through (activity keeps a seat unlocked). */
  watch?: { refused(actor: Actor, method: string): void; acted(actor: Actor): void };
}

function inputSize(input: unknown): number {
  if (input === undefined) return 0;
  try {
    return Buffer.byteLength(JSON.stringify(input));
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

const DISK_FULL: ContractError = { code: 'unavailable', message: DISK_FULL_MESSAGE };

/** Who an audit entry names: the user id, the name and seat at the time, a step-up's authorizer, and when a forwarded command was issued. */
function auditedActor(actor: Actor, forwarded?: ForwardedCommand) {
  return {
    actor: actor.id,
    actorName: actor.displayName,
    seat: actor.seat,
    authorizedBy: actor.authorizedBy,
    ...(forwarded ? { issuedAt: forwarded.issuedAt } : {}),
  };
}

/** Failures that stored nothing and may pass: the seat sends the same id again. Every other refusal is final and kept. */
const RETRYABLE_CODES: ReadonlySet<ContractError['code']> = new Set(['unavailable', 'internal']);

/** Marks a transaction that found its forwarded command already answered: nothing ran, the stored receipt stands. */
const ALREADY_ANSWERED = Symbol('already answered');

function toContractError(error: unknown): ContractError {
  if (error instanceof WatchroomError) return error.toContractError();
  if (isDatabaseFullError(error)) return DISK_FULL;
  return { code: 'internal', message: 'Core could not complete this request; the details are in the core log.' };
}

/** Fields of people's methods that carry a password or a second-factor code: never in the audit log, not even hashed. */
const CREDENTIAL_FIELDS = new Set(['password', 'current', 'next', 'code']);

function withoutCredentials(method: CommandName, input: unknown): unknown {
  if (!/^(auth|users)\./.test(method) || typeof input !== 'object' || input === null) return input;
  return Object.fromEntries(Object.entries(input).filter(([key]) => !CREDENTIAL_FIELDS.has(key)));
}

type AnyCommandHandler = ((input: unknown, ctx: CallContext) => CommandOutcome<unknown>) | PreparedCommand<unknown, unknown, unknown>;

export function createDispatcher({ handlers, repos, audit, logger, clock, diskGuard, watch }: DispatcherDeps): Dispatcher {
  const listeners = new Set<EventListener>();
  /** Forwarded commands being answered in this process, by id: a concurrent resend waits for the first. */
  const answering = new Map<string, Promise<HubCommandAnswer>>();
  /** Receipts this process just committed, by id, so the answer needs no read back; taken by answerOnce. */
  const justKept = new Map<string, CommandReceipt>();

  /** True when the forwarded command already has a receipt (checked inside the transaction that would write one). */
  function answered(ctx: CallContext): boolean {
    return ctx.forwarded !== undefined && repos.hub.getReceipt(ctx.forwarded.id) !== undefined;
  }

  /** Stores a forwarded command's receipt; call inside the transaction of what it answers. */
  function keepReceipt(method: string, ctx: CallContext, receipt: CommandReceipt, userId = ctx.actor.id): void {
    const forwarded = ctx.forwarded;
    if (!forwarded) return;
    justKept.set(forwarded.id, receipt);
    repos.hub.insertReceipt({
      id: forwarded.id,
      seatId: forwarded.seatId,
      userId,
      method,
      issuedAt: forwarded.issuedAt,
      appliedAt: receipt.appliedAt,
      outcome: receipt.outcome,
      receiptJson: JSON.stringify(receipt),
    });
  }

  function rejection(ctx: CallContext & { forwarded: ForwardedCommand }, error: ContractError): CommandReceipt {
    return { id: ctx.forwarded.id, outcome: 'rejected', appliedAt: clock.now(), error };
  }

  // ---- a full disk: no write can succeed, so none is tried (not even the refusal's audit entry) ----
  function refusedForSpace(error: unknown, where: string): boolean {
    if (!isDatabaseFullError(error)) return false;
    diskGuard?.noteWriteError(error, where);
    return true;
  }

  /** The promise `call` hands out: whatever escapes (an audit write, a logger) still ends as an envelope. */
  function settled(method: unknown, envelope: Promise<Envelope>): Promise<Envelope> {
    return envelope.catch((error: unknown): Envelope => {
      if (refusedForSpace(error, String(method))) return { ok: false, error: DISK_FULL };
      try {
        logger.error({ err: error, method }, 'call failed outside its handler');
      } catch {
        // The envelope below is all that is left to give.
      }
      return { ok: false, error: toContractError(error) };
    });
  }

  function emit(message: EventMessage): void {
    for (const listener of listeners) {
      try {
        listener(message);
      } catch (error) {
        logger.error({ err: error, event: message.event }, 'event listener failed');
      }
    }
  }

  function refuse(method: CommandName, input: unknown, ctx: CallContext, error: unknown): Envelope {
    if (refusedForSpace(error, method)) return { ok: false, error: DISK_FULL };
    // The change rolled back; the refusal itself is still on record.
    const contractError = toContractError(error);
    if (contractError.code === 'internal') logger.error({ err: error, method }, 'command failed');
    const entry = repos.transaction(() => {
      if (answered(ctx)) return ALREADY_ANSWERED;
      const appended = audit.append({
        ...auditedActor(ctx.actor, ctx.forwarded),
        action: method,
        target: '',
        // Its size, hash and start only: a refused 1 MB import must not cost 1 MB of audit log.
        before: summarizeRefusedInput(withoutCredentials(method, input)),
        result: 'error',
        detail: `${contractError.code}: ${contractError.message}`,
      });
      if (ctx.forwarded && !RETRYABLE_CODES.has(contractError.code))
        keepReceipt(method, ctx, { id: ctx.forwarded.id, outcome: 'rejected', appliedAt: appended.at, error: contractError });
      return appended;
    });
    if (entry !== ALREADY_ANSWERED) emit({ event: 'audit.appended', payload: { seq: entry.seq, action: method, actor: ctx.actor.id } });
    return { ok: false, error: contractError };
  }

  async function runCommand(method: CommandName, input: unknown, ctx: CallContext): Promise<Envelope> {
    if (diskGuard?.isFull()) return { ok: false, error: DISK_FULL };
    const handler = handlers[method] as AnyCommandHandler;
    let run: (input: unknown, ctx: CallContext) => CommandOutcome<unknown>;
    if (typeof handler === 'function') run = handler;
    else {
      let prepared: unknown;
      try {
        prepared = await handler.prepare(input, ctx);
      } catch (error) {
        return refuse(method, input, ctx, error);
      }
      run = (parsed, context) => handler.run(parsed, context, prepared);
    }
    let outcome: CommandOutcome<unknown>;
    let seq: number;
    try {
      const committed = repos.transaction(() => {
        // A resend that raced the first send: the first one's change and receipt stand, nothing runs again.
        if (answered(ctx)) return ALREADY_ANSWERED;
        const result = run(input, ctx);
        const refusal = result.refusal?.toContractError();
        const detail = refusal ? `${refusal.code}: ${refusal.message}` : null;
        const actor = result.auditActor ?? ctx.actor;
        const entry = audit.append({
          ...auditedActor(actor, ctx.forwarded),
          action: method,
          target: result.target,
          before: result.before,
          after: result.after,
          result: refusal ? 'error' : 'ok',
          ...(detail ? { detail } : {}),
        });
        if (ctx.forwarded) {
          const { id } = ctx.forwarded;
          const receipt: CommandReceipt = refusal
            ? { id, outcome: 'rejected', appliedAt: entry.at, error: refusal }
            : { id, outcome: 'applied', seq: ctx.forwarded.changeSeq(), appliedAt: entry.at, value: result.value };
          keepReceipt(method, ctx, receipt, actor.id);
        }
        return { outcome: result, seq: entry.seq };
      });
      if (committed === ALREADY_ANSWERED) return { ok: false, error: { code: 'conflict', message: 'This command was applied before' } };
      ({ outcome, seq } = committed);
    } catch (error) {
      return refuse(method, input, ctx, error);
    }
    try {
      outcome.afterCommit?.();
    } catch (error) {
      logger.error({ err: error, method }, 'after-commit effect failed');
    }
    emit({ event: 'audit.appended', payload: { seq, action: method, actor: (outcome.auditActor ?? ctx.actor).id } });
    for (const event of outcome.events ?? []) emit(event);
    if (outcome.refusal) return { ok: false, error: outcome.refusal.toContractError() };
    return { ok: true, value: outcome.value };
  }

  /** Step-up: the authorizer's credentials are checked (and audited) first, then the inner command runs as the granted actor. */
  async function stepUp(input: unknown, rawInput: unknown, ctx: CallContext): Promise<Envelope> {
    // A forwarded step-up keeps one receipt, the inner command's: the step-up itself runs unforwarded.
    const { forwarded: _inner, ...unforwarded } = ctx;
    const granted = await runCommand('auth.stepUp', input, unforwarded);
    if (!granted.ok) return granted;
    const grant = granted.value as StepUpGrant;
    // The inner input as sent: the inner command parses it itself (a parse of the parsed value could transform twice).
    const innerInput = (rawInput as { input?: unknown }).input;
    const inner = await call(grant.method, innerInput, { ...ctx, actor: grant.actor });
    if (!inner.ok || !grant.actor.authorizedBy) return inner;
    return { ok: true, value: { method: grant.method, authorizedBy: grant.actor.authorizedBy, result: inner.value } };
  }

  async function call(method: unknown, rawInput: unknown, ctx: CallContext): Promise<Envelope> {
    if (!isMethodName(method)) {
      return { ok: false, error: { code: 'unknown_method', message: `There is no method named ${JSON.stringify(method)}` } };
    }
    if (inputSize(rawInput) > MAX_PAYLOAD_BYTES) {
      return {
        ok: false,
        error: { code: 'payload_too_large', message: `The input of ${method} is larger than ${MAX_PAYLOAD_BYTES} bytes` },
      };
    }
    // Before any schema: a lone surrogate anywhere (keys and z.unknown() payloads included) would be
    // stored as U+FFFD and read back differently from what was hashed and checked.
    const broken = refuseBrokenString(method, rawInput);
    if (broken) return { ok: false, error: broken };

    const spec = methods[method];
    // Before the schema: whoever may not call a method learns nothing about its input from a refusal.
    const vouchRefused = ctx.forwarded?.vouchRefused;
    const decision =
      vouchRefused === undefined ? authorize(ctx.actor, method, spec.kind) : { allowed: false as const, reason: vouchRefused };
    if (!decision.allowed) {
      // Refused commands are audited (the Security page counts them); a refused read is not, so a
      // signed-out or locked screen that keeps polling cannot flood the log.
      const error: ContractError = { code: 'forbidden', message: decision.reason };
      if (spec.kind === 'command') {
        const entry = repos.transaction(() => {
          if (answered(ctx)) return ALREADY_ANSWERED;
          const appended = audit.append({
            ...auditedActor(ctx.actor, ctx.forwarded),
            action: method,
            target: '',
            result: 'error',
            detail: `forbidden: ${decision.reason}`,
          });
          if (ctx.forwarded) keepReceipt(method, ctx, { id: ctx.forwarded.id, outcome: 'rejected', appliedAt: appended.at, error });
          return appended;
        });
        if (entry !== ALREADY_ANSWERED) {
          emit({ event: 'audit.appended', payload: { seq: entry.seq, action: method, actor: ctx.actor.id } });
          watch?.refused(ctx.actor, method);
        }
      }
      return { ok: false, error };
    }

    const parsed = spec.input.safeParse(rawInput);
    if (!parsed.success) return { ok: false, error: invalidInput(parsed.error, { schema: spec.input, input: rawInput }).toContractError() };

    if (spec.kind === 'command') {
      watch?.acted(ctx.actor);
      if (method === 'auth.stepUp') return stepUp(parsed.data, rawInput, ctx);
      return runCommand(method as CommandName, parsed.data, ctx);
    }
    try {
      const handler = handlers[method as QueryName] as (input: unknown, ctx: CallContext) => unknown;
      return { ok: true, value: await handler(parsed.data, ctx) };
    } catch (error) {
      const contractError = toContractError(error);
      if (contractError.code === 'internal') logger.error({ err: error, method }, 'query failed');
      return { ok: false, error: contractError };
    }
  }

  /** The stored receipt of a forwarded command, or null; the id of another seat's command is never answered to this one. */
  function storedReceipt(ctx: CallContext & { forwarded: ForwardedCommand }): HubCommandAnswer | null {
    const row = repos.hub.getReceipt(ctx.forwarded.id);
    if (!row) return null;
    if (row.seatId !== ctx.forwarded.seatId) {
      return { kind: 'receipt', receipt: rejection(ctx, { code: 'conflict', message: 'Another seat sent a command with this id' }) };
    }
    return { kind: 'receipt', receipt: JSON.parse(row.receiptJson) as CommandReceipt };
  }

  async function answerOnce(
    method: unknown,
    rawInput: unknown,
    ctx: CallContext & { forwarded: ForwardedCommand },
  ): Promise<HubCommandAnswer> {
    const known = storedReceipt(ctx);
    if (known) return known;
    const envelope =
      isMethodName(method) && methods[method].kind === 'query'
        ? { ok: false as const, error: { code: 'invalid_input' as const, message: `${method} is a query: ask it with hub.call` } }
        : await settled(method, call(method, rawInput, ctx));
    const kept = justKept.get(ctx.forwarded.id);
    justKept.delete(ctx.forwarded.id);
    // Kept by this call's own transaction (which committed, or the envelope would say so): no need to read it back.
    if (kept && (envelope.ok || !RETRYABLE_CODES.has(envelope.error.code))) return { kind: 'receipt', receipt: kept };
    const stored = storedReceipt(ctx);
    if (stored) return stored;
    if (envelope.ok) {
      // Only a command that bypassed the receipt (none does) could land here: report it rather than invent a seq.
      logger.error({ method }, 'a forwarded command was applied without a receipt');
      return { kind: 'retry', reason: 'The hub applied the command but kept no receipt' };
    }
    if (RETRYABLE_CODES.has(envelope.error.code)) return { kind: 'retry', reason: envelope.error.message };
    // Refused before any transaction (unknown method, input too large or invalid): final, so kept now.
    const receipt = rejection(ctx, envelope.error);
    repos.transaction(() => keepReceipt(typeof method === 'string' ? method : String(method), ctx, receipt));
    return storedReceipt(ctx) ?? { kind: 'receipt', receipt };
  }

  return {
    call: (method, input, ctx) => settled(method, call(method, input, ctx)),
    callOnce(method, input, ctx) {
      const id = ctx.forwarded.id;
      const inFlight = answering.get(id);
      if (inFlight) return inFlight;
      const answer = answerOnce(method, input, ctx)
        .catch((error: unknown): HubCommandAnswer => {
          logger.error({ err: error, method }, 'forwarded command failed outside its handler');
          return { kind: 'retry', reason: 'The hub could not answer this command; send it again' };
        })
        .finally(() => answering.delete(id));
      answering.set(id, answer);
      return answer;
    },
    emit,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** A typed call for core's own callers (demo seeding, tests): the output, or the contract error thrown. */
export async function invoke<M extends MethodName>(
  dispatcher: Dispatcher,
  method: M,
  input: MethodInput<M>,
  ctx: CallContext,
): Promise<MethodOutput<M>> {
  const envelope = await dispatcher.call(method, input, ctx);
  if (!envelope.ok) throw new WatchroomError(envelope.error.code, envelope.error.message, envelope.error.fields, envelope.error.versions);
  return envelope.value as MethodOutput<M>;
}
