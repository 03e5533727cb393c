// One Prism proxy serves the whole run, but each test starts its own local PayPal. Prism forwards to
// this switchboard, which forwards each request to the loopback port its `x-upstream-port` header names.
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

export const UPSTREAM_PORT_HEADER = 'x-upstream-port';

export async function startSwitchboard(): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((incoming, outgoing) => {
    const port = Number(incoming.headers[UPSTREAM_PORT_HEADER]);
    if (!Number.isInteger(port) || port <= 0) return void outgoing.writeHead(421).end(`no ${UPSTREAM_PORT_HEADER} header`);
    const forwarded = request({ host: '127.0.0.1', port, method: incoming.method, path: incoming.url, headers: incoming.headers }, (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    });
    // A dropped upstream connection is dropped onwards, so Prism sees what the client would.
    forwarded.on('error', () => outgoing.destroy());
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
