/**
 * A client that asks a server for a file and then reads nothing (its socket paused after the
 * first bytes): it holds one of a relay's transfer slots for as long as the test keeps it.
 * Used by the relay's load tests and the app's Share card e2e.
 */
import { connect, type Socket } from 'node:net';

export function stallingClient(url: string, path: string): Promise<Socket> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const s = connect({ host: u.hostname, port: Number(u.port) }, () => {
      s.write(`GET /${path} HTTP/1.1\r\nHost: ${u.host}\r\n\r\n`);
      s.once('data', () => {
        s.pause();
        resolve(s);
      });
    });
    s.on('error', () => {});
    s.once('close', () => reject(new Error('closed before an answer')));
  });
}
