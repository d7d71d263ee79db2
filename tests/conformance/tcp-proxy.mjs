// A loopback TCP proxy a test can cut, as a network failure would: drop() destroys every connection through it at
// once (both sides), hold() keeps new connections waiting until release(). Nothing in the host is involved.
import { connect, createServer } from 'node:net';

export async function startProxy(targetUrl) {
  const target = new URL(targetUrl);
  const open = new Set();
  let held = null;
  let release = () => {};
  const proxy = {
    streams: 0,
    url: '',
    drop() {
      for (const socket of open) socket.destroy();
      open.clear();
    },
    hold() {
      held = new Promise((resolve) => (release = resolve));
    },
    release() {
      held = null;
      release();
    },
    close() {
      proxy.drop();
      return new Promise((resolve) => server.close(resolve));
    },
  };
  const server = createServer(async (client) => {
    open.add(client);
    client.on('error', () => client.destroy());
    await held;
    if (client.destroyed) return;
    const upstream = connect(Number(target.port), target.hostname);
    open.add(upstream);
    const end = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    upstream.on('error', end).on('close', end);
    client.on('close', end);
    // Counts the WebSocket streams opened through the proxy (their request line names the stream URL).
    client.once('data', (chunk) => {
      if (/^GET [^ ]*\/stream\?/.test(chunk.toString('latin1'))) proxy.streams++;
    });
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${server.address().port}`;
  return proxy;
}
