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

  // The assignment picker: every agent a conversation could go to (the server checks the one chosen).
  async function loadAgents() {
    const { agents } = await api.transferTargets();
    form.elements.assignee.replaceChildren(new Option('nobody', ''), ...agents.map((a) => new Option(`${a.name} (${a.id})`, a.id)));
  }

  // A push (ticketChanged) and a change of the filter may both read the list: only the latest read is shown.
  let latest = 0;
  async function load() {
    const request = ++latest;
    const tickets = await api.tickets(filter.value);
    if (request !== latest) return;
    list.replaceChildren(...tickets.map((t) => {
      const li = element('li', 'ticket-item');
      const pick = element('button', 'queue-select', `#${t.id} · ${t.status} · ${t.email ?? t.phone ?? t.customerId}${t.assignee ? ` · ${t.assignee}` : ''}`);
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
    form.elements.assignee.value = ticket.assignee ?? '';
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
      } else if (action === 'assign') {
        const assigned = await api.assignTicket(selected.id, form.elements.assignee.value || null);
        select(assigned);
        result.textContent = assigned.assignee ? `Ticket assigned to ${assigned.assignee}.` : 'Ticket unassigned.';
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
    await Promise.all([load(), loadAgents()]);
  });
  return () => (dialog.open ? load() : Promise.resolve());
}
