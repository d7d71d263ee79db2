import * as api from './api.js';
import { clock, day, element } from './format.js';
import { t } from './i18n.js';

// Search over every conversation (open or closed, by what was said) and customer (by id, e-mail, phone...). A
// conversation opens in the chat pane with its transcript and journey; a customer opens their journey page.
export class Search {
  constructor({ form, input, results, list, summary, more, close, queuePane }, open) {
    Object.assign(this, { form, input, results, list, summary, more, close, queuePane, open });
    this.page = 1;
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      await this.run(1);
    });
    more.addEventListener('click', () => this.run(this.page + 1));
    close.addEventListener('click', () => this.hide());
  }

  async run(page) {
    const q = this.input.value.trim();
    if (q.length < 2) return;
    const found = await api.search(q, page);
    this.page = page;
    const items = [
      ...found.customers.map((c) => this.customer(c)),
      ...found.conversations.map((c) => this.conversation(c)),
    ];
    if (page === 1) this.list.replaceChildren(...items);
    else this.list.append(...items);
    const shown = this.list.querySelectorAll('.search-conversation').length;
    const customers = this.list.querySelectorAll('.search-customer').length;
    this.summary.textContent = shown || customers
      ? t(`${shown} conversation${shown === 1 ? '' : 's'}, ${customers} customer${customers === 1 ? '' : 's'}`)
      : t('No conversation or customer matches.');
    this.more.hidden = found.conversations.length < found.pageSize;
    this.results.hidden = false;
    this.queuePane.classList.add('searching');
  }

  hide() {
    this.results.hidden = true;
    this.queuePane.classList.remove('searching');
  }

  conversation(hit) {
    const li = element('li', 'search-conversation');
    li.dataset.conversationId = hit.conversationId;
    const button = Object.assign(element('button', 'queue-select'), { type: 'button' });
    button.addEventListener('click', () => this.open(hit.conversationId));
    const state = hit.handoffState && ['queued', 'with_agent', 'leaving_message'].includes(hit.handoffState) ? t('open') : t(hit.handoffState ?? '');
    button.append(
      element('div', 'queue-head', `${day(hit.lastMatchAt)} ${clock(hit.lastMatchAt)} · ${hit.channel}${state ? ` · ${state}` : ''}`),
      element('div', 'snippet', hit.snippet),
      element('div', 'where muted', `${t('Customer')} ${hit.customerId}`));
    li.append(button);
    return li;
  }

  customer(hit) {
    const li = element('li', 'search-customer');
    const link = Object.assign(element('a', null, hit.customerId), { href: `/agent/customers.html?id=${encodeURIComponent(hit.customerId)}` });
    li.append(element('span', 'muted', `${t('Customer')}: `), link);
    if (hit.identities.length) li.append(element('div', 'snippet', hit.identities.join(', ')));
    return li;
  }
}
