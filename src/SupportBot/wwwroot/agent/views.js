import * as api from './api.js';
import { element, reasonLabel } from './format.js';

// The queue's tabs (Mine, Unassigned, All) and filters (queue, channel, language, reason, waiting time): the
// server lists the open conversations that match (GET /api/agent/conversations). The choice is kept for the tab.
const storageKey = 'supportbot.view';
const reasons = ['customer_asked', 'negative_sentiment', 'repeated_failure', 'low_confidence', 'out_of_scope', 'account_action'];

export class ConversationViews {
  constructor({ tabs, filters }, queues, onChange) {
    Object.assign(this, { tabs, filters, onChange });
    const saved = JSON.parse(sessionStorage.getItem(storageKey) ?? '{}');
    this.view = saved.view ?? 'all';
    fill(filters.elements.queue, queues.map((q) => [q, q]));
    fill(filters.elements.reason, reasons.map((r) => [r, reasonLabel(r)]));
    for (const [name, value] of Object.entries(saved.filters ?? {})) {
      if (filters.elements[name]) filters.elements[name].value = value;
    }
    for (const tab of tabs.querySelectorAll('[role="tab"]')) {
      tab.addEventListener('click', () => this.choose(tab.dataset.view));
    }
    filters.addEventListener('change', () => this.changed());
    filters.addEventListener('submit', (event) => event.preventDefault());
    this.render();
  }

  choose(view) {
    this.view = view;
    this.changed();
  }

  changed() {
    sessionStorage.setItem(storageKey, JSON.stringify({ view: this.view, filters: this.values() }));
    this.render();
    this.onChange();
  }

  values() {
    const values = {};
    for (const control of this.filters.elements) {
      if (control.name && control.value) values[control.name] = control.value;
    }
    return values;
  }

  filtered() {
    return Object.keys(this.values()).length > 0;
  }

  render() {
    for (const tab of this.tabs.querySelectorAll('[role="tab"]')) {
      tab.setAttribute('aria-selected', String(tab.dataset.view === this.view));
    }
  }

  /// The open conversations of the current tab and filters, each a handoff with the language the bot spoke.
  async load() {
    const listed = await api.conversations({ view: this.view, ...this.values() });
    return listed.map((c) => ({ ...c.handoff, language: c.language }));
  }
}

function fill(select, options) {
  select.append(...options.map(([value, label]) => Object.assign(element('option', null, label), { value })));
}
