import { duration, element, reasonLabel } from './format.js';
import { renderSla, slaBadge } from './routing.js';

// The live queue: waiting conversations first, in their order, with a wait that ticks; then the ones agents hold.
export class QueueView {
  constructor({ list, empty, count }, onSelect) {
    Object.assign(this, { list, empty, count, onSelect });
    this.items = [];
    this.fetchedAt = performance.now();
    this.selected = null;
    this.unread = new Set();
    setInterval(() => this.tick(), 1000);
  }

  show(items) {
    this.items = items;
    this.fetchedAt = performance.now();
    this.render();
  }

  find(conversationId) {
    return this.items.find((h) => h.conversationId === conversationId);
  }

  select(conversationId) {
    this.selected = conversationId;
    this.unread.delete(conversationId);
    this.render();
  }

  markUnread(conversationId) {
    if (conversationId !== this.selected && this.find(conversationId)) {
      this.unread.add(conversationId);
      this.render();
    }
  }

  render() {
    const waiting = this.items.filter((h) => h.state === 'queued');
    const held = this.items.filter((h) => h.state !== 'queued');
    this.list.replaceChildren(...[...waiting, ...held].map((h) => this.item(h)));
    this.empty.hidden = this.items.length > 0;
    this.count.textContent = waiting.length ? `${waiting.length} waiting` : '';
    this.tick();
  }

  item(handoff) {
    const li = element('li', 'queue-item');
    li.dataset.conversationId = handoff.conversationId;
    li.dataset.state = handoff.state;
    li.classList.toggle('selected', handoff.conversationId === this.selected);
    li.classList.toggle('unread', this.unread.has(handoff.conversationId));
    const button = element('button', 'queue-select');
    button.type = 'button';
    button.addEventListener('click', () => this.onSelect(handoff.conversationId));
    const head = element('div', 'queue-head');
    head.append(element('span', `reason reason-${handoff.reason}`, reasonLabel(handoff.reason)), element('span', 'wait'), slaBadge());
    // Unread customer messages (notifications.js counts them).
    const unread = this.unreadCount?.(handoff.conversationId) ?? 0;
    if (unread) head.append(Object.assign(element('span', 'unread-count', String(unread)), { title: `${unread} unread` }));
    const where = handoff.state === 'queued'
      ? `#${handoff.position ?? '?'} in ${handoff.queue} · ${handoff.channel}`
      : `with ${handoff.agentId} · ${handoff.channel}`;
    button.append(head, element('div', 'preview', preview(handoff.summary)), element('div', 'where muted', where));
    li.append(button);
    return li;
  }

  // Seconds since the queue was read, added to the server's figure: the client's clock never matters.
  tick() {
    const elapsed = (performance.now() - this.fetchedAt) / 1000;
    for (const li of this.list.children) {
      const handoff = this.find(li.dataset.conversationId);
      const wait = li.querySelector('.wait');
      if (!handoff || !wait) continue;
      renderSla(li.querySelector('.sla'), handoff.sla, elapsed);
      wait.textContent = handoff.state === 'queued'
        ? `waiting ${duration(handoff.waitSeconds + elapsed)}`
        : `waited ${duration(handoff.waitSeconds)}`;
    }
  }
}

// The customer's last words quoted in the summary, else its first line.
function preview(summary) {
  const quotes = summary.split('\n').filter((line) => line.startsWith('- "'));
  const line = quotes.length ? quotes[quotes.length - 1].slice(2) : summary.split('\n')[0];
  return line.length > 120 ? `${line.slice(0, 119)}…` : line;
}
