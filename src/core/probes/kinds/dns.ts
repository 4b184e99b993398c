import { promises as dnsPromises } from 'node:dns';
import { performance } from 'node:perf_hooks';
import type { ProbeConfigOf } from '../../../shared/contract/monitors';
import { abortable } from './abortable';
import { ProbeFailure, failure, outcomeFromError, success, timedOut } from './outcome';
import type { ProbeContext, ProbeKind, ProbeOutcome } from './types';

type DnsConfig = ProbeConfigOf<'dns'>;
type RecordType = DnsConfig['recordType'];

/** Record types whose answers are host names, compared without a trailing dot. */
const NAME_TYPES = new Set<RecordType>(['CNAME', 'NS', 'MX', 'SRV']);

/** Every answer as one comparable string: MX by exchange, SRV as name:port, TXT as its joined chunks. */
async function query(resolver: dnsPromises.Resolver, name: string, type: RecordType): Promise<string[]> {
  switch (type) {
    case 'A':
      return resolver.resolve4(name);
    case 'AAAA':
      return resolver.resolve6(name);
    case 'CNAME':
      return resolver.resolveCname(name);
    case 'NS':
      return resolver.resolveNs(name);
    case 'MX':
      return (await resolver.resolveMx(name)).map((record) => record.exchange);
    case 'TXT':
      return (await resolver.resolveTxt(name)).map((chunks) => chunks.join(''));
    case 'SRV':
      return (await resolver.resolveSrv(name)).map((record) => `${record.name}:${record.port}`);
  }
}

function normalized(value: string, type: RecordType): string {
  const lower = value.trim().toLowerCase();
  return NAME_TYPES.has(type) ? lower.replace(/\.(?=$|:)/, '') : lower;
}

function describeDnsError(error: unknown, config: DnsConfig, context: ProbeContext): ProbeOutcome {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const target = `${config.name} (${config.recordType})`;
  switch (code) {
    case 'ETIMEOUT':
    case 'ECANCELLED':
      return timedOut(context);
    case 'ENOTFOUND':
      return failure(`no such name: ${config.name} (NXDOMAIN)`);
    case 'ENODATA':
      return failure(`no ${config.recordType} records for ${config.name}`);
    case 'ESERVFAIL':
      return failure(`the resolver could not answer for ${target} (SERVFAIL)`);
    case 'EREFUSED':
      return failure(`the resolver refused the query for ${target}`);
    case 'ECONNREFUSED':
      return failure('the resolver refused the connection');
    case 'EBADRESP':
    case 'EFORMERR':
      return failure('the resolver sent a malformed answer');
    default:
      return outcomeFromError(error, context);
  }
}

async function probeDns(config: DnsConfig, context: ProbeContext): Promise<ProbeOutcome> {
  // c-ares, not dns.lookup: lookup runs getaddrinfo on the libuv threadpool, which stalls file I/O when DNS hangs.
  const resolver = new dnsPromises.Resolver({ timeout: context.timeoutMs, tries: 1 });
  if (config.resolver) {
    try {
      resolver.setServers([config.resolver]);
    } catch {
      throw new ProbeFailure(`resolver "${config.resolver}" is not a valid address`);
    }
  }
  const startedAt = performance.now();
  const answers = await abortable<string[]>(context.signal, (settle) => {
    query(resolver, config.name, config.recordType).then(settle.resolve, settle.reject);
    return () => resolver.cancel();
  });
  const latencyMs = performance.now() - startedAt;
  if (answers.length === 0) return failure(`no ${config.recordType} records for ${config.name}`);
  if (config.expected === undefined) return success(latencyMs);
  const expected = normalized(config.expected, config.recordType);
  if (answers.some((answer) => normalized(answer, config.recordType) === expected)) return success(latencyMs);
  return failure(`expected ${JSON.stringify(config.expected)}, got ${answers.join(', ')}`, latencyMs);
}

/** "[::1]:53" -> "::1", "10.0.0.53:5353" -> "10.0.0.53"; a bare IPv6 address is kept whole. */
export function resolverHost(resolver: string): string {
  const bracketed = /^\[([^\]]+)\]/.exec(resolver);
  if (bracketed?.[1] !== undefined) return bracketed[1];
  const colons = resolver.split(':').length - 1;
  return colons === 1 ? resolver.slice(0, resolver.indexOf(':')) : resolver;
}

export const dnsProbe: ProbeKind<'dns'> = {
  kind: 'dns',
  // The host the probe talks to is the resolver (system resolvers when none is set).
  targetHost: (config) => (config.resolver ? resolverHost(config.resolver) : null),
  async run(config, context) {
    try {
      return await probeDns(config, context);
    } catch (error) {
      if (error instanceof ProbeFailure) return failure(error.message);
      return describeDnsError(error, config, context);
    }
  },
};
