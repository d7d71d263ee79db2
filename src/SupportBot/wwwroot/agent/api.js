// The agent HTTP API as the console calls it: with the sign-in cookie, and with the antiforgery token on every
// change (the server refuses cookie-authenticated POSTs without it).
let antiforgery = { header: 'X-CSRF-Token', token: null };

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
  }
}

async function call(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && antiforgery.token) headers[antiforgery.header] = antiforgery.token;
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
  });
  if (response.status === 204) return null;
  const payload = response.headers.get('Content-Type')?.includes('json') ? await response.json() : null;
  if (!response.ok) throw new ApiError(response.status, payload);
  return payload;
}

const conversation = (id, action) => `/api/agent/conversations/${encodeURIComponent(id)}/${action}`;

export async function session() {
  const current = await call('GET', '/agent/session');
  antiforgery = { header: current.antiforgeryHeader, token: current.antiforgeryToken };
  return current;
}

export const signIn = (id, password) => call('POST', '/agent/signin', { id, password });
export const signOut = () => call('POST', '/agent/signout');
export const queue = () => call('GET', '/api/agent/queue');
export const transcript = (id) => call('GET', conversation(id, 'transcript'));
export const suggestions = (id) => call('GET', conversation(id, 'suggestions'));
export const claim = (id) => call('POST', conversation(id, 'claim'));
export const send = (id, text) => call('POST', conversation(id, 'messages'), { text });
export const transfer = (id, target) => call('POST', conversation(id, 'transfer'), target);
export const resolve = (id) => call('POST', conversation(id, 'resolve'));
export const journey = (customerId) => call('GET', `/api/customers/${encodeURIComponent(customerId)}/journey`);
export const createAccount = (account) => call('POST', '/api/agent/accounts', account);
export const accounts = () => call('GET', '/api/agent/accounts');
const account = (id, action = '') => `/api/agent/accounts/${encodeURIComponent(id)}${action}`;
export const disableAccount = (id) => call('POST', account(id, '/disable'));
export const enableAccount = (id) => call('POST', account(id, '/enable'));
export const setRole = (id, role) => call('POST', account(id, '/role'), { role });
export const resetPassword = (id, password) => call('POST', account(id, '/password'), { password });
export const signOutEverywhere = (id) => call('POST', account(id, '/signout'));
export const deleteAccount = (id) => call('DELETE', account(id));
export const note = (id, text) => call('POST', conversation(id, 'notes'), { text });
export const transferTargets = () => call('GET', '/api/agent/transfer-targets');
export const cannedResponses = () => call('GET', '/api/agent/canned-responses');
export const fillCannedResponse = (id, responseId) => call('GET', conversation(id, `canned-responses/${encodeURIComponent(responseId)}`));
export const createCannedResponse = (response) => call('POST', '/api/agent/canned-responses', response);
export const deleteCannedResponse = (responseId) => call('DELETE', `/api/agent/canned-responses/${encodeURIComponent(responseId)}`);
export const conversations = (filters) => call('GET', `/api/agent/conversations?${new URLSearchParams(filters)}`);
export const search = (q, page = 1) => call('GET', `/api/agent/search?${new URLSearchParams({ q, page, pageSize: 20 })}`);
export const preferences = () => call('GET', '/api/agent/preferences');
export const savePreferences = (preferences) => call('PUT', '/api/agent/preferences', preferences);
export const mentions = () => call('GET', '/api/agent/mentions');
export const mentionsRead = (conversationId) => call('POST', '/api/agent/mentions/read', conversationId ? { conversationId } : {});
export const typing = (id) => call('POST', conversation(id, 'typing'));

// A file for the customer: multipart, so not through call's JSON body, with the same antiforgery header.
export async function sendFile(id, file) {
  const body = new FormData();
  body.append('file', file, file.name);
  const response = await fetch(conversation(id, 'attachments'), {
    method: 'POST',
    headers: { Accept: 'application/json', [antiforgery.header]: antiforgery.token },
    body,
    credentials: 'same-origin',
  });
  const payload = response.headers.get('Content-Type')?.includes('json') ? await response.json() : null;
  if (!response.ok) throw new ApiError(response.status, payload);
  return payload;
}
export const presence = () => call('GET', '/api/agent/presence');
export const setPresence = (status) => call('PUT', '/api/agent/presence', { status });
export const activity = () => call('POST', '/api/agent/presence/activity');
export const tickets = (status) => call('GET', `/api/agent/tickets${status ? `?status=${encodeURIComponent(status)}` : ''}`);
export const ticket = (id) => call('GET', `/api/agent/tickets/${id}`);
export const answerTicket = (id, answer) => call('POST', `/api/agent/tickets/${id}/answer`, answer);
export const moveTicket = (id, action) => call('POST', `/api/agent/tickets/${id}/${action}`);
export const agentReport = () => call('GET', '/api/agent/reports/agents');
export const routing = () => call('GET', '/api/agent/routing');
export const setAgentPresence = (agentId, status) => call('PUT', `/api/agent/agents/${encodeURIComponent(agentId)}/presence`, { status });
export const setCapacity = (agentId, capacity) => call('PUT', `/api/agent/agents/${encodeURIComponent(agentId)}/capacity`, { capacity });
export const assignTicket = (id, agent) => call('POST', `/api/agent/tickets/${id}/assign`, { agent });
