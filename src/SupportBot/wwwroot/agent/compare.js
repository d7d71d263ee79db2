import { element } from './format.js';
import { t } from './i18n.js';

// Why this customer's satisfaction differs, on the customer's journey page: the customer against similar customers
// (same first channel and agent) or against a second customer a supervisor types, their journeys side by side and the
// features they differ in, ranked by the share of the rating gap the model's adjusted effects put on each. The
// figures are the analytics API's (GET /api/analytics/compare), which is for supervisors only.
const readings = { lower: 'Goes with lower ratings', higher: 'Goes with higher ratings', 'no-clear-difference': 'No clear difference', 'not-enough-data': 'Not enough data' };
const signed = (value) => (value == null ? '—' : value > 0 ? `+${value.toFixed(2)}` : value.toFixed(2));
const decimal = (value) => (value == null ? '—' : value.toFixed(1));
const percent = (value) => (value == null ? '—' : `${Math.round(value * 100)}%`);

async function fetchComparison(customer, other, days) {
  const to = new Date();
  const from = new Date(to.getTime() - days * 86_400_000);
  const query = new URLSearchParams({ customer, other, from: from.toISOString().slice(0, 10), to: to.toISOString().slice(0, 10) });
  const response = await fetch(`/api/analytics/compare?${query}`, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
  const payload = response.headers.get('Content-Type')?.includes('json') ? await response.json() : null;
  if (!response.ok) throw new Error(payload?.detail || payload?.title || `HTTP ${response.status}`);
  return payload.data;
}

export function setUpComparison(section, customerId) {
  const form = section.querySelector('form');
  const results = section.querySelector('.compare-results');
  const load = async () => {
    results.dataset.state = 'loading';
    try {
      show(results, await fetchComparison(customerId(), form.elements.other.value.trim(), Number(form.elements.days.value)));
    } catch (failure) {
      // A 404 says which customer has no rated conversation in the range; the message is the API's.
      results.replaceChildren(element('p', 'muted', failure.message));
    }
    results.dataset.state = 'ready';
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    load();
  });
  section.hidden = false;
  // Asked for, not loaded with the page: most customers have no rated conversation to compare.
  return () => {
    results.replaceChildren();
    delete results.dataset.state;
  };
}

function show(results, report) {
  const { first, second } = report;
  const secondLabel = second.group ? t('Similar customers') : second.label;
  const summary = element('dl', 'compare-summary');
  for (const [term, value] of [['Rating gap', signed(report.ratingGap)], ['Explained by the features the model calls', signed(report.explained)],
    ['Not explained by anything the log records', signed(report.ratingGap - report.explained)]]) {
    summary.append(element('dt', null, t(term)), element('dd', null, value));
  }
  const facts = [
    ['Customers', (s) => String(s.customers)],
    ['Rating (mean)', (s) => decimal(s.rating)],
    ['Rated conversations', (s) => String(s.ratedConversations)],
    ['Had written before', (s) => percent(s.returning)],
    ['Has made a purchase', (s) => percent(s.purchased)],
    ['Wait for an agent (mean minutes)', (s) => decimal(s.meanWaitMinutes)],
    ['Unsure or out-of-scope answers', (s) => percent(s.failedAnswers)],
    ['Channels', (s) => s.channels.join(', ')],
    ['Agents', (s) => s.agents.join(', ') || '—'],
  ];
  const sides = table('Journeys side by side', ['What happened', first.label, secondLabel],
    facts.map(([label, value]) => [t(label), value(first), value(second)]));
  const conversations = element('ol', 'journey compare-conversations');
  conversations.setAttribute('aria-label', t('Rated conversations'));
  for (const c of first.conversations) {
    conversations.append(element('li', null, `${c.startedAt.slice(0, 10)} · ${c.channel} · ${c.agent ?? '—'} · ${decimal(c.waitMinutes)} min · ${decimal(c.rating)}/5`));
  }
  const differences = report.differences.length
    ? table('Where they differ, largest share of the gap first', ['Feature', first.label, secondLabel, 'Adjusted effect', 'Share of the gap', 'Reading'],
      report.differences.map((d) => [t(d.label), percent(d.first), percent(d.second), signed(d.effect), signed(d.contribution), t(readings[d.reading] ?? d.reading)]))
    : element('p', 'muted', t('They do not differ in any feature the model knows.'));
  results.replaceChildren(summary, sides, conversations, differences,
    element('p', 'muted', t('Each share is the effect that goes with a feature, not proof that it caused the rating.')));
}

function table(caption, headings, rows) {
  const node = element('table', 'compare-table');
  node.append(element('caption', null, t(caption)));
  const head = element('tr');
  headings.forEach((h, i) => head.append(Object.assign(element('th', null, i === 0 || i >= 3 ? t(h) : h), { scope: 'col' })));
  node.append(element('thead'), element('tbody'));
  node.tHead.append(head);
  for (const row of rows) {
    const tr = element('tr');
    row.forEach((cell, i) => tr.append(i === 0 ? Object.assign(element('th', null, cell), { scope: 'row' }) : element('td', null, cell)));
    node.tBodies[0].append(tr);
  }
  return node;
}
