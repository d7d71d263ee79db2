// Keyboard shortcuts, listed in the help dialog that "?" opens. Single keys act only outside text fields (so
// agents can type them); Alt+↓/↑ move between conversations from anywhere, and Ctrl+Enter sends (conversation.js).
export function enableShortcuts({ queueList, reply, resolve, search, help, helpClose }, select) {
  const move = (step) => {
    const items = [...queueList.querySelectorAll('li.queue-item')];
    if (!items.length) return;
    const at = items.findIndex((li) => li.classList.contains('selected'));
    const next = items[at < 0 ? (step > 0 ? 0 : items.length - 1) : (at + step + items.length) % items.length];
    select(next.dataset.conversationId);
  };
  helpClose.addEventListener('click', () => help.close());
  document.addEventListener('keydown', (event) => {
    if (event.altKey && (event.key === 'ArrowDown' || event.key === 'ArrowUp')) {
      event.preventDefault();
      move(event.key === 'ArrowDown' ? 1 : -1);
      return;
    }
    const target = event.target;
    const typing = target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
    if (typing || event.ctrlKey || event.metaKey || event.altKey || document.querySelector('dialog[open]')) return;
    const actions = {
      j: () => move(1),
      k: () => move(-1),
      r: () => reply.focus(),
      '/': () => {
        reply.focus();
        if (!reply.value) {
          reply.value = '/';
          reply.dispatchEvent(new Event('input', { bubbles: true }));
        }
      },
      e: () => { if (!resolve.disabled && !resolve.closest('[hidden]')) resolve.click(); },
      s: () => search.focus(),
      '?': () => help.showModal(),
    };
    const action = actions[event.key];
    if (action && !(event.key === 'r' && reply.disabled)) {
      event.preventDefault();
      action();
    }
  });
}
