import * as api from './api.js';

// Supervisors add console accounts for their agents (POST /api/agent/accounts; the server checks the role).
export function enableAccounts(me) {
  const open = document.getElementById('add-agent');
  const dialog = document.getElementById('account-dialog');
  const form = document.getElementById('account-form');
  const result = document.getElementById('account-result');
  open.hidden = me.role !== 'supervisor';
  open.addEventListener('click', () => {
    result.textContent = '';
    dialog.showModal();
  });
  document.getElementById('account-close').addEventListener('click', () => dialog.close());
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const account = Object.fromEntries(new FormData(form));
    try {
      const created = await api.createAccount(account);
      form.reset();
      result.className = '';
      result.textContent = `Account ${created.id} (${created.role}) created.`;
    } catch (error) {
      result.className = 'error';
      result.textContent = error.message;
    }
  });
}
