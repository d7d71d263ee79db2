import * as api from './api.js';

// The agent's typing, shown to the customer (Web Chat, Teams): while the agent writes a reply in a conversation
// they hold, at most one report every 3 seconds (the server throttles as well). Notes and canned searches are not
// replies: a draft starting with "/" does not count.
const everyMs = 3000;

export function reportTyping(reply, conversation, me) {
  let last = 0;
  reply.addEventListener('input', () => {
    const h = conversation.handoff;
    const mine = h?.state === 'with_agent' && h.agentId === me.id;
    const text = reply.value.trim();
    if (!mine || !text || text.startsWith('/') || Date.now() - last < everyMs) return;
    last = Date.now();
    api.typing(conversation.id).catch(() => {});
  });
}
