// The analytics API (/api/analytics, supervisors only) with the console's sign-in cookie; reads only, so no
// antiforgery token is needed.
import { ApiError } from '../agent/api.js';

export { session, signIn, signOut } from '../agent/api.js';

async function get(path, query = {}) {
  const params = new URLSearchParams(Object.entries(query).filter(([, value]) => value !== '' && value != null));
  const response = await fetch(`${path}?${params}`, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
  const payload = response.headers.get('Content-Type')?.includes('json') ? await response.json() : null;
  if (!response.ok) throw new ApiError(response.status, payload);
  return payload;
}

export const filters = () => get('/api/analytics/filters');
export const overview = (filter) => get('/api/analytics/overview', filter);
export const outcomes = (filter) => get('/api/analytics/outcomes', filter);
export const questions = (filter) => get('/api/analytics/questions', filter);
export const gaps = (filter) => get('/api/analytics/kb-gaps', filter);
export const drivers = (filter) => get('/api/analytics/drivers', filter);
export const compare = (query) => get('/api/analytics/compare', query);
// The per-agent report lives in the agent API; it reads whole UTC days, as the dashboard's range does, and the same
// channel and segment.
export const agents = (filter) => get('/api/agent/reports/agents', {
  from: filter.from, to: filter.to, channel: filter.channel, segment: filter.segment,
});
