// The per-agent report (the agent API's GET /api/agent/reports/agents, supervisors only) as a table card, over the
// dashboard's range, channel and segment.
import * as api from './api.js';
import { renderTable } from './table.js';
import { decimal, seconds } from './views.js';

const n = (title, value, show) => ({ title, value, show, number: true });

export async function renderAgents(card, filter) {
  const report = await api.agents(filter);
  renderTable(card, {
    title: 'Agents',
    note: 'The range, channel and segment chosen above. First response: claim to first reply; handle time: claim to resolution; '
      + 'CSAT: mean survey rating (1-5). Seconds in the CSV.',
    fileName: `agents_${filter.from}_${filter.to}.csv`,
    rows: report.agents,
    columns: [
      { title: 'Agent', value: (r) => r.agentId },
      n('Conversations', (r) => r.conversations),
      n('First response', (r) => r.firstResponseSeconds, seconds),
      n('Handle time', (r) => r.handleSeconds, seconds),
      n('Resolved', (r) => r.resolved),
      n('CSAT', (r) => r.csat, (value) => decimal(value)),
      n('Ratings', (r) => r.ratings),
      n('SLA breaches', (r) => r.slaBreaches),
    ],
  });
}
