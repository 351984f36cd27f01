import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

/** A graphql-ws client on the hub at `httpUrl` (same URL, ws: scheme). */
export function wsClient(httpUrl: string, token?: string): Client {
  return createClient({
    url: httpUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: false,
  });
}

/** Collects a subscription's results as they arrive; `next(n)` waits for the n-th. */
export class Subscriber<TData> {
  readonly received: TData[] = [];
  readonly errors: unknown[] = [];
  private waiters: (() => void)[] = [];
  readonly stop: () => void;

  constructor(client: Client, document: TypedDocumentNode<TData, Record<string, unknown>>, variables: Record<string, unknown> = {}) {
    this.stop = client.subscribe<TData>(
      { query: print(document), variables },
      {
        next: (result) => {
          if (result.errors) this.errors.push(...result.errors);
          if (result.data) this.received.push(result.data as TData);
          this.wake();
        },
        error: (error) => {
          this.errors.push(error);
          this.wake();
        },
        complete: () => this.wake(),
      },
    );
  }

  /** Waits until `count` results arrived (or an error), at most `timeoutMs`. */
  async waitFor(count: number, timeoutMs = 2000): Promise<TData[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.received.length < count && this.errors.length === 0) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`expected ${count} events, got ${this.received.length}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => (clearTimeout(timer), resolve()));
      });
    }
    if (this.errors.length) throw new Error(`subscription failed: ${JSON.stringify(this.errors)}`);
    return this.received;
  }

  private wake() {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}

/** Resolves once `condition` holds, polling; fails after `timeoutMs`. */
export async function eventually(condition: () => boolean | Promise<boolean>, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
