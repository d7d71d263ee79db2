// The unread @mentions badge in the header: a colleague's note named this agent. Clicking it opens the latest
// conversation they were mentioned in and marks the mentions read.
export class MentionsIndicator {
  constructor(button, count, open) {
    Object.assign(this, { button, count, open });
    this.unread = [];
    button.addEventListener('click', async () => {
      const latest = this.unread.at(-1);
      this.unread = [];
      this.render();
      if (latest) await this.open(latest.conversationId);
    });
  }

  add(mention) {
    this.unread.push(mention);
    this.render();
  }

  render() {
    const latest = this.unread.at(-1);
    this.button.hidden = !latest;
    this.count.textContent = String(this.unread.length);
    this.button.title = latest ? `${latest.byAgentName || latest.byAgentId}: ${latest.text}` : '';
    this.button.setAttribute('aria-label', `${this.unread.length} unread mention${this.unread.length === 1 ? '' : 's'}`);
  }
}
