// CSV as RFC 4180 writes it: fields separated by commas and records by CRLF; a field holding a comma, a quote, CR or
// LF is quoted, with its quotes doubled. Customers' words end up in these files, and a spreadsheet runs a cell that
// starts with = + - @ (or a tab or CR) as a formula, so such text gets a leading apostrophe (OWASP's advice for CSV
// injection). Numbers are written as the API gave them.
const formulaStart = /^[=+\-@\t\r]/;

export function csvField(value) {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  let text = String(value);
  if (formulaStart.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const toCsv = (header, rows) => [header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';

export function download(fileName, text) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = Object.assign(document.createElement('a'), { href: url, download: fileName });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
