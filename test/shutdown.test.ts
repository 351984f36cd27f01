import http from 'node:http';
import { startHubProcess } from './support/hub-process.js';
import { eventually } from './support/subscriber.js';
import { cloneTemplate } from './support/test-database.js';
import WebSocket from 'ws';

/**
 * SIGTERM as a deployment sends it: the hub stops accepting connections,
 * lets the requests it has begun finish, completes its subscriptions,
 * closes the database and exits 0.
 */
it('on SIGTERM finishes in-flight requests, closes subscriptions, refuses new connections and exits cleanly', async () => {
  const hub = await startHubProcess(await cloneTemplate());
  const { port } = new URL(hub.url);

  // A live subscription.
  const ws = new WebSocket(hub.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
  const messages: { type: string }[] = [];
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  ws.on('message', (data) => messages.push(JSON.parse(String(data))));
  await new Promise((resolve) => ws.on('open', resolve));
  ws.send(JSON.stringify({ type: 'connection_init' }));
  await eventually(() => messages.some((message) => message.type === 'connection_ack'));
  ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 'subscription { webinarAnnounced { webinar { title } } }' } }));

  // A request in flight: the server has its headers (it answered 100 Continue), its body is still to come.
  const body = JSON.stringify({ query: '{ workingGroups { totalCount } }' });
  let sendBody!: () => void;
  const received = new Promise<void>((resolve) => (sendBody = resolve));
  const inFlight = new Promise<{ status: number; text: string }>((resolve, reject) => {
    const request = http.request(
      { host: '127.0.0.1', port, path: '/graphql', method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), expect: '100-continue' } },
      (response) => {
        let text = '';
        response.on('data', (chunk) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode!, text }));
      },
    );
    request.on('error', reject);
    request.on('continue', () => {
      sendBody();
      request.write(body.slice(0, 10));
      setTimeout(() => request.end(body.slice(10)), 1_000);
    });
    request.flushHeaders();
  });
  await received;

  const exited = hub.stop();
  // The subscription ends (1001: going away) and new connections are refused while the request finishes.
  expect(await closed).toBe(1001);
  await expect(fetch(hub.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).rejects.toThrow();
  const answer = await inFlight;
  expect(answer.status).toBe(200);
  expect(JSON.parse(answer.text)).toEqual({ data: { workingGroups: { totalCount: 5 } } });
  expect(await exited).toBe(0);
  expect(hub.output()).toMatch(/"msg":"stopped"/);
}, 30_000);
