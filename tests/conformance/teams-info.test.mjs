// botbuilder's TeamsInfo as the reference for the roster calls a bot makes (one member, the paged members, all
// members): it runs against a recording connector here, and what it requests must be the rows of
// SupportBot.Tests' Fixtures/teamsinfo-requests.json. ConnectorClientTests holds SupportBot's ConnectorClient to the
// same rows, so both send the same method, path (ids percent-encoded) and query.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { BotAdapter, TeamsInfo, TurnContext } from 'botbuilder';
import { ConnectorClient } from 'botframework-connector';
import { createRouter } from './http-router.mjs';

const expected = JSON.parse(readFileSync(new URL('../SupportBot.Tests/BotFramework/Fixtures/teamsinfo-requests.json', import.meta.url), 'utf8'));
const member = { id: expected.userId, name: 'Megan Bowen', aadObjectId: '7faf8ab2-3d56-4244-b585-20c8a42ed2b8', email: 'meganb@contoso.com', userPrincipalName: 'meganb@contoso.com' };

const requests = [];
const router = createRouter();
const record = (answer) => (req, res) => {
  requests.push({ method: req.method, path: req.rawPath });
  res.status(200).send(answer).end();
};
router.get('/teams/v3/conversations/:conversationId/members/:userId', record(member));
router.get('/teams/v3/conversations/:conversationId/pagedmembers', record({ members: [member], continuationToken: 'next' }));
router.get('/teams/v3/conversations/:conversationId/members', record([member]));

// The raw request target, before the router decodes it.
const listen = router.server.listeners('request')[0];
router.server.removeAllListeners('request');
router.server.on('request', (req, res) => {
  req.rawPath = req.url.replace(/^\/teams/, '');
  listen(req, res);
});

// TeamsInfo asks the adapter for a connector client at the activity's serviceUrl.
class RecordingAdapter extends BotAdapter {
  createConnectorClient(serviceUrl) {
    return new ConnectorClient({ signRequest: async (request) => request }, { baseUri: serviceUrl });
  }
  async sendActivities() { return []; }
  async updateActivity() {}
  async deleteActivity() {}
  async continueConversation() {}
}

let serviceUrl;
before(async () => {
  serviceUrl = `${await router.listen()}/teams/`;
});
after(() => router.close());

function context() {
  return new TurnContext(new RecordingAdapter(), {
    type: 'message',
    channelId: 'msteams',
    serviceUrl,
    conversation: { id: expected.conversationId, conversationType: 'personal' },
    from: { id: expected.userId },
    recipient: { id: '28:bot' },
  });
}

test("TeamsInfo's roster calls are the rows SupportBot's connector is held to", async () => {
  const got = {};
  requests.length = 0;
  got.getMember = (await TeamsInfo.getMember(context(), expected.userId)).email;
  got.getPagedMembers = (await TeamsInfo.getPagedMembers(context(), expected.pageSize, expected.continuationToken)).continuationToken;
  got.getMembers = (await TeamsInfo.getMembers(context())).length;

  assert.deepEqual(got, { getMember: 'meganb@contoso.com', getPagedMembers: 'next', getMembers: 1 });
  assert.deepEqual(requests.map(({ method, path }) => ({ method, path })), expected.requests.map(({ method, path }) => ({ method, path })));
});
