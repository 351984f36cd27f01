import type http from 'node:http';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import Negotiator from 'negotiator';

/**
 * Compression of whole response bodies (Content-Encoding), br or gzip as the
 * client accepts them, in the order it lists them.
 *
 * Apollo hands a response over whole, so it is compressed in one call rather
 * than through a zlib stream, which does the work on zlib's thread pool and
 * costs each response some half a millisecond of hand-overs: a 13 kB page of
 * search results answered from the response cache took 0.67 ms a request
 * with a stream (the `compression` middleware), 0.14 ms compressed in one
 * call, of which the compressing is 0.1. Only bodies too large to hold the
 * event loop for go to the thread pool.
 */
export type ContentCoding = 'br' | 'gzip' | 'identity';

const CODINGS: ContentCoding[] = ['br', 'gzip', 'identity'];

/** Shorter bodies go out as they are: compressing them saves less than a packet. */
export const MIN_COMPRESSED_BYTES = 1024;

/** Bodies up to this size are compressed on the event loop (some 7 µs a kilobyte), larger ones on the thread pool. */
const MAX_INLINE_BYTES = 256 * 1024;

// Brotli 3 and gzip 4 cost the same here and shrink a JSON page about as much (to under a third);
// higher levels took half as long again for a few per cent.
const BROTLI = { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 3 } };
const GZIP = { level: 4 };

const brotliAsync = promisify(zlib.brotliCompress);
const gzipAsync = promisify(zlib.gzip);

/** The coding a response to `req` is sent in (identity when the client accepts none of ours). */
export function contentCodingOf(req: http.IncomingMessage): ContentCoding {
  return (new Negotiator(req).encoding(CODINGS) as ContentCoding | undefined) ?? 'identity';
}

/** A response body as it goes out. */
export interface EncodedBody {
  coding: ContentCoding;
  bytes: Buffer | string;
  /** Whether another Accept-Encoding could have had it in another coding (it is long enough to compress). */
  varies: boolean;
}

/** `body` in `coding`, or as it is when that is identity or the body is too short to be worth compressing. */
export async function encodeBody(body: string, coding: ContentCoding): Promise<EncodedBody> {
  const length = Buffer.byteLength(body);
  const varies = length >= MIN_COMPRESSED_BYTES;
  if (coding === 'identity' || !varies) return { coding: 'identity', bytes: body, varies };
  const inline = length <= MAX_INLINE_BYTES;
  if (coding === 'br') return { coding, bytes: inline ? zlib.brotliCompressSync(body, BROTLI) : await brotliAsync(body, BROTLI), varies };
  return { coding, bytes: inline ? zlib.gzipSync(body, GZIP) : await gzipAsync(body, GZIP), varies };
}

/** Ends `res` with the body, naming its coding. */
export function endWithBody(res: http.ServerResponse, body: EncodedBody): void {
  // Caches in between keep one answer per coding.
  if (body.varies) res.appendHeader('vary', 'Accept-Encoding');
  if (body.coding !== 'identity') res.setHeader('content-encoding', body.coding);
  res.end(body.bytes);
}
