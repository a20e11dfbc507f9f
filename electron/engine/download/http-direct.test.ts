import { afterEach, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { chunkedDecoder, httpGetStream, NetError } from './http';

/** A raw TCP server that answers every connection with `answer(socket)` (after the request head). */
async function rawServer(answer: (s: Socket) => void): Promise<{ url: string; server: Server }> {
  const server = createServer((s) => {
    let head = '';
    s.on('data', (d) => {
      if (head.includes('\r\n\r\n')) return;
      head += d.toString('latin1');
      if (head.includes('\r\n\r\n')) answer(s);
    });
    s.on('error', () => {});
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}/f.bin`, server };
}

/** Write pieces with pauses, so the reader sees them in separate reads. */
async function dribble(s: Socket, pieces: Array<string | Buffer>, end = true): Promise<void> {
  for (const p of pieces) {
    s.write(p);
    await new Promise((r) => setTimeout(r, 5));
  }
  if (end) s.end();
}

function collect(): { chunks: Buffer[]; onChunk: (b: Buffer) => void; all: () => Buffer } {
  const chunks: Buffer[] = [];
  return { chunks, onChunk: (b) => void chunks.push(Buffer.from(b)), all: () => Buffer.concat(chunks) };
}

let servers: Server[] = [];
afterEach(async () => {
  for (const s of servers) await new Promise((r) => s.close(r));
  servers = [];
});

describe('chunked decoder', () => {
  it('decodes whatever the split of its input', () => {
    const body = randomBytes(300);
    const wire = Buffer.concat([
      Buffer.from('a;ext=1\r\n'),
      body.subarray(0, 10),
      Buffer.from('\r\n122\r\n'),
      body.subarray(10),
      Buffer.from('\r\n0\r\nx-trailer: 1\r\n\r\n'),
    ]);
    for (let cut = 0; cut <= wire.length; cut++) {
      const out: Buffer[] = [];
      const d = chunkedDecoder((b) => void out.push(Buffer.from(b)));
      const first = d.push(wire.subarray(0, cut));
      const done = d.push(wire.subarray(cut));
      expect(first && cut < wire.length - 2).toBe(false);
      expect(done || first).toBe(true);
      expect(Buffer.concat(out).equals(body)).toBe(true);
    }
  });

  it('refuses a bad chunk size', () => {
    expect(() => chunkedDecoder(() => {}).push(Buffer.from('zz\r\n'))).toThrow(/chunk size/);
  });
});

describe('direct HTTP/1.1 reader (httpGetStream on http:// without a proxy)', () => {
  it('reads a chunked body after a 100 Continue, with headers and trailers', async () => {
    const body = randomBytes(50_000);
    const { url, server } = await rawServer((s) =>
      void dribble(s, [
        'HTTP/1.1 100 Continue\r\n\r\n',
        'HTTP/1.1 200 OK\r\nETag: "x"\r\nTransfer-Encoding: chunked\r\n',
        '\r\n',
        `${(20_000).toString(16)}\r\n`,
        body.subarray(0, 20_000),
        `\r\n${(30_000).toString(16)}\r\n`,
        body.subarray(20_000),
        '\r\n0\r\n\r\n',
      ], false),
    );
    servers.push(server);
    const res = await httpGetStream(url, { env: {} });
    expect(res.via).toBe('direct');
    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe('"x"');
    const c = collect();
    expect(await res.body.consume(c.onChunk)).toBeNull();
    expect(c.all().equals(body)).toBe(true);
  });

  it('reads a body delimited by the close, and body bytes that came with the head', async () => {
    const body = randomBytes(100_000);
    const { url, server } = await rawServer((s) => void dribble(s, [Buffer.concat([Buffer.from('HTTP/1.0 200 OK\r\n\r\n'), body.subarray(0, 1000)]), body.subarray(1000)]));
    servers.push(server);
    const res = await httpGetStream(url, { env: {} });
    const c = collect();
    expect(await res.body.consume(c.onChunk)).toBeNull();
    expect(c.all().equals(body)).toBe(true);
  });

  it('reports a body cut short of its Content-Length as a network error, after handing out what came', async () => {
    const { url, server } = await rawServer((s) => void dribble(s, ['HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n', Buffer.alloc(400, 1)]));
    servers.push(server);
    const res = await httpGetStream(url, { env: {} });
    const c = collect();
    const err = await res.body.consume(c.onChunk);
    expect(err).toBeInstanceOf(NetError);
    expect((err as NetError).kind).toBe('network');
    expect(c.all().length).toBe(400);
  });

  it('stops at the Content-Length and stops the transfer when the consumer throws', async () => {
    const { url, server } = await rawServer((s) => void dribble(s, ['HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhelloEXTRA'], false));
    servers.push(server);
    const res = await httpGetStream(url, { env: {} });
    const c = collect();
    expect(await res.body.consume(c.onChunk)).toBeNull();
    expect(c.all().toString()).toBe('hello');

    const boom = new Error('boom');
    const res2 = await httpGetStream(url, { env: {} });
    expect(
      await res2.body.consume(() => {
        throw boom;
      }),
    ).toBe(boom);
  });

  it('times out a server that never answers, and a body that stalls', async () => {
    const { url, server } = await rawServer(() => {});
    servers.push(server);
    await expect(httpGetStream(url, { env: {}, connectTimeoutMs: 100 })).rejects.toMatchObject({ name: 'NetError', kind: 'timeout' });

    const stall = await rawServer((s) => void dribble(s, ['HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nab'], false));
    servers.push(stall.server);
    const res = await httpGetStream(stall.url, { env: {}, idleTimeoutMs: 100 });
    expect(await res.body.consume(() => {})).toMatchObject({ name: 'NetError', kind: 'timeout' });
  });

  it('is cancelled by its signal', async () => {
    const { url, server } = await rawServer(() => {});
    servers.push(server);
    const ac = new AbortController();
    const p = httpGetStream(url, { env: {}, signal: ac.signal });
    setTimeout(() => ac.abort(), 20);
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('refuses a header value with a line break (no header injection)', async () => {
    await expect(httpGetStream('http://127.0.0.1:9/x', { env: {}, headers: { 'if-range': '"a"\r\nX: y' } })).rejects.toBeInstanceOf(NetError);
  });
});
