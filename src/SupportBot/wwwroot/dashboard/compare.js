// Why two customers differ: two customers given similar service (or one against similar customers), their journeys
// side by side, and the features they differ in ranked by the share of the rating gap the adjusted model puts on
// each. It opens on the API's suggested pair; a supervisor can type their own customer ids.
import { element } from '../agent/format.js';
import * as api from './api.js';
import { renderTable } from './table.js';
import { decimal, percent } from './views.js';

const signed = (value) => (value == null ? '—' : value > 0 ? `+${value.toFixed(2)}` : value.toFixed(2));
const readings = { lower: 'Goes with lower ratings', higher: 'Goes with higher ratings', 'no-clear-difference': 'No clear difference', 'not-enough-data': 'Not enough data' };

export function setUpComparison(card, currentFilter) {
  const form = element('form', 'filters compare-form');
  form.setAttribute('aria-label', 'Customers to compare');
  const customer = Object.assign(element('input'), { name: 'customer', placeholder: 'customer id' });
  const other = Object.assign(element('input'), { name: 'other', placeholder: 'empty: similar customers' });
  const labelled = (text, input) => { const label = element('label', null, text); label.append(input); return label; };
  const button = Object.assign(element('button', null, 'Compare'), { type: 'submit' });
  form.append(labelled('Customer', customer), labelled('Compared with', other), button);
  const results = element('div', 'compare-results');
  card.replaceChildren(element('h2', null, 'Why two customers differ'), form, results);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    load(results, currentFilter(), customer.value.trim(), other.value.trim());
  });
  return { refresh: (filter) => load(results, filter, customer.value.trim(), other.value.trim()) };
}

async function load(results, filter, customer, other) {
  results.dataset.state = 'loading';
  try {
    const payload = await api.compare({ ...filter, customer, other: customer ? other : '' });
    show(results, payload.data, filter);
  } catch (failure) {
    // A 404 says which customer has no rated conversation in the range; the message is the API's.
    results.replaceChildren(element('p', 'muted', failure.message));
  }
  results.dataset.state = 'ready';
}

function show(results, report, filter) {
  if (!report) {
    results.replaceChildren(element('p', 'muted', 'No two rated customers with the same service in this range.'));
    return;
  }
  const { first, second } = report;
  const sides = element('article', 'compare-sides');
  const differences = element('article', 'compare-differences');
  results.replaceChildren(
    element('p', 'muted', `${first.label} rated ${decimal(first.rating, 1)}, ${second.label} ${decimal(second.rating, 1)}: a gap of ${signed(report.ratingGap)}. `
      + `The features the model calls account for about ${signed(report.explained)} of it; the rest is not explained by anything the log records. `
      + 'Each share is the effect that goes with a feature, not proof that it caused the rating.'),
    sides, differences);
  const facts = [
    ['Rating (mean)', (s) => decimal(s.rating, 1)],
    ['Rated conversations', (s) => String(s.ratedConversations)],
    ['Had written before', (s) => percent(s.returning)],
    ['Has made a purchase', (s) => percent(s.purchased)],
    ['Wait for an agent (mean minutes)', (s) => decimal(s.meanWaitMinutes, 1)],
    ['Unsure or out-of-scope answers', (s) => percent(s.failedAnswers)],
    ['Channels', (s) => s.channels.join(', ')],
    ['Agents', (s) => s.agents.join(', ')],
    ['Conversations', (s) => s.conversations.map((c) => `${c.startedAt.slice(0, 10)} ${c.channel} · ${c.agent ?? 'no agent'} · waited ${decimal(c.waitMinutes, 1)} min · rated ${decimal(c.rating, 1)}`).join(' | ') || '—'],
  ];
  renderTable(sides, {
    title: 'Journeys side by side',
    fileName: `compare-journeys_${filter.from}_${filter.to}.csv`,
    rows: facts,
    columns: [{ title: 'What happened', value: (f) => f[0] }, { title: first.label, value: (f) => f[1](first) }, { title: second.label, value: (f) => f[1](second) }],
  });
  renderTable(differences, {
    title: 'Where they differ, largest share of the gap first',
    fileName: `compare-differences_${filter.from}_${filter.to}.csv`,
    rows: report.differences,
    columns: [
      { title: 'Feature', value: (d) => d.label },
      { title: first.label, value: (d) => d.first, show: percent },
      { title: second.label, value: (d) => d.second, show: percent },
      { title: 'Adjusted effect', value: (d) => d.effect, show: signed, number: true },
      { title: 'Share of the gap', value: (d) => d.contribution, show: signed, number: true },
      { title: 'Reading', value: (d) => d.reading, show: (v) => readings[v] ?? v },
    ],
  });
}
