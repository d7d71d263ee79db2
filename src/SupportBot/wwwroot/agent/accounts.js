import * as api from './api.js';
import { element } from './format.js';

// Supervisors add console accounts for their agents and take them back (the server checks the role). Disabling,
// re-roling, resetting a password and signing out everywhere end the account's open sessions at once. Supervisors'
// accounts are the owners' (Agents:Owners) to change: the list says which accounts the signed-in supervisor may change.
export function enableAccounts(me) {
  const open = document.getElementById('add-agent');
  const dialog = document.getElementById('account-dialog');
  const form = document.getElementById('account-form');
  const result = document.getElementById('account-result');
  const list = document.getElementById('account-list');
  open.hidden = me.role !== 'supervisor';

  const report = (text, failed = false) => {
    result.className = failed ? 'error' : '';
    result.textContent = text;
  };

  async function act(done, change) {
    try {
      await change();
      report(done);
    } catch (error) {
      report(error.message, true);
    }
    await load();
  }

  function row(account, owner) {
    const li = element('li');
    const name = element('span', account.disabled ? 'disabled' : null, `${account.name} · ${account.id} (${account.role}${account.entraId ? ', Microsoft' : ''})`);
    li.append(name, element('br'));
    const button = (label, onClick) => {
      const b = Object.assign(element('button', 'quiet', label), { type: 'button' });
      b.addEventListener('click', onClick);
      li.append(b);
    };
    const self = account.id.toLowerCase() === me.id.toLowerCase();
    if (!account.youMayChange && !self) {
      li.append(element('small', 'muted', 'Only an owner changes a supervisor\'s account.'));
      return li;
    }
    if (!self) {
      button(account.disabled ? 'Enable' : 'Disable', () => act(`${account.id} ${account.disabled ? 'enabled' : 'disabled'}.`,
        () => (account.disabled ? api.enableAccount(account.id) : api.disableAccount(account.id))));
      const role = account.role === 'supervisor' ? 'agent' : 'supervisor';
      if (owner) button(`Make ${role}`, () => act(`${account.id} is now ${role === 'agent' ? 'an agent' : 'a supervisor'}.`, () => api.setRole(account.id, role)));
    }
    if (!account.entraId) {
      button('Reset password', () => {
        const password = window.prompt(`New password for ${account.id} (10 characters at least):`);
        if (password) act(`${account.id} has a new password.`, () => api.resetPassword(account.id, password));
      });
    }
    button('Sign out everywhere', () => act(`${account.id} is signed out everywhere.`, () => api.signOutEverywhere(account.id)));
    if (!self) {
      button('Delete', () => {
        if (window.confirm(`Delete the account ${account.id}?`)) act(`${account.id} deleted.`, () => api.deleteAccount(account.id));
      });
    }
    return li;
  }

  async function load() {
    try {
      const accounts = await api.accounts();
      // Only owners may change their own (supervisor) account's entry at all, so that entry tells who is an owner.
      const owner = accounts.some((a) => a.id.toLowerCase() === me.id.toLowerCase() && a.youMayChange);
      list.replaceChildren(...accounts.map((account) => row(account, owner)));
    } catch (error) {
      report(error.message, true);
    }
  }

  open.addEventListener('click', async () => {
    result.textContent = '';
    dialog.showModal();
    await load();
  });
  document.getElementById('account-close').addEventListener('click', () => dialog.close());
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const account = Object.fromEntries(new FormData(form));
    try {
      const created = await api.createAccount(account);
      form.reset();
      report(`Account ${created.id} (${created.role}) created.`);
      await load();
    } catch (error) {
      report(error.message, true);
    }
  });
}
