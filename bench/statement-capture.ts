import pg from 'pg';

/** A statement as the hub sent it: its name when it ran as a named (prepared) statement. */
export interface CapturedStatement {
  name?: string;
  text: string;
  values: unknown[];
}

/** Statements recorded at the pg driver until `stop`; `take` hands over those recorded so far. */
export interface StatementRecorder {
  take(): CapturedStatement[];
  stop(): void;
}

/**
 * Records every statement this process's pg clients send (name, text and
 * parameters), in order, from now until `stop`: what a request really ran,
 * to count or to replay.
 */
export function recordStatements(): StatementRecorder {
  let captured: CapturedStatement[] = [];
  const prototype = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = prototype.query;
  prototype.query = function (this: unknown, ...args: unknown[]) {
    const [config, params] = args as [string | { name?: string; text: string; values?: unknown[] }, unknown[] | undefined];
    if (typeof config === 'string') captured.push({ text: config, values: Array.isArray(params) ? params : [] });
    else captured.push({ name: config.name, text: config.text, values: config.values ?? [] });
    return original.apply(this, args);
  };
  return {
    take() {
      const taken = captured;
      captured = [];
      return taken;
    },
    stop() {
      prototype.query = original;
    },
  };
}
