// Microsoft's TeamsActivityHandler (botbuilder-js) as the reference for what each Teams activity is. The corpus and
// the names SupportBot gives its activities are the rows of SupportBot.Tests' TeamsCorpusTests (each with the page
// its shape comes from); here the SDK's own handler runs on every fixture and must run the handler of that name.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { TeamsActivityHandler, TestAdapter, TurnContext } from 'botbuilder';

const tests = new URL('../SupportBot.Tests/BotFramework/', import.meta.url);
const rows = [...readFileSync(new URL('TeamsCorpusTests.cs', tests), 'utf8')
  .matchAll(/\[InlineData\("([^"]+)", "([^"]+)", "(https:[^"]+)"\)\]/g)]
  .map(([, fixture, expected, source]) => ({ fixture, expected, source }));

// Records which of the SDK's handlers ran; none of them does anything else.
class RecordingTeamsBot extends TeamsActivityHandler {
  constructor(ran) {
    super();
    this.onMessage(async (_context, next) => { ran.push('message'); await next(); });
    this.onTeamsMessageEditEvent(async (_context, next) => { ran.push('messageEdit'); await next(); });
    this.onTeamsMessageUndeleteEvent(async (_context, next) => { ran.push('messageUndelete'); await next(); });
    this.onTeamsMessageSoftDeleteEvent(async (_context, next) => { ran.push('messageSoftDelete'); await next(); });
    this.onMembersAdded(async (_context, next) => { ran.push('membersAdded'); await next(); });
    this.onMembersRemoved(async (_context, next) => { ran.push('membersRemoved'); await next(); });
    this.onInstallationUpdateAdd(async (_context, next) => { ran.push('installationAdd'); await next(); });
    this.onInstallationUpdateRemove(async (_context, next) => { ran.push('installationRemove'); await next(); });
    this.onReactionsAdded(async (_context, next) => { ran.push('reactionsAdded'); await next(); });
    this.onReactionsRemoved(async (_context, next) => { ran.push('reactionsRemoved'); await next(); });
    this.onTyping(async (_context, next) => { ran.push('typing'); await next(); });
    this.ran = ran;
  }

  async handleTeamsFileConsentAccept() { this.ran.push('fileConsentAccept'); }

  async handleTeamsFileConsentDecline() { this.ran.push('fileConsentDecline'); }

  async onAdaptiveCardInvoke() { this.ran.push('adaptiveCardAction'); return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'ok' }; }
}

async function routeOf(activity) {
  const ran = [];
  const bot = new RecordingTeamsBot(ran);
  const context = new TurnContext(new TestAdapter(), activity);
  await bot.run(context);
  return ran.length === 0 ? 'other' : ran.join('+');
}

test('the corpus is read from TeamsCorpusTests and covers every kind', () => {
  assert.ok(rows.length >= 20, `only ${rows.length} rows read`);
  for (const kind of ['message', 'messageEdit', 'messageUndelete', 'messageSoftDelete', 'membersRemoved', 'installationAdd',
    'installationRemove', 'reactionsAdded', 'reactionsRemoved', 'fileConsentAccept', 'fileConsentDecline', 'adaptiveCardAction']) {
    assert.ok(rows.some((r) => r.expected === kind), `no ${kind} activity in the corpus`);
  }
});

for (const { fixture, expected, source } of rows) {
  test(`${fixture} is ${expected} for botbuilder's TeamsActivityHandler (${source})`, async () => {
    const activity = JSON.parse(readFileSync(new URL(`Fixtures/${fixture}.json`, tests), 'utf8'));
    assert.equal(await routeOf(activity), expected);
  });
}
