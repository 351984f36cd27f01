import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { projectRoot } from '../src/db/orm-options.js';
import type { CapturedStatement } from './statement-capture.js';

/** A server under test running in a process of its own (serve.ts). */
export interface ServerProcess {
  url: string;
  process: ChildProcess;
  /**
   * Records the statements the server sends to PostgreSQL while `work`
   * runs, and returns them (started with `recordsStatements` only).
   */
  statementsOf(work: () => Promise<unknown>): Promise<CapturedStatement[]>;
  /** The CPU time the server's process has used so far (user and system, in ms); null where /proc is not there to tell. */
  cpuMs(): number | null;
  /** Stops the server and waits for its process to end. */
  stop(): Promise<void>;
}

/**
 * Starts serve.ts with `args` (`hub …` or `raw`) on the benchmark database,
 * in production mode as deployments run it, and resolves once it listens.
 */
export async function startServerProcess(databaseUrl: string, args: string[], { recordsStatements = false } = {}): Promise<ServerProcess> {
  const child = spawn(process.execPath, [path.join(projectRoot, 'dist', 'bench', 'serve.js'), ...args, ...(recordsStatements ? ['--record-statements'] : [])], {
    // NODE_ENV=production as deployments set it (graphql-js, for one, checks it when it loads).
    env: { ...process.env, NODE_ENV: 'production', DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'pipe', 'inherit', ...(recordsStatements ? (['ipc'] as const) : [])],
    // Structured clone keeps parameters as they were (a Date stays a Date).
    serialization: 'advanced',
  });
  const lines = readline.createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} server exited (${code}) before listening`)));
    lines.on('line', (line) => {
      if (line.startsWith('listening ')) resolve(line.slice('listening '.length));
    });
  });
  return {
    url,
    process: child,
    async statementsOf(work) {
      if (!recordsStatements) throw new Error('this server was started without recordsStatements');
      await exchange(child, 'record');
      await work();
      return (await exchange(child, 'take')) as CapturedStatement[];
    },
    cpuMs: () => cpuMsOf(child.pid),
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Clock ticks a second, the unit of /proc/<pid>/stat's CPU times (Linux's usual 100 when getconf cannot say). */
const ticksPerSecond = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** A process's user and system CPU time in ms, from /proc/<pid>/stat (Linux); null elsewhere. */
function cpuMsOf(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The fields after the command name, which is in parentheses and may hold spaces: utime and stime are the 14th and 15th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
}

/** Sends `message` to the server process and resolves with its reply (serve.ts answers each in turn). */
function exchange(child: ChildProcess, message: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.send(message, (error) => error && reject(error));
  });
}
