import { enableAttachments } from './attachments.js';
import { Drafts } from './drafts.js';
import { Notifications } from './notifications.js';
import { enablePreferences } from './preferences.js';
import { Search } from './search.js';
import { enableShortcuts } from './shortcuts.js';
import { reportTyping } from './typing.js';
import { ConversationViews } from './views.js';

const $ = (id) => document.getElementById(id);

// The working day's parts of the console, wired to the queue and conversation views main.js builds: the agent's
// preferences and language, notifications and unread counts, tabs and filters, search, drafts, files, the typing
// indicator and keyboard shortcuts. main.js calls back into what this returns.
export async function enableWorkday({ me, session, queue, conversation, mentions, select }) {
  const notifications = new Notifications({ sound: true, desktop: true, titleBadge: true }, () => queue.render());
  await enablePreferences(
    { open: $('settings-open'), dialog: $('settings-dialog'), form: $('settings-form'), result: $('settings-result'), close: $('settings-close') },
    notifications);
  queue.unreadCount = (conversationId) => notifications.count(conversationId);

  const load = async () => {
    const items = await views.load();
    notifications.queue(items);
    return items;
  };
  const views = new ConversationViews({ tabs: $('view-tabs'), filters: $('view-filters') }, session.queues, async () => queue.show(await load()));
  const drafts = new Drafts($('reply'), me.id, () => conversation.id);
  reportTyping($('reply'), conversation, me);
  enableAttachments($('attach'), $('attach-file'), conversation, me);
  new Search(
    {
      form: $('search-form'), input: $('search'), results: $('search-results'), list: $('search-list'), summary: $('search-summary'),
      more: $('search-more'), close: $('search-close'), queuePane: $('queue-pane'),
    },
    select);
  enableShortcuts(
    { queueList: $('queue-list'), reply: $('reply'), resolve: $('resolve'), search: $('search'), help: $('shortcuts-dialog'), helpClose: $('shortcuts-close') },
    select);
  mentions.onChange = (total) => notifications.setMentions(total);
  await mentions.load();

  return {
    load,
    opened(conversationId) {
      notifications.read(conversationId);
      drafts.restore(conversationId);
      mentions.read(conversationId).catch(() => {});
    },
    customerMessage(message) {
      notifications.customerMessage(message, conversation.id, Boolean(queue.find(message.conversationId)));
    },
    mentioned(mention) {
      notifications.mentioned(mention, mentions.total);
    },
  };
}
