// Microsoft's StreamingResponse (teams-ai, on botbuilder 4.23.3) as the reference for a Teams stream and its final
// message. SupportBot answers a Teams personal chat through a fake model that streams its answer; this file plays
// Teams' connector, holding the bot to Teams' streaming rules. The same text is then streamed through
// StreamingResponse, with the same citations, AI label, feedback and attachments, and the two are compared: the
// activity types, the streaminfo entities, cumulative text, the final's id and text, and the schema.org entity.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, test } from 'node:test';
import { BotAdapter, TurnContext } from 'botbuilder';
import { StreamingResponse } from '@microsoft/teams-ai';
import { createRouter } from './http-router.mjs';
import { startSupportBot } from './supportbot-host.mjs';

const answer =
  'Open the Lumora app and tap Sign in, then Forgot password? under the password field [S1]. ' +
  'The reset link we email you works for 60 minutes [S1].';

// An OpenAI-compatible chat endpoint that streams the answer eight characters at a time.
function startModel() {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', async () => {
      if (!req.url.endsWith('/chat/completions')) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const chunk = (delta, finish) =>
        `data: ${JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 0, model: 'test-chat', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
      res.write(chunk({ role: 'assistant', content: '' }, null));
      for (let i = 0; i < answer.length; i += 8) {
        await new Promise((r) => setTimeout(r, 150));
        res.write(chunk({ content: answer.slice(i, i + 8) }, null));
      }
      res.write(chunk({}, 'stop'));
      res.end('data: [DONE]\n\n');
    });
  });
  return new Promise((res) => server.listen(0, '127.0.0.1', () => res({ server, url: `http://127.0.0.1:${server.address().port}/v1` })));
}

// Teams' connector for streamed messages (its streaming documentation): 201 with the stream id for the first
// activity, 202 for continuations that extend the streamed text, and a final whose text is the streamed text.
const teams = { calls: [], shown: '', streamId: 'stream-1' };
function teamsRules(activity) {
  const info = (activity.entities ?? []).find((e) => e.type === 'streaminfo');
  if (!info) return [200, { id: 'message-1' }];
  if (!info.streamId) return activity.text ? [201, { id: teams.streamId }] : [400, { error: { code: 'BadRequest', message: 'Start streaming activities should include text' } }];
  if (info.streamType === 'final') {
    return (activity.text ?? '').startsWith(teams.shown) && activity.text
      ? [200, { id: teams.streamId }]
      : [400, { error: { code: 'BadRequest', message: 'Final streaming message text does not match the streamed content' } }];
  }
  if (!activity.text?.startsWith(teams.shown)) return [400, { error: { code: 'BadRequest', message: 'Streamed content must extend the content already streamed' } }];
  teams.shown = activity.text;
  return [202, {}];
}

const router = createRouter();
const recordTeams = (req, res) => {
  const [status, body] = teamsRules(req.body);
  teams.calls.push({ status, activity: req.body });
  res.status(status).send(body).end();
};
router.post('/teams/v3/conversations/:conversationId/activities/:activityId', recordTeams);
router.post('/teams/v3/conversations/:conversationId/activities', recordTeams);

// StreamingResponse sends through a TurnContext; this adapter records what it sends, answering as Teams does.
class RecordingAdapter extends BotAdapter {
  sent = [];
  async sendActivities(context, activities) {
    this.sent.push(...activities.map((a) => structuredClone(a)));
    return activities.map(() => ({ id: teams.streamId }));
  }
  async updateActivity() {}
  async deleteActivity() {}
  async continueConversation() {}
}

let model;
let supportBot;
let teamsUrl;

before(async () => {
  model = await startModel();
  teamsUrl = await router.listen();
  supportBot = await startSupportBot({
    'Answering:TypingDelay': '00:00:00',
    'Bot:AllowUnauthenticatedMessages': 'true',
    'Llm:Endpoint': model.url,
    'Llm:ApiKey': 'sk-test-key',
    'Llm:ChatModel': 'test-chat',
    'Llm:ClassifyMessages': 'false',
  });
});

after(async () => {
  await supportBot?.stop();
  router.server?.close();
  model?.server.close();
});

const streaminfo = (activity) => (activity.entities ?? []).find((e) => e.type === 'streaminfo');
const schemaMessage = (activity) => (activity.entities ?? []).filter((e) => e.type === 'https://schema.org/Message');
const markers = (text) => [...new Set([...text.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1])))].sort();

test('SupportBot streams a Teams answer and closes it as StreamingResponse does', async () => {
  const inbound = {
    type: 'message',
    id: 'm-1',
    channelId: 'msteams',
    serviceUrl: `${teamsUrl}/teams/`,
    conversation: { id: 'a:conformance-stream', conversationType: 'personal', tenantId: 'tenant-1' },
    from: { id: '29:customer', name: 'Megan', aadObjectId: '00000000-0000-0000-0000-000000000001' },
    recipient: { id: '28:supportbot', name: 'SupportBot' },
    text: 'How do I reset my password?',
    locale: 'en-US',
  };
  const posted = await fetch(`${supportBot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(inbound) });
  assert.equal(posted.status, 200);
  const deadline = Date.now() + 60_000;
  while (!teams.calls.some((c) => streaminfo(c.activity)?.streamType === 'final')) {
    assert.ok(Date.now() < deadline, `no final stream message:\n${JSON.stringify(teams.calls, null, 1)}\n${supportBot.log}`);
    await new Promise((r) => setTimeout(r, 200));
  }

  assert.deepEqual(teams.calls.filter((c) => c.status >= 400), [], 'Teams refused none of the stream');
  const ours = teams.calls.map((c) => c.activity);
  const [informative, ...rest] = ours;
  const updates = rest.filter((a) => a.type === 'typing');
  const final = rest.find((a) => a.type === 'message');
  assert.ok(updates.length > 0, 'the answer streamed');

  // The same stream through Microsoft's StreamingResponse: the same informative text, the same text in the same
  // cumulative steps, the same citations, AI label, feedback and attachments.
  const adapter = new RecordingAdapter();
  const context = new TurnContext(adapter, inbound);
  const reference = new StreamingResponse(context);
  reference.queueInformativeUpdate(informative.text);
  let streamed = '';
  for (const text of [...updates.map((u) => u.text), final.text]) {
    reference.queueTextChunk(text.slice(streamed.length));
    streamed = text;
    await reference.waitForQueue();
  }
  const claims = schemaMessage(final).flatMap((e) => e.citation ?? []);
  reference.setCitations(claims.map((c) => ({ title: c.appearance.name, content: c.appearance.abstract, url: c.appearance.url })));
  reference.setGeneratedByAILabel(true);
  reference.setFeedbackLoop(true);
  reference.setAttachments(final.attachments);
  await reference.endStream();
  const theirs = adapter.sent;
  const theirFinal = theirs.at(-1);

  // Opening: a typing activity with informative text, sequence 1, no stream id yet.
  assert.deepEqual(
    { type: informative.type, text: informative.text, info: streaminfo(informative) },
    { type: theirs[0].type, text: theirs[0].text, info: streaminfo(theirs[0]) },
  );
  // Continuations: typing, streamType "streaming", the stream id in the entity (botbuilder's TurnContext sends no
  // activity id), rising sequence, and text that only grows.
  for (const [i, update] of updates.entries()) {
    const info = streaminfo(update);
    assert.deepEqual(Object.keys(info).sort(), Object.keys(streaminfo(theirs[1])).sort());
    assert.equal(info.streamType, 'streaming');
    assert.equal(info.streamId, teams.streamId);
    assert.equal(update.id, theirs[1].id);
    assert.equal(info.streamSequence, i + 2);
    assert.ok(final.text.startsWith(update.text));
  }
  // The final: a message with the stream id, streamType "final" and no sequence, whose text is all that was streamed.
  assert.equal(final.type, theirFinal.type);
  assert.equal(final.id, theirFinal.id);
  assert.deepEqual(streaminfo(final), { type: 'streaminfo', streamType: 'final', streamId: teams.streamId });
  assert.deepEqual(streaminfo(final), streaminfo(theirFinal));
  assert.equal(final.text, theirFinal.text);
  assert.ok(final.text.startsWith(teams.shown));
  // One schema.org Message with the AI label and a citation for each [n] in the text, as the reference's.
  const [ourMessage] = schemaMessage(final);
  const [theirMessage] = schemaMessage(theirFinal);
  assert.equal(schemaMessage(final).length, 1);
  assert.deepEqual(ourMessage.additionalType, theirMessage.additionalType);
  assert.deepEqual(ourMessage.citation.map((c) => c.position), markers(final.text));
  assert.deepEqual(ourMessage.citation.map((c) => [c['@type'], c.position, c.appearance['@type'], c.appearance.name]),
    theirMessage.citation.map((c) => [c['@type'], c.position, c.appearance['@type'], c.appearance.name]));
  assert.ok(!final.text.includes(ourMessage.citation[0].appearance.abstract), 'the abstract is the cited passage, not the answer');
  // Feedback buttons and the card below the text.
  assert.equal(final.channelData.feedbackLoopEnabled, theirFinal.channelData.feedbackLoopEnabled);
  assert.deepEqual(final.attachments, theirFinal.attachments);
});
