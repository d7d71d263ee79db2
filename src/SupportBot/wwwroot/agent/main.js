// The agent console: sign in, then the live queue beside the selected conversation. State lives on the server;
// the hub says when something changed and the console reads it again through the agent API.
import { enableAccounts } from './accounts.js';
import * as api from './api.js';
import { enableCannedResponses } from './canned.js';
import { ConversationView } from './conversation.js';
import { connect } from './hub.js';
import { pickLanguage, setLanguage, t } from './i18n.js';
import { MentionsIndicator } from './mentions.js';
import { QueueView } from './queue.js';
import { enableWorkday } from './workday.js';
import { announceAssigned, enablePresence, renderSla } from './routing.js';
import { enableTickets } from './tickets.js';
import { enableTeam } from './team.js';

const $ = (id) => document.getElementById(id);
let hub = null;

async function start() {
  setLanguage(pickLanguage());
  const session = await api.session();
  $('signin-entra').hidden = !session.entraId;
  if (session.agent) {
    await openConsole(session);
  } else {
    showSignIn();
  }
}

function showSignIn() {
  $('console-screen').hidden = true;
  $('signout').hidden = true;
  $('add-agent').hidden = true;
  $('canned-open').hidden = true;
  $('live').hidden = true;
  $('who').textContent = '';
  $('signin-screen').hidden = false;
  $('signin-form').elements.id.focus();
}

$('signin-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = event.target;
  const error = $('signin-error');
  error.hidden = true;
  try {
    await api.signIn(form.elements.id.value.trim(), form.elements.password.value);
    form.reset();
    // The antiforgery token is bound to who is signed in: read the session again.
    await openConsole(await api.session());
  } catch (failure) {
    error.textContent = failure.status === 401 ? t('Wrong agent id or password.') : failure.message;
    error.hidden = false;
  }
});

$('signout').addEventListener('click', async () => {
  await api.signOut();
  await hub?.stop();
  hub = null;
  window.location.reload();
});

async function openConsole(session) {
  const me = session.agent;
  $('signin-screen').hidden = true;
  $('console-screen').hidden = false;
  $('signout').hidden = false;
  $('canned-open').hidden = false;
  $('who').textContent = `${me.name} (${me.role})`;
  enableAccounts(me);

  let refreshQueue = async () => queue.show(await api.queue());
  const queue = new QueueView({ list: $('queue-list'), empty: $('queue-empty'), count: $('queue-count') }, select);
  const conversation = new ConversationView(
    {
      empty: $('chat-empty'), chat: $('chat'), details: $('details'), title: $('chat-title'), state: $('chat-state'),
      claim: $('claim'), messages: $('messages'), typing: $('typing'), error: $('chat-error'),
      replyForm: $('reply-form'), reply: $('reply'), reason: $('reason'), queueName: $('queue-name'), summary: $('summary'),
      suggestionsFor: $('suggestions-for'), suggestions: $('suggestions'), journey: $('journey'), verified: $('verified'),
      transferForm: $('transfer-form'), transferAgent: $('transfer-agent'), transferQueue: $('transfer-queue'), resolve: $('resolve'),
      note: $('note'), cannedList: $('canned-list-picker'),
    },
    me,
    session.queues,
    () => refreshQueue(),
  );

  await enableCannedResponses(me, conversation.canned);
  const mentions = new MentionsIndicator($('mentions'), $('mentions-count'), select);
  // Notifications, tabs and filters, search, drafts, files, typing, shortcuts and the language (workday.js).
  const workday = await enableWorkday({ me, session, queue, conversation, mentions, select });
  refreshQueue = async () => queue.show(await workday.load());
  $('presence-label').hidden = false;
  const refreshPresence = await enablePresence($('presence'), $('load'));
  const refreshTickets = enableTickets($('tickets-open'), $('tickets-dialog'));
  const refreshTeam = enableTeam(me, $('team-open'), $('team-dialog'));
  setInterval(() => renderSla($('chat-sla'), queue.find(conversation.id)?.sla, (performance.now() - queue.fetchedAt) / 1000), 1000);

  async function select(conversationId) {
    queue.select(conversationId);
    await conversation.open(conversationId);
    workday.opened(conversationId);
  }

  hub = await connect(
    {
      queueChanged: async (change) => {
        await refreshQueue();
        refreshTeam().catch(() => {});
        if (change.agentId === me.id || !change.conversationId) refreshPresence().catch(() => {});
        if (change.conversationId && change.conversationId === conversation.id) await conversation.open(conversation.id);
      },
      customerMessage: (message) => {
        queue.markUnread(message.conversationId);
        workday.customerMessage(message);
        conversation.customerMessage(message);
      },
      // An edited or deleted message: the transcript is read again, so the console shows what the log now keeps.
      customerMessageChanged: async ({ conversationId }) => {
        if (conversationId === conversation.id) await conversation.open(conversationId);
      },
      customerTyping: ({ conversationId }) => conversation.typing(conversationId),
      agentMessage: (message) => conversation.agentMessage(message),
      agentNote: (note) => conversation.agentNote(note),
      // Sent only to the consoles of the agent a colleague @mentioned.
      mentioned: (mention) => {
        mentions.add(mention);
        workday.mentioned(mention);
      },
      // Round robin gave this agent a conversation: it opens.
      assigned: async (assignment) => {
        announceAssigned($('assigned'), assignment);
        await refreshQueue();
        await select(assignment.conversationId);
      },
      ticketChanged: () => refreshTickets(),
    },
    (live) => { $('live').hidden = !live; },
  );
  await refreshQueue();
}

start().catch((error) => {
  document.body.append(Object.assign(document.createElement('p'), { className: 'error', textContent: `The console could not start: ${error.message}` }));
});
