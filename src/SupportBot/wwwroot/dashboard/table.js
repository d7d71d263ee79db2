// A table card: a title, a CSV export of exactly the rows shown (raw API values, not the rounded display), and the
// rows. Every cell is text (textContent) or a node built from text: nothing a customer wrote becomes markup.
import { element } from '../agent/format.js';
import { download, toCsv } from './csv.js';

// columns: { title, value: (row) => raw value for CSV, show?: (value, row) => text or Node, number?: true, csv?: false }
export function renderTable(card, { title, note, columns, rows, fileName }) {
  card.replaceChildren();
  const head = element('div', 'table-head');
  head.append(element('h2', null, title));
  const exporter = element('button', 'quiet export', 'Export CSV');
  exporter.type = 'button';
  exporter.dataset.export = fileName;
  exporter.addEventListener('click', () => {
    const exported = columns.filter((c) => c.csv !== false);
    download(fileName, toCsv(exported.map((c) => c.csvTitle ?? c.title), rows.map((row) => exported.map((c) => c.value(row)))));
  });
  head.append(exporter);
  card.append(head);
  if (note) card.append(element('p', 'muted', note));

  const table = element('table');
  const header = element('tr');
  for (const column of columns.filter((c) => c.show !== false)) header.append(element('th', column.number ? 'number' : null, column.title));
  table.append(element('thead'));
  table.tHead.append(header);
  const body = element('tbody');
  for (const row of rows) {
    const tr = element('tr');
    for (const column of columns.filter((c) => c.show !== false)) {
      const value = column.value(row);
      const shown = column.show ? column.show(value, row) : value;
      const td = element('td', column.number ? 'number' : null);
      if (shown instanceof Node) td.append(shown);
      else td.textContent = shown ?? '—';
      tr.append(td);
    }
    body.append(tr);
  }
  if (rows.length === 0) {
    const empty = element('td', 'muted', 'Nothing in this range.');
    empty.colSpan = columns.filter((c) => c.show !== false).length;
    body.append(element('tr'));
    body.lastChild.append(empty);
  }
  table.append(body);
  // A table wider than the card scrolls: keyboard users reach the scroll by focusing it (WCAG 2.1.1).
  const wrap = element('div', 'table-wrap');
  wrap.tabIndex = 0;
  wrap.setAttribute('role', 'region');
  wrap.setAttribute('aria-label', title);
  wrap.append(table);
  card.append(wrap);
}
