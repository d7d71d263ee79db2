import * as api from './api.js';
import { CannedPicker } from './canned.js';
import { clock, element, reasonLabel, renderMarkdown } from './format.js';
import { journeyItem, showVerified } from './journey.js';

const typingShownMs = 6000;

// What the transcript's touchpoints look like in the chat: who said it, or a line about the handoff.
const speakers = { customer_message: 'customer', bot_answer: 'bot', small_talk: 'bot', escalation: 'bot', welcome: 'bot', agent_reply: 'agent', agent_note: 'note' };

// A message the customer deleted keeps its place in the transcript, without its words; an edited one says so.
function customerWords(t) {
  if (t.kind === 'customer_message' && t.reason === 'deleted') return '(deleted by the customer)';
  if (t.kind === 'customer_message' && t.reason === 'edited') return `${t.text ?? ''}\n(edited)`;
  return t.text ?? '';
}

function eventLine(t) {
  switch (t.kind) {
    case 'queued': return `Queued: ${reasonLabel(t.reason)}`;
    case 'claimed': return `${t.agentId} joined`;
    case 'transfer': return `${t.agentId} transferred to ${t.text}`;
    case 'resolution': return `${t.agentId} resolved the conversation`;
    case 'handoff_cancelled': return 'The customer went back to the bot';
    case 'survey': return `Survey: ${t.confidence}/5${t.text ? ` · “${t.text}”` : ''}`;
    case 'feedback': return `Feedback on an answer: ${t.reason}`;
    default: return t.kind.replaceAll('_', ' ');
  }
}

// The selected conversation: transcript beside its handoff details, reply box (with / for canned responses and
// private notes for colleagues), suggestions, transfer and resolve.
export class ConversationView {
  constructor(ui, me, queues, onChanged) {
    Object.assign(this, { ui, me, onChanged });
    this.id = null;
    this.handoff = null;
    this.typingTimer = null;
    ui.transferQueue.append(...queues.map((q) => Object.assign(element('option', null, q), { value: q })));
    ui.claim.addEventListener('click', () => this.act(() => api.claim(this.id)));
    ui.resolve.addEventListener('click', () => this.act(() => api.resolve(this.id)));
    ui.replyForm.addEventListener('submit', (event) => this.reply(event));
    ui.reply.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) ui.replyForm.requestSubmit();
    });
    ui.transferForm.addEventListener('submit', (event) => this.transfer(event));
    ui.note.addEventListener('click', () => this.addNote());
    this.canned = new CannedPicker(ui.reply, ui.cannedList, () => this.id, (message) => this.error(message));
  }

  async open(conversationId) {
    if (conversationId !== this.id) {
      this.id = conversationId;
      this.ui.reply.value = '';
      this.ui.messages.replaceChildren();
    }
    this.error(null);
    const view = await api.transcript(conversationId);
    if (conversationId !== this.id) return;
    this.handoff = view.handoff;
    this.ui.empty.hidden = true;
    this.ui.chat.hidden = false;
    this.ui.details.hidden = false;
    this.renderTranscript(view.transcript);
    this.renderDetails();
    this.loadJourney(view.customerId);
    this.loadSuggestions();
    this.loadTransferTargets();
  }

  // The agents a conversation can go to (not this agent, nor who holds it), online first, by the name customers see.
  async loadTransferTargets() {
    const id = this.id;
    const { agents } = await api.transferTargets();
    if (id !== this.id) return;
    const chosen = this.ui.transferAgent.value;
    const options = agents
      .filter((a) => a.id.toLowerCase() !== this.me.id.toLowerCase() && a.id !== this.handoff?.agentId)
      .map((a) => Object.assign(element('option', null, `${a.name || a.id} (${a.id})${a.online ? ' · online' : ''}`), { value: a.id }));
    this.ui.transferAgent.replaceChildren(Object.assign(element('option', null, 'agent…'), { value: '' }), ...options);
    this.ui.transferAgent.value = options.some((o) => o.value === chosen) ? chosen : '';
  }

  renderTranscript(transcript) {
    this.ui.messages.replaceChildren(...transcript.map((t) => speakers[t.kind]
      ? this.bubble(speakers[t.kind], customerWords(t), t.at, t.kind === 'agent_reply' || t.kind === 'agent_note' ? t.agentId : null)
      : this.event(eventLine(t), t.at)));
    this.scroll();
  }

  renderDetails() {
    const h = this.handoff;
    const mine = h?.state === 'with_agent' && (h.agentId === this.me.id || this.me.role === 'supervisor');
    this.ui.title.textContent = h ? `Customer ${h.customerId} · ${h.channel}` : this.id;
    this.ui.state.textContent = !h ? 'no handoff' : h.state === 'queued' ? `waiting in ${h.queue}` : h.state === 'with_agent' ? `with ${h.agentId}` : h.state;
    this.ui.state.dataset.state = h?.state ?? '';
    this.ui.claim.hidden = h?.state !== 'queued';
    for (const control of [this.ui.reply, ...this.ui.replyForm.elements, ...this.ui.transferForm.elements, this.ui.resolve]) {
      control.disabled = !mine;
    }
    // Any agent may leave a note on a conversation that was handed over, held by them or not.
    this.ui.reply.disabled = !h;
    this.ui.note.disabled = !h;
    this.ui.reason.textContent = h ? reasonLabel(h.reason) : '';
    this.ui.queueName.textContent = h ? `queue ${h.queue}` : '';
    // The brief quotes the customer (and a model's summary may repeat them): shown as text, so a link the customer
    // wrote cannot pass for one the bot or a colleague offers.
    this.ui.summary.textContent = h?.summary ?? '';
  }

  // The customer's other conversations (with how each ended) and what they did elsewhere, newest first.
  async loadJourney(customerId) {
    const id = this.id;
    const { entries, verified, profile } = await api.journey(customerId);
    if (id !== this.id) return;
    showVerified(this.ui.verified, verified, profile);
    const others = entries.filter((e) => e.conversationId !== this.id).reverse();
    const full = Object.assign(element('a', 'full-journey', 'Full journey'), { href: `/agent/customers.html?id=${encodeURIComponent(customerId)}` });
    this.ui.journey.replaceChildren(
      ...(others.length ? others.map((e) => journeyItem(e)) : [element('li', 'muted', 'Nothing else from this customer yet.')]),
      Object.assign(element('li'), { className: 'journey-link' }));
    this.ui.journey.lastElementChild.append(full);
  }

  async loadSuggestions() {
    const id = this.id;
    const { message, suggestions } = await api.suggestions(id);
    if (id !== this.id) return;
    this.ui.suggestionsFor.textContent = message ? `For “${message}”` : 'The customer has not asked anything yet.';
    this.ui.suggestions.replaceChildren(...suggestions.map((s) => {
      const li = element('li', 'suggestion');
      const link = Object.assign(element('a', null, s.title), { href: s.url, target: '_blank', rel: 'noopener' });
      const insert = Object.assign(element('button', 'quiet', 'Insert'), { type: 'button' });
      insert.addEventListener('click', () => this.insert(`${s.excerpt}\n\n[${s.heading}](${s.url})`));
      const excerpt = element('div', 'excerpt');
      excerpt.innerHTML = renderMarkdown(s.excerpt);
      li.append(link, element('div', 'heading muted', s.heading), excerpt, insert);
      return li;
    }));
  }

  insert(text) {
    const box = this.ui.reply;
    box.value = box.value ? `${box.value.trimEnd()}\n\n${text}` : text;
    box.focus();
  }

  customerMessage({ conversationId, text, at }) {
    if (conversationId !== this.id) return;
    this.typing(false);
    this.ui.messages.append(this.bubble('customer', text, at));
    this.scroll();
    this.loadSuggestions();
  }

  agentMessage({ conversationId, agentId, text, at }) {
    // This console shows its own replies as soon as the API accepts them.
    if (conversationId !== this.id || agentId === this.me.id) return;
    this.ui.messages.append(this.bubble('agent', text, at, agentId));
    this.scroll();
  }

  agentNote({ conversationId, agentId, text, at }) {
    if (conversationId !== this.id || agentId === this.me.id) return;
    this.ui.messages.append(this.bubble('note', text, at, agentId));
    this.scroll();
  }

  async addNote() {
    const text = this.ui.reply.value.trim();
    if (!text) {
      this.error('Write the note in the box first; @id mentions a colleague.');
      return;
    }
    await this.act(async () => {
      const note = await api.note(this.id, text);
      this.cleared();
      this.ui.messages.append(this.bubble('note', note.text, note.at, this.me.id));
      this.scroll();
    }, false);
  }

  typing(conversationIdOrFalse) {
    clearTimeout(this.typingTimer);
    const show = conversationIdOrFalse !== false && conversationIdOrFalse === this.id;
    if (conversationIdOrFalse !== false && !show) return;
    this.ui.typing.hidden = !show;
    if (show) this.typingTimer = setTimeout(() => { this.ui.typing.hidden = true; }, typingShownMs);
  }

  async reply(event) {
    event.preventDefault();
    const text = this.ui.reply.value.trim();
    if (!text) return;
    await this.act(async () => {
      const sent = await api.send(this.id, text);
      this.cleared();
      this.ui.messages.append(this.bubble('agent', text, sent.sentAt, this.me.id));
      this.scroll();
    }, false);
  }

  // The reply box emptied once its text went out: listeners (drafts.js) hear it as an edit.
  cleared() {
    this.ui.reply.value = '';
    this.ui.reply.dispatchEvent(new Event('input'));
  }

  async transfer(event) {
    event.preventDefault();
    const agent = this.ui.transferAgent.value;
    const queue = this.ui.transferQueue.value;
    if (!agent === !queue) {
      this.error('Pick an agent or a queue, one of them.');
      return;
    }
    await this.act(() => api.transfer(this.id, agent ? { agent } : { queue }));
    this.ui.transferAgent.value = '';
    this.ui.transferQueue.value = '';
  }

  // Runs an API call; on success the conversation and the queue are read again (the hub tells other consoles).
  async act(call, reload = true) {
    this.error(null);
    try {
      await call();
      if (reload) {
        await this.open(this.id);
        this.onChanged();
      }
    } catch (error) {
      this.error(error.message);
    }
  }

  error(message) {
    this.ui.error.hidden = !message;
    this.ui.error.textContent = message ?? '';
  }

  bubble(speaker, text, at, agentId) {
    const li = element('li', `message ${speaker}`);
    const who = speaker === 'customer' ? 'Customer' : speaker === 'bot' ? 'Bot' : speaker === 'note' ? `Private note · ${agentId}` : agentId ?? 'Agent';
    li.append(element('div', 'meta', `${who} · ${clock(at)}`));
    const body = element('div', 'text');
    // The customer's words are shown as typed; bot and agent replies are Markdown, as the customer saw them.
    if (speaker === 'customer') body.textContent = text;
    else body.innerHTML = renderMarkdown(text);
    li.append(body);
    return li;
  }

  event(text, at) {
    return element('li', 'event', `${text} · ${clock(at)}`);
  }

  scroll() {
    this.ui.messages.scrollTop = this.ui.messages.scrollHeight;
  }
}
