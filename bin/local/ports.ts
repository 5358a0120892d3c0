// Loopback ports: every local service listens on 127.0.0.1 only.
import { createServer } from 'node:net';

export const LOOPBACK = '127.0.0.1';

/** A free loopback port chosen by the OS. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Fails with a clear message when another program holds the port. */
export function assertPortFree(port: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', () =>
      reject(
        new Error(`port ${port} (${what}) is in use: stop the program using it, or another 'rounds start'`),
      ),
    );
    server.listen(port, LOOPBACK, () => server.close(() => resolve()));
  });
}
