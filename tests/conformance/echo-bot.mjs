// The smallest botbuilder-js bot: CloudAdapter on node:http, echoing each message back through the connector.
// The load benchmark (tests/SupportBot.Benchmarks, "load") drives it beside SupportBot as the reference for
// what Microsoft's SDK costs per turn. Anonymous auth on loopback, as SupportBot runs with an empty app id.
// Prints "listening <url>" once it accepts requests.
import { ActivityTypes, CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { createRouter } from './http-router.mjs';

const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
adapter.onTurnError = async (context, error) => {
  console.error(`turn failed: ${error?.stack ?? error}`);
};

async function echo(context) {
  if (context.activity.type === ActivityTypes.Message) {
    await context.sendActivity(`Echo: ${context.activity.text}`);
  }
}

const router = createRouter();
router.post('/api/messages', (req, res) => adapter.process(req, res, echo));
const url = await router.listen();
console.log(`listening ${url}`);
process.on('SIGTERM', () => router.close().then(() => process.exit(0)));
