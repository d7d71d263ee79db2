// Microsoft's own botframework-directlinejs (the client inside Web Chat) as SupportBot's peer: it starts
// conversations, posts, and receives over the WebSocket stream and over polling, resumes from a watermark, and
// reads expired tokens and unknown conversations the way it does against Microsoft's service.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';
import { startSupportBot } from './supportbot-host.mjs';
import { startProxy } from './tcp-proxy.mjs';

// DirectLineJS is written for browsers: Node 20 lends it XMLHttpRequest and WebSocket. A browser's
// XMLHttpRequest sends FormData (uploads); xhr2 does not, so it is taught to, with the multipart encoding fetch
// itself produces.
const require = createRequire(import.meta.url);
const NodeXMLHttpRequest = require('xhr2');
class BrowserLikeXMLHttpRequest extends NodeXMLHttpRequest {
  send(body) {
    if (!(body instanceof FormData)) return super.send(body);
    const encoded = new Response(body);
    encoded.arrayBuffer().then((bytes) => {
      this.setRequestHeader('Content-Type', encoded.headers.get('content-type'));
      super.send(Buffer.from(bytes));
    });
  }
}
globalThis.XMLHttpRequest = BrowserLikeXMLHttpRequest;
globalThis.WebSocket = require('ws');
const { DirectLine, ConnectionStatus } = require('botframework-directlinejs');

const signingKey = 'conformance-signing-key-0123456789abcdef';
const secret = 'conformance-directline-secret-0123456789';
let supportBot;
const clients = [];

before(async () => {
  supportBot = await startSupportBot({ 'DirectLine:TokenSigningKey': signingKey, 'DirectLine:Secret': secret });
});

after(async () => {
  for (const client of clients) client.end();
  await supportBot?.stop();
});

async function pageToken() {
  const response = await fetch(`${supportBot.url}/api/directline/token`, { method: 'POST' });
  assert.equal(response.status, 200);
  return response.json();
}

function connect(options) {
  const client = new DirectLine({ domain: `${supportBot.url}/v3/directline`, pollingInterval: 200, ...options });
  clients.push(client);
  const seen = [];
  const statuses = [];
  const errors = [];
  // DirectLineJS ends its streams with an error when the token expires or the conversation ends.
  client.activity$.subscribe({ next: (activity) => seen.push(activity), error: (error) => errors.push(error) });
  client.connectionStatus$.subscribe({ next: (status) => statuses.push(status), error: (error) => errors.push(error) });
  return { client, seen, statuses, errors };
}

async function until(predicate, what, peer) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const found = await predicate();
    if (found) return found;
    await new Promise((r) => setTimeout(r, 50));
  }
  const seen = JSON.stringify(peer?.seen?.map((a) => [a.type, a.text?.slice(0, 40)]) ?? []);
  assert.fail(`timed out waiting for ${what}; saw ${seen}, statuses ${JSON.stringify(peer?.statuses)}, errors ${peer?.errors}\n${supportBot.log.slice(-2000)}`);
}

function post(client, activity) {
  return new Promise((resolve, reject) => client.postActivity(activity).subscribe({ next: resolve, error: reject }));
}

const fromBot = (a) => a.from?.role === 'bot' || a.from?.id === 'supportbot';

for (const transport of ['WebSocket', 'polling']) {
  test(`over ${transport}: welcome, an echoed question with the id postActivity gave, and the answer`, async () => {
    const { token, conversationId } = await pageToken();
    const peer = connect({ token, webSocket: transport === 'WebSocket' });

    const welcome = await until(() => peer.seen.find((a) => a.type === 'message' && fromBot(a)), 'the welcome', peer);
    assert.match(welcome.text, /support assistant/);
    const id = await post(peer.client, { type: 'message', from: { id: 'customer-1' }, text: 'How do I reset my password?' });
    assert.match(id, /\|\d{7}$/, 'Direct Line ids are conversation|sequence');
    if (conversationId) assert.ok(id.startsWith(conversationId));

    const echo = await until(() => peer.seen.find((a) => a.id === id), 'the echo of the question', peer);
    assert.equal(echo.text, 'How do I reset my password?');
    const answer = await until(() => peer.seen.find((a) => a.type === 'message' && fromBot(a) && a.replyToId === id), 'the answer', peer);
    assert.match(answer.text, /\/kb\/account\/reset-password/);
    assert.ok(peer.statuses.includes(ConnectionStatus.Online));
    // Nothing arrives twice, whatever the transport.
    const ids = peer.seen.map((a) => a.id);
    assert.equal(new Set(ids).size, ids.length, `duplicates in ${JSON.stringify(ids)}`);
  });
}

test('a client resuming from a watermark gets only what came after it, once', async () => {
  const { token } = await pageToken();
  const first = connect({ token, webSocket: true });
  const question = await post(first.client, { type: 'message', from: { id: 'customer-2' }, text: 'How long does a refund take?' });
  await until(() => first.seen.find((a) => fromBot(a) && a.replyToId === question), 'the first answer', first);
  const conversationId = first.client.conversationId;
  // The watermark DirectLineJS itself kept from the activity sets it received, as a page would save it.
  const { watermark } = first.client;
  assert.ok(watermark, 'DirectLineJS kept a watermark');
  const already = first.seen.length;
  first.client.end();

  // A reloaded page: the same token and conversation, the watermark of what it had shown.
  const resumed = connect({ token, conversationId, watermark, webSocket: true });
  const again = await post(resumed.client, { type: 'message', from: { id: 'customer-2' }, text: 'How do I track my order?' });
  await until(() => resumed.seen.find((a) => fromBot(a) && a.replyToId === again), 'the second answer', resumed);

  assert.ok(!resumed.seen.some((a) => a.replyToId === question), 'nothing before the watermark is replayed');
  const ids = resumed.seen.map((a) => a.id);
  assert.equal(new Set(ids).size, ids.length, `duplicates in ${JSON.stringify(ids)}`);
  assert.ok(already >= 3);
});

test('after the network drops the WebSocket, DirectLineJS reconnects by itself and gets every activity once', async () => {
  // DirectLineJS reaches the host through a proxy that the test cuts; the host itself is untouched.
  const proxy = await startProxy(supportBot.url);
  try {
    const { token } = await pageToken();
    // DirectLineJS waits 3-15 s (3 s + random() x 12 s) before it reconnects; its random service makes it 3 s.
    const peer = connect({ token, webSocket: true, domain: `${proxy.url}/v3/directline`, random: () => 0 });
    const first = await post(peer.client, { type: 'message', from: { id: 'customer-8' }, text: 'How do I reset my password?' });
    await until(() => peer.seen.find((a) => fromBot(a) && a.replyToId === first), 'the first answer', peer);
    assert.equal(proxy.streams, 1);

    // The connection drops, and new ones wait, while the conversation goes on without this client: the customer
    // writes from another tab and the bot answers.
    proxy.hold();
    proxy.drop();
    const conversationId = peer.client.conversationId;
    const activities = `${supportBot.url}/v3/directline/conversations/${conversationId}/activities`;
    const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
    const missed = await fetch(activities, { method: 'POST', headers, body: JSON.stringify({ type: 'message', from: { id: 'customer-8' }, text: 'How long does a refund take?' }) })
      .then((r) => r.json());
    const log = async () => (await fetch(activities, { headers }).then((r) => r.json())).activities;
    await until(async () => (await log()).some((a) => fromBot(a) && a.replyToId === missed.id), 'the answer given while the client was away', peer);
    proxy.release();

    // DirectLineJS reconnects from its watermark on its own; what it missed arrives, and it carries on.
    await until(() => peer.seen.find((a) => fromBot(a) && a.replyToId === missed.id), 'the missed answer, after the reconnect', peer);
    const last = await post(peer.client, { type: 'message', from: { id: 'customer-8' }, text: 'How do I track my order?' });
    await until(() => peer.seen.find((a) => fromBot(a) && a.replyToId === last), 'the answer after the reconnect', peer);
    assert.ok(proxy.streams >= 2, `DirectLineJS opened ${proxy.streams} streams`);

    // Every activity of the conversation exactly once: none lost, none twice (typing indicators are stream-only).
    const seen = peer.seen.filter((a) => a.type !== 'typing').map((a) => a.id);
    assert.equal(new Set(seen).size, seen.length, `duplicates in ${JSON.stringify(seen)}`);
    assert.deepEqual([...seen].sort(), (await log()).map((a) => a.id).sort());
  } finally {
    proxy.release();
    await proxy.close();
  }
});

test('a refreshed token keeps the conversation', async () => {
  const { token } = await pageToken();
  const peer = connect({ token, webSocket: false });
  await until(() => peer.seen.find((a) => fromBot(a)), 'the welcome', peer);
  const refreshed = await fetch(`${supportBot.url}/v3/directline/tokens/refresh`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
  assert.equal(refreshed.status, 200);
  const body = await refreshed.json();
  assert.equal(body.conversationId, peer.client.conversationId);
  assert.ok(body.expires_in > 0);

  const later = connect({ token: body.token, conversationId: body.conversationId, webSocket: false });
  const id = await post(later.client, { type: 'message', from: { id: 'customer-3' }, text: 'How do I reset my password?' });
  await until(() => later.seen.find((a) => fromBot(a) && a.replyToId === id), 'the answer with the refreshed token', later);
});

test('a message with a file is uploaded the way DirectLineJS does it, and the file is served back', async () => {
  // DirectLineJS fetches each attachment's contentUrl (a blob: URL in a browser) before uploading it.
  const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
  const files = createServer((request, response) => response.writeHead(200, { 'Content-Type': 'image/png' }).end(png));
  await new Promise((r) => files.listen(0, '127.0.0.1', r));
  try {
    const { token } = await pageToken();
    const peer = connect({ token, webSocket: true });
    const id = await post(peer.client, {
      type: 'message',
      from: { id: 'customer-6' },
      text: 'My hub shows this light',
      attachments: [{ contentType: 'image/png', contentUrl: `http://127.0.0.1:${files.address().port}/hub.png`, name: 'hub.png' }],
    });

    const echo = await until(() => peer.seen.find((a) => a.id === id), 'the echo of the upload', peer);
    assert.equal(echo.text, 'My hub shows this light');
    assert.equal(echo.attachments.length, 1);
    const [attachment] = echo.attachments;
    assert.equal(attachment.name, 'hub.png');
    assert.equal(attachment.contentType, 'image/png');
    assert.ok(attachment.contentUrl.startsWith(`${supportBot.url}/v3/directline/attachments/`), attachment.contentUrl);
    const served = await fetch(attachment.contentUrl);
    assert.equal(served.status, 200);
    assert.equal(served.headers.get('content-type'), 'image/png');
    assert.equal(served.headers.get('x-content-type-options'), 'nosniff');
    assert.deepEqual(Buffer.from(await served.arrayBuffer()), png);
  } finally {
    files.close();
  }
});

test('an upload over the size limit is refused with 413 and nothing reaches the conversation', async () => {
  const { token, conversationId } = await pageToken();
  const peer = connect({ token, webSocket: false });
  await until(() => peer.seen.find((a) => fromBot(a)), 'the welcome', peer);
  const form = new FormData();
  form.append('file', new Blob([Buffer.alloc(5 * 1024 * 1024)], { type: 'application/octet-stream' }), 'big.bin');

  const response = await fetch(`${supportBot.url}/v3/directline/conversations/${conversationId}/upload?userId=customer-7`, {
    method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: form,
  });

  assert.equal(response.status, 413);
  assert.equal((await response.json()).error.code, 'MessageSizeTooBig');
  const activities = await fetch(`${supportBot.url}/v3/directline/conversations/${conversationId}/activities`, { headers: { Authorization: `Bearer ${token}` } }).then((r) => r.json());
  assert.ok(!activities.activities.some((a) => a.attachments?.length), 'nothing was stored');
});

// A page that kept its token and stream URL goes Online at once and polls; what the poll answers decides.
test('a poll with an expired token reports ExpiredToken, as against the service', async () => {
  const { conversationId } = await fetch(`${supportBot.url}/v3/directline/conversations`, { method: 'POST', headers: { Authorization: `Bearer ${secret}` } }).then((r) => r.json());
  const now = Math.floor(Date.now() / 1000);
  const expired = signToken({ iss: 'supportbot-directline', conv: conversationId, user: 'customer-4', iat: now - 3600, exp: now - 1800 });
  const peer = connect({ token: expired, conversationId, streamUrl: 'ws://unused', webSocket: false });

  await until(() => peer.statuses.includes(ConnectionStatus.ExpiredToken), 'ExpiredToken', peer);
});

test('a poll of a conversation the host does not know reports Ended, as against the service', async () => {
  const now = Math.floor(Date.now() / 1000);
  const token = signToken({ iss: 'supportbot-directline', conv: 'no-such-conversation', user: 'customer-5', iat: now, exp: now + 600 });
  const peer = connect({ token, conversationId: 'no-such-conversation', streamUrl: 'ws://unused', webSocket: false });

  await until(() => peer.statuses.includes(ConnectionStatus.Ended), 'Ended', peer);
});

test('starting with an unknown secret fails to connect: 403 Forbidden', async () => {
  const peer = connect({ secret: 'not-the-secret-at-all-0123456789', webSocket: false });

  await until(() => peer.statuses.includes(ConnectionStatus.FailedToConnect), 'FailedToConnect', peer);
  const refused = await fetch(`${supportBot.url}/v3/directline/conversations`, { method: 'POST', headers: { Authorization: 'Bearer not-the-secret-at-all-0123456789' } });
  assert.equal(refused.status, 403);
  assert.equal((await refused.json()).error.code, 'Forbidden');
});

// A token as the host signs its own (HS256 with the configured key): the test needs one that has expired.
function signToken(claims) {
  const encode = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(claims)}`;
  return `${unsigned}.${createHmac('sha256', signingKey).update(unsigned).digest('base64url')}`;
}
