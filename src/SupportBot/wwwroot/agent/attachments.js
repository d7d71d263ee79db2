import * as api from './api.js';
import { t } from './i18n.js';

// The reply box's "Attach file": the file goes to the customer through the agent API at once (it is checked for
// size and type there), and shows in the transcript as the link the customer got.
export function enableAttachments(button, input, conversation, me) {
  button.addEventListener('click', () => input.click());
  input.addEventListener('change', async () => {
    const file = input.files?.[0];
    input.value = '';
    if (!file || !conversation.id) return;
    await conversation.act(async () => {
      const sent = await api.sendFile(conversation.id, file);
      conversation.ui.messages.append(conversation.bubble('agent', sent.transcriptText, sent.sentAt, me.id));
      conversation.scroll();
    }, false);
  });
  button.title = t('Attach file');
}
