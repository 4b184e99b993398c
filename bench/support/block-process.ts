import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/**
 * A reference workload in a process of its own, measured in blocks on request (a line "<ms>" on
 * its stdin, one JSON line back), so a benchmark can interleave the reference's blocks with its own
 * and neither's CPU (nor its garbage) is charged to the other.
 */
export function startBlockProcess<Block>(script: string, args: readonly string[]) {
  const child = spawn('node_modules/.bin/tsx', [script, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  // A bench that dies must not leave its reference running.
  process.on('exit', () => child.kill());
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return {
    async measure(durationMs: number): Promise<Block> {
      child.stdin.write(`${durationMs}\n`);
      const line = await lines.next();
      if (line.done === true) throw new Error(`${script} ended early`);
      return JSON.parse(line.value) as Block;
    },
    end(): void {
      child.stdin.end();
    },
  };
}
