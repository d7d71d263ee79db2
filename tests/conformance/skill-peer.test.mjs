// Microsoft's own botbuilder-js as SupportBot's peer: a root bot built on CloudAdapter calls SupportBot as a
// skill through the SDK's BotFrameworkClient (so Microsoft's code sends us activities), and SupportBot's
// replies come back through the SDK's CloudSkillHandler routes (so Microsoft's code accepts ours) and on to
// the user's channel. Anonymous auth on loopback, as the SDK allows for local development.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  ActivityTypes,
  ChannelServiceRoutes,
  CloudAdapter,
  CloudSkillHandler,
  ConfigurationBotFrameworkAuthentication,
  MemoryStorage,
  SkillConversationIdFactory,
} from 'botbuilder';
import { createRouter } from './http-router.mjs';
import { startSupportBot } from './supportbot-host.mjs';

const auth = new ConfigurationBotFrameworkAuthentication({});
const adapter = new CloudAdapter(auth);
const conversationIds = new SkillConversationIdFactory(new MemoryStorage());
const router = createRouter();
const channelLog = []; // what reached the user's channel: { path, activity }
let supportBot;
let rootUrl;

// The root bot hands every activity from the user to SupportBot and remembers what the skill answered.
async function rootBotLogic(context) {
  const skill = { id: 'supportbot', appId: '', skillEndpoint: `${supportBot.url}/api/messages` };
  const skillConversationId = await conversationIds.createSkillConversationIdWithOptions({
    fromBotOAuthScope: '',
    fromBotId: '',
    activity: context.activity,
    botFrameworkSkill: skill,
  });
  const client = auth.createBotFrameworkClient();
  const response = await client.postActivity('', '', skill.skillEndpoint, `${rootUrl}/api/skills/`, skillConversationId, context.activity);
  lastSkillResponse = response;
}
let lastSkillResponse;

const skillHandler = new CloudSkillHandler(adapter, rootBotLogic, conversationIds, auth);
new ChannelServiceRoutes(skillHandler).register(router, '/api/skills');
router.post('/api/messages', (req, res) => adapter.process(req, res, rootBotLogic));
const recordChannel = (req, res) => {
  channelLog.push({ path: req.url ?? '', conversationId: req.params.conversationId, activityId: req.params.activityId, activity: req.body });
  res.status(200).send({ id: `channel-${channelLog.length}` }).end();
};
router.post('/channel/v3/conversations/:conversationId/activities/:activityId', recordChannel);
router.post('/channel/v3/conversations/:conversationId/activities', recordChannel);

before(async () => {
  rootUrl = await router.listen();
  // The typing indicator at once, however quick the answer: that it too travels back through the skill handler is checked.
  // The host runs as Production, where /api/messages without an app id is closed unless opened explicitly; open, it
  // replies to loopback serviceUrls only, which the root bot's skill handler is.
  supportBot = await startSupportBot({ 'Answering:TypingDelay': '00:00:00', 'Bot:AllowUnauthenticatedMessages': 'true' });
});

after(async () => {
  await router.close();
  await supportBot?.stop();
});

function userActivity(conversationId, fields) {
  return {
    channelId: 'emulator',
    serviceUrl: `${rootUrl}/channel/`,
    conversation: { id: conversationId },
    from: { id: 'user-1', name: 'Customer', role: 'user' },
    recipient: { id: 'root-bot', name: 'Root bot', role: 'bot' },
    locale: 'en-US',
    timestamp: new Date().toISOString(),
    ...fields,
  };
}

async function sendToRootBot(activity, { expectOk = true } = {}) {
  const response = await fetch(`${rootUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });
  if (expectOk) assert.ok(response.status < 300, `the root bot answered ${response.status}`);
}

async function waitFor(predicate, what) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const found = channelLog.find(predicate);
    if (found) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`timed out waiting for ${what}; the channel saw ${JSON.stringify(channelLog.map((e) => e.activity.type))}\n${supportBot.log.slice(-3000)}`);
}

test('a question forwarded by the SDK is answered through the SDK skill handler, as a reply to the question', async () => {
  const conversationId = `conv-${Date.now()}`;
  await sendToRootBot(userActivity(conversationId, { type: ActivityTypes.Message, id: 'q-1', text: 'How do I reset my password?' }));

  const answer = await waitFor((e) => e.conversationId === conversationId && e.activity.type === 'message', 'the answer');
  assert.equal(lastSkillResponse.status, 200);
  assert.equal(answer.activityId, 'q-1', 'the answer is a reply to the question');
  assert.match(answer.activity.text, /password/i);
  assert.match(answer.activity.text, /\/kb\/account\/reset-password/);
  assert.equal(answer.activity.from.id, 'root-bot', "the skill handler re-addresses SupportBot's reply from the root bot");
  assert.equal(answer.activity.conversation.id, conversationId, 'the reply is mapped back to the user conversation');
  assert.ok(
    channelLog.some((e) => e.conversationId === conversationId && e.activity.type === 'typing'),
    'a typing indicator went out before the answer',
  );
});

test('a new member is welcomed through the same route', async () => {
  const conversationId = `conv-welcome-${Date.now()}`;
  await sendToRootBot(
    userActivity(conversationId, {
      type: ActivityTypes.ConversationUpdate,
      id: 'join-1',
      membersAdded: [{ id: 'user-1', name: 'Customer' }],
    }),
  );
  const welcome = await waitFor((e) => e.conversationId === conversationId && e.activity.type === 'message', 'the welcome');
  assert.match(welcome.activity.text, /support assistant/i);
});

test('with deliveryMode expectReplies the SDK gets the answer in the response body', async () => {
  const conversationId = `conv-expect-${Date.now()}`;
  await sendToRootBot(
    userActivity(conversationId, { type: ActivityTypes.Message, id: 'q-2', text: 'How long does a refund take?', deliveryMode: 'expectReplies' }),
  );
  assert.equal(lastSkillResponse.status, 200);
  const replies = lastSkillResponse.body.activities;
  assert.ok(Array.isArray(replies) && replies.length > 0, `expected activities in ${JSON.stringify(lastSkillResponse.body)}`);
  assert.match(replies.at(-1).text, /refund/i);
  assert.match(replies.at(-1).text, /\/kb\/billing\/refund-timing/);
  assert.ok(!channelLog.some((e) => e.conversationId === conversationId), 'nothing was sent through the connector');
});

test('an invoke SupportBot does not handle gets 501, which the SDK reports as the invoke status', async () => {
  const conversationId = `conv-invoke-${Date.now()}`;
  await sendToRootBot(userActivity(conversationId, { type: ActivityTypes.Invoke, id: 'inv-1', name: 'unknown/thing', value: {} }), { expectOk: false });
  assert.equal(lastSkillResponse.status, 501);
});
