import zlib from 'node:zlib';
import { encodeBody, MIN_COMPRESSED_BYTES } from '../src/graphql/response-encoding.js';

describe('response bodies', () => {
  // Some bodies are compressed on the event loop, the largest on zlib's thread pool: both must give the body back.
  const body = (bytes: number) => JSON.stringify({ data: { items: Array.from({ length: Math.ceil(bytes / 40) }, (_, index) => ({ id: index, title: `Budget ${index}` })) } });

  it.each([
    ['a page', 20_000],
    ['a body too large to compress on the event loop', 600_000],
  ])('compresses %s in br and gzip, and decompressing gives it back', async (_, bytes) => {
    const text = body(bytes);
    const br = await encodeBody(text, 'br');
    const gzip = await encodeBody(text, 'gzip');
    expect([br.coding, gzip.coding]).toEqual(['br', 'gzip']);
    expect(zlib.brotliDecompressSync(br.bytes).toString('utf8')).toBe(text);
    expect(zlib.gunzipSync(gzip.bytes).toString('utf8')).toBe(text);
    expect(br.bytes.length).toBeLessThan(text.length / 4);
    expect(br.varies && gzip.varies).toBe(true);
  });

  it('leaves short bodies as they are, and says they do not vary with the coding asked for', async () => {
    const text = 'é'.repeat(MIN_COMPRESSED_BYTES / 2 - 1);
    expect(await encodeBody(text, 'br')).toEqual({ coding: 'identity', bytes: text, varies: false });
    // Counted in bytes, not characters: this one is over the threshold.
    expect((await encodeBody(`${text}éé`, 'br')).coding).toBe('br');
  });
});
