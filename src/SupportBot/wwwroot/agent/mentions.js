import * as api from './api.js';

// The unread @mentions badge in the header: a colleague's note named this agent. The server keeps them unread
// (GET /api/agent/mentions), so a reload or another device shows them too. Clicking the badge opens the latest
// conversation they were mentioned in and marks them all read; opening a conversation marks its own read.
export class MentionsIndicator {
  constructor(button, count, open, onChange) {
    Object.assign(this, { button, count, open, onChange });
    this.unread = [];
    this.total = 0;
    button.addEventListener('click', async () => {
      const latest = this.unread.at(-1);
      await api.mentionsRead();
      this.unread = [];
      this.total = 0;
      this.render();
      if (latest) await this.open(latest.conversationId);
    });
  }

  async load() {
    const { count, mentions } = await api.mentions();
    this.unread = mentions;
    this.total = count;
    this.render();
  }

  add(mention) {
    this.unread.push(mention);
    this.total += 1;
    this.render();
  }

  async read(conversationId) {
    if (!this.unread.some((m) => m.conversationId === conversationId)) return;
    await api.mentionsRead(conversationId);
    await this.load();
  }

  render() {
    const latest = this.unread.at(-1);
    this.button.hidden = this.total === 0;
    this.count.textContent = String(this.total);
    this.button.title = latest ? `${latest.byAgentName || latest.byAgentId}${latest.text ? `: ${latest.text}` : ''}` : '';
    this.button.setAttribute('aria-label', `${this.total} unread mention${this.total === 1 ? '' : 's'}`);
    this.onChange?.(this.total);
  }
}
