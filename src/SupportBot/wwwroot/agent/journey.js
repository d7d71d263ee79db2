import { clock, day, element, reasonLabel } from './format.js';

// A customer's journey as list items: conversations with how they ended, touchpoints from other systems. Every
// text goes in through textContent, so nothing a customer or another system wrote can become markup.
const outcomes = {
  answered: 'answered by the bot',
  unanswered: 'not answered',
  small_talk: 'small talk',
  resolved: 'resolved',
  with_agent: 'with an agent',
  waiting: 'waiting for an agent',
  abandoned: 'abandoned',
  ticket: 'left a message',
};

const money = (amount, currency) => {
  try {
    return new Intl.NumberFormat([], { style: 'currency', currency }).format(amount);
  } catch {
    return `${amount} ${currency ?? ''}`.trim();
  }
};

function describe(entry) {
  if (entry.type === 'conversation') {
    const parts = [`${entry.channel} conversation`, outcomes[entry.outcome] ?? entry.outcome];
    if (entry.outcome === 'resolved' && entry.agentId) parts[1] = `escalated → resolved by ${entry.agentId}`;
    else if (entry.reason && entry.outcome !== 'answered') parts.push(reasonLabel(entry.reason));
    if (entry.rating != null) parts.push(`rated ${entry.rating}/5`);
    return { title: parts.join(' · '), detail: entry.firstMessage ? `“${entry.firstMessage}”` : null };
  }
  const parts = [entry.kind.replaceAll('_', ' '), entry.source];
  if (entry.amount != null) parts.push(money(entry.amount, entry.currency));
  return { title: parts.filter(Boolean).join(' · '), detail: entry.summary };
}

export function journeyItem(entry) {
  const li = element('li', `journey-entry ${entry.type}`);
  li.dataset.outcome = entry.outcome ?? entry.kind ?? '';
  const { title, detail } = describe(entry);
  li.append(element('span', 'when muted', `${day(entry.at)} ${clock(entry.at)}`), element('span', 'what', title));
  if (detail) li.append(element('div', 'detail', detail));
  if (entry.comment) li.append(element('div', 'detail muted', `Survey comment: ${entry.comment}`));
  return li;
}

export const outcomeLabel = (outcome) => outcomes[outcome] ?? outcome;

// Who the customer proved to be by signing in (Teams single sign-on), and who Teams' roster says they are, as
// text: the names come from their accounts.
export function showVerified(target, verified, profile) {
  if (!target) return;
  const lines = [
    verified ? `Verified as ${verified.display} (signed in on ${verified.channel})` : null,
    profile ? `Teams profile: ${profile.display}` : null,
  ].filter(Boolean);
  target.hidden = lines.length === 0;
  target.textContent = lines.join(' · ');
}
