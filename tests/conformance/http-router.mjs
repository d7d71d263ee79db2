// The little of express that botbuilder's ChannelServiceRoutes and CloudAdapter.process need, on node:http:
// routes with :params, a parsed JSON body, and res.status/header/send/end.
import { createServer } from 'node:http';

export function createRouter() {
  const routes = [];
  const add = (method) => (path, handler) => {
    const names = [];
    const pattern = new RegExp('^' + path.replace(/:([A-Za-z]+)/g, (_, name) => (names.push(name), '([^/]+)')) + '$');
    routes.push({ method, pattern, names, handler });
  };
  const router = { post: add('POST'), put: add('PUT'), get: add('GET'), delete: add('DELETE') };

  router.server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', async () => {
      const url = new URL(req.url, 'http://localhost');
      const route = routes.find((r) => r.method === req.method && r.pattern.test(url.pathname));
      if (!route) {
        res.writeHead(404).end();
        return;
      }
      const match = route.pattern.exec(url.pathname);
      req.params = Object.fromEntries(route.names.map((name, i) => [name, decodeURIComponent(match[i + 1])]));
      try {
        req.body = raw ? JSON.parse(raw) : undefined;
      } catch {
        res.writeHead(400).end();
        return;
      }
      let status = 200;
      let body;
      const headers = {};
      const response = {
        socket: req.socket,
        status(code) { status = code; return response; },
        header(name, value) { headers[name] = value; return response; },
        setHeader(name, value) { headers[name] = value; return response; },
        send(value) { body = value; return response; },
        end() {
          if (res.writableEnded) return;
          if (body === undefined || body === null) {
            res.writeHead(status, headers).end();
          } else {
            res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(typeof body === 'string' ? body : JSON.stringify(body));
          }
        },
      };
      try {
        await route.handler(req, response, () => {});
      } catch (err) {
        if (!res.writableEnded) res.writeHead(500).end(String(err));
      }
    });
  });

  router.listen = () =>
    new Promise((resolve) => router.server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${router.server.address().port}`)));
  router.close = () => new Promise((resolve) => router.server.close(resolve));
  return router;
}
