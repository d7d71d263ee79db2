import * as api from './api.js';
import { element } from './format.js';

const statuses = ['online', 'away', 'busy'];

// Supervisors cover the desk: each agent's status (online takes assigned chats; away and busy do not) and seats
// (how many chats round robin gives them at once), set for them through the agent API, which checks the role, the
// agent and the values. The list is the routing view's: agents with a console open or a routing row. It follows the
// queue while open; a refresh rewrites each row's figures only, never a choice the supervisor is making.
export function enableTeam(me, openButton, dialog) {
  if (me.role !== 'supervisor') return () => Promise.resolve();
  const list = dialog.querySelector('#team-list');
  const result = dialog.querySelector('#team-result');

  const report = (text, failed = false) => {
    result.className = failed ? 'error' : '';
    result.textContent = text;
  };

  const rows = new Map();
  const describe = (agent) => `${agent.agentId} · ${agent.effective}${agent.idle ? ' (idle)' : ''} · ${agent.load}/${agent.capacity} chats`;

  function row(agent) {
    const li = element('li', 'team-agent');
    li.dataset.agentId = agent.agentId;
    const state = element('span', 'team-state', describe(agent));
    const status = element('select');
    for (const s of statuses) status.append(new Option(s, s, false, s === agent.status));
    const seats = Object.assign(element('input'), { type: 'number', min: 1, max: 100, required: true, value: agent.capacity });
    const statusLabel = element('label', null, 'Status ');
    statusLabel.append(status);
    const seatsLabel = element('label', null, 'Seats ');
    seatsLabel.append(seats);
    const save = Object.assign(element('button', 'quiet', 'Save'), { type: 'button' });
    save.addEventListener('click', async () => {
      const current = shown.agent;
      try {
        if (status.value !== current.status) await api.setAgentPresence(agent.agentId, status.value);
        if (Number(seats.value) !== current.capacity) await api.setCapacity(agent.agentId, Number(seats.value));
        report(`${agent.agentId}: ${status.value}, ${seats.value} seats.`);
      } catch (failure) {
        report(failure.message, true);
      }
      await load(true);
    });
    li.append(state, element('br'), statusLabel, seatsLabel, save);
    const shown = {
      li,
      agent,
      update(latest, reset) {
        shown.agent = latest;
        state.textContent = describe(latest);
        if (reset) {
          status.value = latest.status;
          seats.value = latest.capacity;
        }
      },
    };
    return shown;
  }

  // reset: the controls show the server's values again (on opening and after a save).
  async function load(reset = false) {
    const routing = await api.routing();
    for (const agent of routing.agents) {
      if (rows.has(agent.agentId)) rows.get(agent.agentId).update(agent, reset);
      else rows.set(agent.agentId, row(agent));
    }
    for (const id of [...rows.keys()].filter((id) => !routing.agents.some((a) => a.agentId === id))) rows.delete(id);
    // Rows are moved only when the agents listed change: moving a row would take the focus from its controls.
    const wanted = [...rows.values()].map((r) => r.li);
    if (!wanted.length) list.replaceChildren(element('li', 'muted', 'No agent is signed in.'));
    else if (wanted.length !== list.children.length || wanted.some((li, i) => list.children[i] !== li)) list.replaceChildren(...wanted);
  }

  dialog.querySelector('#team-close').addEventListener('click', () => dialog.close());
  openButton.hidden = false;
  openButton.addEventListener('click', async () => {
    report('');
    dialog.showModal();
    await load(true);
  });
  return () => (dialog.open ? load() : Promise.resolve());
}
