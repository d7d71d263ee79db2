import * as api from './api.js';
import { clock, element } from './format.js';

// The tickets inbox: messages customers left when nobody could take them. Pick one, answer it (the server sends it
// on the customer's channel, by e-mail or as a call-back task), solve or reopen it.
export function enableTickets(openButton, dialog) {
  const list = dialog.querySelector('#ticket-list');
  const filter = dialog.querySelector('#ticket-status');
  const form = dialog.querySelector('#ticket-form');
  const result = dialog.querySelector('#ticket-result');
  const detail = dialog.querySelector('#ticket-detail');
  let selected = null;

  async function load() {
    const tickets = await api.tickets(filter.value);
    list.replaceChildren(...tickets.map((t) => {
      const li = element('li', 'ticket-item');
      const pick = element('button', 'queue-select', `#${t.id} · ${t.status} · ${t.email ?? t.phone ?? t.customerId}`);
      pick.type = 'button';
      pick.addEventListener('click', () => select(t));
      li.append(pick, element('div', 'preview', t.message));
      return li;
    }));
    if (!tickets.length) list.append(element('li', 'muted', 'No tickets.'));
  }

  function select(ticket) {
    selected = ticket;
    detail.textContent = `Ticket #${ticket.id} (${ticket.status}) · ${clock(ticket.createdAt)} · ${[ticket.email, ticket.phone].filter(Boolean).join(', ') || 'no contact details'}\n${ticket.message}`;
    form.hidden = false;
    result.textContent = '';
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!selected) return;
    const action = event.submitter?.value ?? 'answer';
    try {
      if (action === 'answer') {
        const answered = await api.answerTicket(selected.id, { text: form.elements.text.value.trim(), solve: form.elements.solve.checked });
        form.elements.text.value = '';
        select(answered.ticket);
        result.textContent = answered.task ?? `Answered by ${answered.delivery.replace('_', ' ')}; ticket ${answered.ticket.status}.`;
      } else {
        const moved = await api.moveTicket(selected.id, action);
        select(moved);
        result.textContent = `Ticket ${moved.status}.`;
      }
      await load();
    } catch (failure) {
      result.textContent = failure.message;
    }
  });
  filter.addEventListener('change', load);
  dialog.querySelector('#tickets-close').addEventListener('click', () => dialog.close());
  openButton.hidden = false;
  openButton.addEventListener('click', async () => {
    dialog.showModal();
    await load();
  });
  return () => (dialog.open ? load() : Promise.resolve());
}
