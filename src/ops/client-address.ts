import type http from 'node:http';

/**
 * The address of the client behind a request. With `trustedProxies` = 0 it
 * is the connection's own address and X-Forwarded-For is ignored (anyone
 * can write that header). Behind n proxies of your own, each appending the
 * address it received from, the client is the n-th address from the right
 * of X-Forwarded-For, counting the connection's as the last: entries
 * further left were written by the client and cannot be trusted.
 */
export function clientAddress(req: http.IncomingMessage, trustedProxies: number): string {
  const connection = req.socket.remoteAddress ?? 'unknown';
  if (trustedProxies === 0) return connection;
  const header = req.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map((entry) => entry.trim()).filter(Boolean);
  const chain = [...forwarded, connection];
  return chain[Math.max(0, chain.length - 1 - trustedProxies)];
}
