// What the dashboard shows for one filter: key figures and tables, each number as the API gave it (formatted for
// reading; the CSV export keeps the raw value).
import { duration, element, reasonLabel } from '../agent/format.js';
import { renderTable } from './table.js';

export const percent = (rate) => (rate == null ? '—' : `${(rate * 100).toFixed(1)}%`);
export const decimal = (value, digits = 2) => (value == null ? '—' : value.toFixed(digits));
export const seconds = (value) => (value == null ? '—' : value < 10 ? `${value.toFixed(1)}s` : value < 60 ? `${Math.round(value)}s` : duration(value));
const signed = (value) => (value > 0 ? `+${value.toFixed(2)}` : value.toFixed(2));

function kpi(key, label, value, note) {
  const card = element('div', 'kpi');
  card.dataset.kpi = key;
  card.append(element('div', 'label', label), element('div', 'value', value), element('div', 'note', note ?? ''));
  return card;
}

export function renderKpis(container, o) {
  container.replaceChildren(
    kpi('conversations', 'Conversations', String(o.conversations)),
    kpi('containment', 'Contained by the bot', percent(o.containmentRate), `${o.contained} without a person`),
    kpi('escalation', 'Escalated', percent(o.escalations.rate), `${o.escalations.conversations} conversations`),
    kpi('csat', 'CSAT (mean 1-5)', decimal(o.satisfaction.mean), `${o.satisfaction.responses} surveys`),
    kpi('satisfied', 'Satisfied (4-5)', percent(o.satisfaction.satisfiedRate)),
    kpi('wait', 'Median queue wait', seconds(o.times.queueWait.median), `p90 ${seconds(o.times.queueWait.p90)}`),
    kpi('abandonment', 'Left the queue', percent(o.queue.abandonmentRate), `${o.queue.cancelled + o.queue.neverClaimed} of ${o.queue.queued}`),
    kpi('likes', 'Answers liked', percent(o.feedback.likeRate), `${o.feedback.likes} likes, ${o.feedback.dislikes} dislikes`),
  );
}

// What happened after the conversations: did customers come back about the same thing (README: Outcome measures).
export function renderOutcomes(container, o) {
  const top = o.topics[0];
  container.replaceChildren(
    kpi('recontact', `Came back within ${o.recontactDays} days`, percent(o.recontactRate),
      top ? `most about: ${top.topic}` : `${o.recontacted} of ${o.conversations}`),
    kpi('verified', 'Verified resolution', percent(o.verifiedResolutionRate), `${o.verifiedResolved} of ${o.answeredByBot} bot answers`),
    kpi('fcr', 'First-contact resolution', percent(o.firstContactResolutionRate), `${o.resolvedFirstContact} of ${o.conversations}`),
    kpi('csat-bot', 'CSAT, bot only', decimal(o.botOnly.mean), `${o.botOnly.responses} surveys`),
    kpi('csat-person', 'CSAT, with a person', decimal(o.personHandled.mean), `${o.personHandled.responses} surveys`),
  );
}

const n = (title, value, show) => ({ title, value, show, number: true });
const suffix = (filter) => `${filter.from}_${filter.to}`;

export function renderTimes(card, o, filter) {
  const rows = [
    ['Bot answer', o.times.botAnswer], ['Agent first response', o.times.agentFirstResponse],
    ['Queue wait', o.times.queueWait], ['Handle time', o.times.handle],
  ];
  renderTable(card, {
    title: 'Response times',
    note: 'Seconds in the CSV. Agents\' first response counts from the claim.',
    fileName: `response-times_${suffix(filter)}.csv`,
    rows,
    columns: [
      { title: 'Step', value: (r) => r[0] },
      n('Count', (r) => r[1].count),
      n('Mean', (r) => r[1].mean, seconds), n('Median', (r) => r[1].median, seconds), n('p90', (r) => r[1].p90, seconds),
    ],
  });
}

export function renderReasons(card, o, filter) {
  renderTable(card, {
    title: 'Escalations by reason',
    fileName: `escalations_${suffix(filter)}.csv`,
    rows: o.escalations.byReason,
    columns: [
      { title: 'Reason', value: (r) => r.reason, show: reasonLabel },
      n('Conversations', (r) => r.conversations),
      n('Share of conversations', (r) => r.rate, percent),
    ],
  });
}

function customerList(driver) {
  const details = element('details');
  details.append(element('summary', null, `${driver.customers.length} customers`));
  const list = element('ul');
  for (const customer of driver.customers) {
    // Each customer opens on their journey page, to see why they rated as they did.
    const item = element('li');
    const link = element('a', null, customer.id);
    link.href = `/agent/customers.html?id=${encodeURIComponent(customer.id)}`;
    item.append(link, ` · rated ${decimal(customer.rating, 1)}`);
    list.append(item);
  }
  details.append(list);
  return details;
}

// The words a supervisor reads: what the data shows, never more. "Goes with" because the log shows association,
// not what caused it; "not enough data" when that is the truth.
const readings = {
  lower: 'Goes with lower ratings',
  higher: 'Goes with higher ratings',
  'no-clear-difference': 'No clear difference',
  'not-enough-data': 'Not enough data',
};

const interval = (e) => (e == null || e.low == null ? 'not enough data' : `${signed(e.low)} … ${signed(e.high)}`);
const effect = (e) => (e == null ? '—' : element('span', e.effect < 0 ? 'effect-negative' : 'effect-positive', signed(e.effect)));

export function renderDrivers(card, report, filter) {
  renderTable(card, {
    title: 'What goes with satisfaction',
    note: `${report.ratings} rated conversations from ${report.customers} customers, mean rating ${decimal(report.meanRating)}. `
      + 'Adjusted effect: the difference in rating that goes with the feature when the other features, the agent, channel, language and month are held fixed, with its 95% interval; '
      + 'the raw difference compares the means with and without it. An agent, channel or language is compared with the mean of the others. '
      + `A feature is called only with at least ${report.minRatings} rated conversations on each side and a q-value (false discovery rate) of at most ${report.falseDiscoveryRate}. `
      + 'These are associations in the log, not proof of what causes a rating.',
    fileName: `satisfaction-drivers_${suffix(filter)}.csv`,
    rows: report.drivers,
    columns: [
      { title: 'Feature', value: (d) => d.label },
      { title: 'Id', value: (d) => d.id, show: false },
      { title: 'Reading', value: (d) => d.reading, show: (v) => readings[v] ?? v },
      n('With', (d) => d.with), n('Without', (d) => d.without),
      n('Mean with', (d) => d.meanWith, (v) => decimal(v)), n('Mean without', (d) => d.meanWithout, (v) => decimal(v)),
      n('Adjusted effect', (d) => d.adjusted?.effect, (_, d) => effect(d.adjusted)),
      { ...n('Adjusted 95% interval', (d) => interval(d.adjusted)), csv: false },
      { title: 'Adjusted low', value: (d) => d.adjusted?.low, show: false },
      { title: 'Adjusted high', value: (d) => d.adjusted?.high, show: false },
      n('q-value', (d) => d.qValue, (v) => (v == null ? '—' : v < 0.001 ? '<0.001' : v.toFixed(3))),
      n('Raw difference', (d) => d.raw.effect, (_, d) => effect(d.raw)),
      { ...n('Raw 95% interval', (d) => interval(d.raw)), csv: false },
      { title: 'Raw low', value: (d) => d.raw.low, show: false },
      { title: 'Raw high', value: (d) => d.raw.high, show: false },
      { title: 'Customers', csvTitle: 'Customers (ids)', value: (d) => d.customers.map((c) => c.id).join(' '), show: (_, d) => customerList(d) },
    ],
  });
}

const reasonsText = (reasons) => Object.entries(reasons).map(([reason, count]) => `${reason === 'disliked' ? 'Disliked answer' : reasonLabel(reason)} ${count}`).join(', ');

export function renderGaps(card, gaps, filter) {
  renderTable(card, {
    title: 'Knowledge base gaps',
    note: 'Questions the bot could not answer (not sure, out of scope, asked again) or whose answer was disliked, grouped by similar wording.',
    fileName: `kb-gaps_${suffix(filter)}.csv`,
    rows: gaps,
    columns: [
      { title: 'Question', value: (g) => g.label },
      n('Asked', (g) => g.count),
      { title: 'Why', value: (g) => reasonsText(g.reasons) },
      { title: 'Examples', value: (g) => g.examples.join(' | ') },
    ],
  });
}

export function renderQuestions(card, questions, filter) {
  renderTable(card, {
    title: 'Top questions',
    fileName: `top-questions_${suffix(filter)}.csv`,
    rows: questions,
    columns: [
      { title: 'Question', value: (q) => q.label },
      n('Asked', (q) => q.count),
      { title: 'Examples', value: (q) => q.examples.join(' | ') },
    ],
  });
}

export function renderDays(card, o, filter) {
  renderTable(card, {
    title: 'Day by day (UTC)',
    fileName: `days_${suffix(filter)}.csv`,
    rows: o.days,
    columns: [
      { title: 'Day', value: (d) => d.day },
      n('Conversations', (d) => d.conversations), n('Contained', (d) => d.contained), n('Escalated', (d) => d.escalated),
      n('Surveys', (d) => d.surveys), n('Mean rating', (d) => d.meanRating, (v) => decimal(v)),
    ],
  });
}
