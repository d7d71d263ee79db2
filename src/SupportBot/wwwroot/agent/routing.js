import * as api from './api.js';
import { duration, element } from './format.js';

const activityEveryMs = 60 * 1000;

// The agent's status (online takes assigned chats; away and busy do not), their load against their capacity, and
// signs of activity: without a click or a key for Routing:IdleMinutes the server counts the agent away.
export async function enablePresence(select, load) {
  const show = (state) => {
    select.value = state.status;
    select.dataset.effective = state.effective;
    load.textContent = `${state.load}/${state.capacity} chats${state.idle ? ' · idle' : ''}`;
  };
  select.addEventListener('change', async () => show(await api.setPresence(select.value)));
  let last = 0;
  const active = () => {
    const now = Date.now();
    if (now - last < activityEveryMs) return;
    last = now;
    api.activity().then(async () => show(await api.presence())).catch(() => {});
  };
  for (const event of ['pointerdown', 'keydown']) document.addEventListener(event, active, { passive: true });
  active();
  const refresh = async () => show(await api.presence());
  await refresh();
  return refresh;
}

// An SLA badge from the server's view of the handoff, ticking on from when it was read: "SLA 1:30 left" from the
// warning threshold, "SLA breached" after the target.
export function renderSla(badge, sla, elapsedSinceRead) {
  if (!sla) {
    badge.hidden = true;
    return;
  }
  const elapsed = sla.elapsedSeconds + elapsedSinceRead;
  const state = elapsed >= sla.targetSeconds ? 'breached' : elapsed >= sla.warnSeconds ? 'warning' : 'ok';
  badge.hidden = state === 'ok';
  badge.dataset.sla = state;
  const what = sla.target === 'first_response' ? 'first reply' : 'resolution';
  badge.textContent = state === 'breached' ? `SLA ${what} breached` : `SLA ${what} due in ${duration(sla.targetSeconds - elapsed)}`;
}

// A brief line when round robin gives this agent a conversation.
export function announceAssigned(status, assignment) {
  status.textContent = `Assigned to you: a customer in ${assignment.queue}.`;
  status.hidden = false;
}

export const slaBadge = () => Object.assign(element('span', 'sla'), { hidden: true });
