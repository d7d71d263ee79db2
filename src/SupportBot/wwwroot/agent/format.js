// Text for the screen: everything from customers, agents and articles is escaped before the small Markdown subset
// (bold, italic, code, links, lists, line breaks) is applied, so no message can inject markup.
const entities = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export const escapeHtml = (text) => String(text ?? '').replace(/[&<>"']/g, (c) => entities[c]);

function inline(escaped) {
  return escaped
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[^*])\*([^*\s][^*]*)\*/g, '$1<em>$2</em>')
    // Only web and site-relative links (not protocol-relative //host, which leaves the site); the URL was escaped with
    // the rest, so it cannot close the attribute.
    .replace(/\[([^\]]+)\]\(((?:https?:\/\/|\/(?!\/))[^)\s]+)\)/g, '<a href="$2" target="_blank" rel="noopener noreferrer">$1</a>');
}

export function renderMarkdown(text) {
  const blocks = [];
  let list = null;
  for (const line of escapeHtml(text).split('\n')) {
    const item = /^\s*(?:[-*]|\d+\.)\s+(.*)$/.exec(line);
    if (item) {
      list ??= [];
      list.push(`<li>${inline(item[1])}</li>`);
      continue;
    }
    if (list) {
      blocks.push(`<ul>${list.join('')}</ul>`);
      list = null;
    }
    if (line.trim()) blocks.push(`<p>${inline(line)}</p>`);
  }
  if (list) blocks.push(`<ul>${list.join('')}</ul>`);
  return blocks.join('');
}

export function duration(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

export const clock = (at) => new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

export const day = (at) => new Date(at).toLocaleDateString([], { month: 'short', day: 'numeric' });

const reasons = {
  customer_asked: 'Asked for a person',
  negative_sentiment: 'Upset customer',
  repeated_failure: 'Asked again',
  low_confidence: 'Bot not sure',
  out_of_scope: 'Out of scope',
  account_action: 'Account action',
};

export const reasonLabel = (reason) => reasons[reason] ?? String(reason ?? '').replaceAll('_', ' ');

export function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}
