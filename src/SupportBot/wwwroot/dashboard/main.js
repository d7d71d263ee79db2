// The supervisor dashboard: sign in (the console's account), pick a range, channel and segment, and read the
// analytics API's figures as charts and tables. Every change of a filter reads the API again.
import { reasonLabel } from '../agent/format.js';
import { renderAgents } from './agents.js';
import * as api from './api.js';
import { setUpComparison } from './compare.js';
import { drawChannels, drawDays, drawRatings, drawReasons } from './charts.js';
import * as views from './views.js';

const $ = (id) => document.getElementById(id);
const form = $('filters');
let segments = [];
let latest = 0;
let comparison;

async function start() {
  const session = await api.session();
  if (!session.agent) {
    $('signin-screen').hidden = false;
    $('signin-form').elements.id.focus();
    return;
  }
  $('who').textContent = `${session.agent.name} (${session.agent.role})`;
  $('signout').hidden = false;
  if (session.agent.role !== 'supervisor') {
    $('not-supervisor').hidden = false;
    return;
  }
  await openDashboard();
}

$('signin-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const signin = event.target;
  $('signin-error').hidden = true;
  try {
    await api.signIn(signin.elements.id.value.trim(), signin.elements.password.value);
    window.location.reload();
  } catch (failure) {
    $('signin-error').textContent = failure.status === 401 ? 'Wrong agent id or password.' : failure.message;
    $('signin-error').hidden = false;
  }
});

$('signout').addEventListener('click', async () => {
  await api.signOut();
  window.location.reload();
});

// Days in UTC, as the API reads them: 'to' includes its day. The default is the API's: the last 30 days.
const utcDay = (date) => date.toISOString().slice(0, 10);

async function openDashboard() {
  const choices = await api.filters();
  segments = choices.segments;
  for (const channel of choices.channels) form.elements.channel.append(new Option(channel, channel));
  for (const segment of segments) form.elements.segment.append(new Option(segment.label, segment.id));
  const today = new Date();
  form.elements.to.value = utcDay(today);
  form.elements.from.value = utcDay(new Date(today.getTime() - (choices.defaultDays - 1) * 86_400_000));
  comparison = setUpComparison($('compare'), () => Object.fromEntries(new FormData(form)));
  form.addEventListener('change', refresh);
  form.addEventListener('submit', (event) => event.preventDefault());
  $('dashboard').hidden = false;
  await refresh();
}

async function refresh() {
  const filter = Object.fromEntries(new FormData(form));
  $('segment-help').textContent = segments.find((s) => s.id === filter.segment)?.description ?? '';
  // The raw log of the range and channel (segments are read from whole conversations and do not apply to it).
  const range = new URLSearchParams({ from: filter.from, to: filter.to, ...(filter.channel ? { channel: filter.channel } : {}) });
  $('export-log').href = `/api/analytics/export.csv?${range}`;
  const request = ++latest;
  $('dashboard').dataset.state = 'loading';
  $('status').textContent = 'Loading…';
  $('error').hidden = true;
  try {
    const [overview, questions, gaps, drivers, outcomes] = await Promise.all([
      api.overview(filter), api.questions(filter), api.gaps(filter), api.drivers(filter), api.outcomes(filter),
    ]);
    // A slower, older answer must not overwrite the figures of the filter now chosen.
    if (request !== latest) return;
    show(filter, overview, questions, gaps, drivers, outcomes);
    // The comparison loads on its own: a customer missing from the new range must not blank the rest.
    comparison.refresh(filter);
    await showAgents(filter, request);
    $('status').textContent = `${filter.from} to ${filter.to} (UTC days)`;
    $('dashboard').dataset.state = 'ready';
  } catch (failure) {
    if (request !== latest) return;
    $('error').textContent = failure.message;
    $('error').hidden = false;
    $('status').textContent = '';
    $('dashboard').dataset.state = 'error';
  }
}

// The per-agent table, from the agent API; a failure there says so in its card and leaves the rest standing.
async function showAgents(filter, request) {
  try {
    await renderAgents($('agents'), filter);
  } catch (failure) {
    if (request === latest) $('agents').replaceChildren(Object.assign(document.createElement('p'), { className: 'error', textContent: failure.message }));
  }
}

// The filter as chosen (days, 'to' included) names the exported files.
function show(filter, overview, questions, gaps, drivers, outcomes) {
  const o = overview.data;
  views.renderKpis($('kpis'), o);
  views.renderOutcomes($('outcomes'), outcomes.data);
  drawDays(o.days);
  drawReasons(o.escalations.byReason, reasonLabel);
  drawRatings(o.satisfaction.distribution);
  drawChannels(o.channels);
  views.renderTimes($('times'), o, filter);
  views.renderReasons($('reasons'), o, filter);
  views.renderDrivers($('drivers'), drivers.data, filter);
  views.renderGaps($('gaps'), gaps.data, filter);
  views.renderQuestions($('questions'), questions.data, filter);
  views.renderDays($('days'), o, filter);
}

start().catch((error) => {
  document.body.append(Object.assign(document.createElement('p'), { className: 'error', textContent: `The dashboard could not start: ${error.message}` }));
});
