import * as api from './api.js';
import { element } from './format.js';

// The / shortcut in the reply box: "/ref" at the start of a word opens a list of the canned responses whose
// shortcut or title matches; arrows move, Enter or a click inserts the response filled in by the server for the
// open conversation (names the server does not know stay as {placeholders} for the agent to fill).
export class CannedPicker {
  constructor(box, list, conversationId, onError) {
    Object.assign(this, { box, list, conversationId, onError });
    this.responses = [];
    this.matches = [];
    this.active = 0;
    box.addEventListener('input', () => this.update());
    box.addEventListener('keydown', (event) => this.key(event));
    box.addEventListener('blur', () => setTimeout(() => this.close(), 150));
  }

  async load() {
    this.responses = await api.cannedResponses();
  }

  // The "/word" just before the caret, if the caret ends one.
  token() {
    const before = this.box.value.slice(0, this.box.selectionStart);
    const match = /(^|\s)\/([\w-]*)$/.exec(before);
    return match ? { query: match[2].toLowerCase(), start: before.length - match[2].length - 1 } : null;
  }

  update() {
    const token = this.token();
    if (!token) return this.close();
    this.matches = this.responses.filter((r) => r.shortcut.startsWith(token.query) || r.title.toLowerCase().includes(token.query)).slice(0, 8);
    if (!this.matches.length) return this.close();
    this.active = Math.min(this.active, this.matches.length - 1);
    this.render();
  }

  render() {
    this.list.replaceChildren(...this.matches.map((r, i) => {
      const option = element('li', 'canned-option');
      Object.assign(option, { id: `canned-option-${i}`, role: 'option' });
      option.setAttribute('aria-selected', String(i === this.active));
      option.append(element('span', 'canned-shortcut', `/${r.shortcut}`), ` ${r.title}`, element('span', 'muted canned-scope', r.scope));
      option.addEventListener('mousedown', (event) => {
        event.preventDefault();
        this.choose(i);
      });
      return option;
    }));
    this.list.hidden = false;
    this.box.setAttribute('aria-activedescendant', `canned-option-${this.active}`);
  }

  close() {
    this.list.hidden = true;
    this.matches = [];
    this.active = 0;
    this.box.removeAttribute('aria-activedescendant');
  }

  get open() {
    return !this.list.hidden && this.matches.length > 0;
  }

  key(event) {
    if (!this.open) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      this.active = (this.active + (event.key === 'ArrowDown' ? 1 : this.matches.length - 1)) % this.matches.length;
      this.render();
    } else if (event.key === 'Enter' && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      this.choose(this.active);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      this.close();
    }
  }

  async choose(index) {
    const response = this.matches[index];
    const token = this.token();
    this.close();
    if (!response || !token) return;
    try {
      const filled = await api.fillCannedResponse(this.conversationId(), response.id);
      const value = this.box.value;
      const end = this.box.selectionStart;
      this.box.value = value.slice(0, token.start) + filled.text + value.slice(end);
      const caret = token.start + filled.text.length;
      this.box.setSelectionRange(caret, caret);
      this.box.focus();
      if (filled.missing.length) this.onError(`Fill in ${filled.missing.map((m) => `{${m}}`).join(', ')} before sending.`);
    } catch (error) {
      this.onError(error.message);
    }
  }
}

// The canned responses dialog: the agent's personal set and the team's (which only supervisors change).
export function enableCannedResponses(me, picker) {
  const dialog = document.getElementById('canned-dialog');
  const form = document.getElementById('canned-form');
  const result = document.getElementById('canned-result');
  const list = document.getElementById('canned-list');
  form.elements.scope.disabled = me.role !== 'supervisor';

  async function load() {
    await picker.load();
    list.replaceChildren(...picker.responses.map((r) => {
      const li = element('li');
      li.append(element('strong', null, `/${r.shortcut}`), ` ${r.title} `, element('span', 'muted', `(${r.scope})`), element('div', 'canned-text', r.text));
      if (r.scope === 'personal' || me.role === 'supervisor') {
        const remove = Object.assign(element('button', 'quiet', 'Delete'), { type: 'button' });
        remove.setAttribute('aria-label', `Delete /${r.shortcut}`);
        remove.addEventListener('click', async () => {
          await report(() => api.deleteCannedResponse(r.id), `/${r.shortcut} deleted.`);
        });
        li.append(remove);
      }
      return li;
    }));
  }

  async function report(change, done) {
    try {
      await change();
      result.className = '';
      result.textContent = done;
    } catch (error) {
      result.className = 'error';
      result.textContent = error.message;
    }
    await load();
  }

  document.getElementById('canned-open').addEventListener('click', async () => {
    result.textContent = '';
    await load();
    dialog.showModal();
  });
  document.getElementById('canned-close').addEventListener('click', () => dialog.close());
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const { scope, shortcut, title, text } = form.elements;
    await report(async () => {
      await api.createCannedResponse({ scope: scope.value, shortcut: shortcut.value.trim(), title: title.value.trim(), text: text.value });
      form.reset();
    }, `/${shortcut.value.trim()} saved.`);
  });
  return load();
}
