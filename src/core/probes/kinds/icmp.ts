import { spawn } from 'node:child_process';
import { abortable } from './abortable';
import { failure, indeterminate, outcomeFromError, success } from './outcome';
import type { ProbeContext, ProbeKind, ProbeOutcome } from './types';

export interface IcmpProbeOptions {
  /** The ping binary; "ping" (found on PATH) by default. Injectable so the missing-ping case can be tested. */
  pingPath?: string;
}

interface PingRun {
  exitCode: number | null;
  output: string;
}

const OUTPUT_CAP = 16_384;
const NOT_INSTALLED = 'ping is not installed on this console; install iputils-ping';
const PERMISSION_HINT = 'give ping the cap_net_raw capability or allow unprivileged ICMP (sysctl net.ipv4.ping_group_range)';

function runPing(pingPath: string, host: string, context: ProbeContext): Promise<PingRun> {
  // -W takes whole seconds; the context's signal still ends the run at the exact timeout.
  const waitSeconds = Math.max(1, Math.ceil(context.timeoutMs / 1000));
  return abortable<PingRun>(context.signal, (settle) => {
    const child = spawn(pingPath, ['-n', '-c', '1', '-W', String(waitSeconds), host], {
      stdio: ['ignore', 'pipe', 'pipe'],
      // English messages and "." decimals, whatever the console's locale.
      env: { ...process.env, LC_ALL: 'C' },
    });
    let output = '';
    const collect = (chunk: Buffer): void => {
      if (output.length < OUTPUT_CAP) output += chunk.toString('utf8');
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', settle.reject);
    child.on('close', (exitCode) => settle.resolve({ exitCode, output }));
    return () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    };
  });
}

function judge(run: PingRun, host: string): ProbeOutcome {
  if (run.exitCode === 0) {
    const rtt = /time[=<]\s*([\d.]+)\s*ms/.exec(run.output);
    return success(rtt?.[1] === undefined ? null : Number(rtt[1]));
  }
  if (/operation not permitted|permission denied/i.test(run.output)) {
    return indeterminate(`ping is not permitted on this console (${firstLine(run.output)}); ${PERMISSION_HINT}`);
  }
  if (/name or service not known|unknown host|cannot resolve|temporary failure in name resolution/i.test(run.output)) {
    return failure(`host name "${host}" not found (DNS)`);
  }
  // iputils: exit 1 = sent, no answer; 2 = any other error.
  if (run.exitCode === 1) return failure('no reply');
  return failure(`ping failed: ${firstLine(run.output) || `exit code ${String(run.exitCode)}`}`);
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0]?.trim() ?? '';
}

function spawnProblem(error: unknown): ProbeOutcome | null {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT') return indeterminate(NOT_INSTALLED);
  if (code === 'EACCES' || code === 'EPERM')
    return indeterminate(`ping cannot be run on this console (permission denied); ${PERMISSION_HINT}`);
  return null;
}

/** ICMP echo through the system's ping, which holds the raw-socket privilege this process lacks. */
export function createIcmpProbe(options: IcmpProbeOptions = {}): ProbeKind<'icmp'> {
  const pingPath = options.pingPath ?? 'ping';
  return {
    kind: 'icmp',
    targetHost: (config) => config.host,
    async run(config, context) {
      // A host starting with "-" would be read by ping as an option.
      if (config.host.startsWith('-')) return failure(`"${config.host}" is not a host name or IP address`);
      try {
        return judge(await runPing(pingPath, config.host, context), config.host);
      } catch (error) {
        return spawnProblem(error) ?? outcomeFromError(error, context);
      }
    },
  };
}

export const icmpProbe = createIcmpProbe();
