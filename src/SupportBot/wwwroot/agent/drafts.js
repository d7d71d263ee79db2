// Drafts per conversation: what the agent was writing comes back when they return to the conversation, after
// switching chats or reloading. Kept in this browser's localStorage under the agent's id (never sent anywhere).
const prefix = 'supportbot.draft.';

export class Drafts {
  constructor(reply, agentId, currentId) {
    Object.assign(this, { reply, agentId, currentId });
    reply.addEventListener('input', () => this.save(this.currentId(), reply.value));
  }

  key(conversationId) {
    return `${prefix}${this.agentId}.${conversationId}`;
  }

  save(conversationId, text) {
    if (!conversationId) return;
    if (text.trim()) localStorage.setItem(this.key(conversationId), text);
    else localStorage.removeItem(this.key(conversationId));
  }

  /// Puts the conversation's draft back into the reply box, unless the agent already started writing there.
  restore(conversationId) {
    const draft = localStorage.getItem(this.key(conversationId));
    if (draft && !this.reply.value) this.reply.value = draft;
  }
}
