import * as api from './api.js';
import { currentLanguage, pickLanguage, setLanguage } from './i18n.js';
import { Notifications } from './notifications.js';

// The settings dialog: notifications (sound, desktop, tab title badge) and the console's language, saved with the
// agent's preferences on the server so every browser they sign in from uses them.
export async function enablePreferences({ open, dialog, form, result, close }, notifications) {
  const preferences = await api.preferences();
  notifications.preferences = preferences;
  setLanguage(pickLanguage(preferences.language));
  open.hidden = false;
  open.addEventListener('click', () => {
    const current = notifications.preferences;
    form.elements.sound.checked = current.sound;
    form.elements.desktop.checked = current.desktop;
    form.elements.titleBadge.checked = current.titleBadge;
    form.elements.language.value = current.language ?? '';
    result.textContent = '';
    dialog.showModal();
  });
  close.addEventListener('click', () => dialog.close());
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const saved = await api.savePreferences({
        sound: form.elements.sound.checked,
        desktop: form.elements.desktop.checked,
        titleBadge: form.elements.titleBadge.checked,
        language: form.elements.language.value,
      });
      notifications.preferences = saved;
      if (saved.desktop) await Notifications.askPermission();
      const language = pickLanguage(saved.language);
      if (language !== currentLanguage()) setLanguage(language);
      notifications.render();
      result.textContent = 'Settings saved.';
    } catch (error) {
      result.textContent = error.message;
    }
  });
}
