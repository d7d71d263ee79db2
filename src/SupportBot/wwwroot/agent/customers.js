import * as api from './api.js';
import { setUpComparison } from './compare.js';
import { element } from './format.js';
import { pickLanguage, setLanguage } from './i18n.js';
import { journeyItem, showVerified } from './journey.js';

// The customer page: one customer's identities and whole journey, oldest first. Reached from the console's journey
// panel (?id=) or by typing an id or identity.
const $ = (id) => document.getElementById(id);

async function show(id) {
  $('status').textContent = 'Loading…';
  $('customer').hidden = true;
  try {
    const journey = await api.journey(id);
    $('customer-id').textContent = journey.customerId;
    shown = journey.customerId;
    await ready;
    showVerified($('verified'), journey.verified, journey.profile);
    $('identities').replaceChildren(...journey.identities.map((i) => element('li', null, `${i.kind}: ${i.value}`)));
    $('timeline').replaceChildren(...(journey.entries.length
      ? journey.entries.map((e) => journeyItem(e))
      : [element('li', 'muted', 'Nothing recorded for this customer.')]));
    $('customer').hidden = false;
    $('status').textContent = `${journey.entries.length} entries`;
    clearComparison?.();
  } catch (error) {
    $('status').textContent = error.status === 401 ? 'Sign in to the console first.' : error.message;
  }
}

// Supervisors also see why this customer's satisfaction differs from similar customers' (compare.js); the page
// speaks the agent's language.
let clearComparison = null;
let shown = '';
const ready = api.session().then(async (session) => {
  if (!session.agent) return;
  setLanguage(pickLanguage((await api.preferences()).language));
  if (session.agent.role === 'supervisor') clearComparison = setUpComparison($('compare'), () => shown);
}).catch(() => {});

const params = new URLSearchParams(window.location.search);
const form = $('lookup');
form.addEventListener('submit', (event) => {
  event.preventDefault();
  const id = form.elements.id.value.trim();
  window.history.replaceState(null, '', `?id=${encodeURIComponent(id)}`);
  show(id);
});
if (params.get('id')) {
  form.elements.id.value = params.get('id');
  show(params.get('id'));
}
