import { pageTitle, t } from './i18n.js';

// Telling an agent something happened while they look elsewhere: a sound, a desktop notification (only when the
// console's tab is hidden), the unread total in the tab's title, and unread counts per conversation in the queue.
// Which of them is the agent's preference (stored server-side). Counts are kept for the tab's session; unread
// @mentions are kept by the server (MentionInbox) and added to the total.
const storageKey = 'supportbot.unread';

export class Notifications {
  constructor(preferences, onChange) {
    this.preferences = preferences;
    this.onChange = onChange;
    this.counts = new Map(JSON.parse(sessionStorage.getItem(storageKey) ?? '[]'));
    this.mentions = 0;
    this.known = null;
    this.audio = null;
    this.render();
  }

  count(conversationId) {
    return this.counts.get(conversationId) ?? 0;
  }

  total() {
    return [...this.counts.values()].reduce((a, b) => a + b, 0) + this.mentions;
  }

  /// A customer wrote: unread unless the agent is looking at that conversation right now.
  customerMessage({ conversationId, text }, selectedId, listed) {
    if (conversationId === selectedId && !document.hidden) return;
    if (!listed) return;
    this.counts.set(conversationId, this.count(conversationId) + 1);
    this.alert(t('New message from a customer'), text, conversationId);
    this.changed();
  }

  /// The queue as read now: a waiting conversation not seen before is a new chat (none on the first read).
  queue(items) {
    const waiting = items.filter((h) => h.state === 'queued').map((h) => h.conversationId);
    if (this.known) {
      const fresh = waiting.filter((id) => !this.known.has(id));
      if (fresh.length) this.alert(t('New conversation waiting'), items.find((h) => h.conversationId === fresh[0])?.summary?.split('\n')[0] ?? '', fresh[0]);
    }
    this.known = new Set([...(this.known ?? []), ...items.map((h) => h.conversationId)]);
    // Counts for conversations no longer open are dropped.
    const open = new Set(items.map((h) => h.conversationId));
    for (const id of this.counts.keys()) if (!open.has(id)) this.counts.delete(id);
    this.changed();
  }

  mentioned(mention, unreadTotal) {
    this.mentions = unreadTotal;
    this.alert(t('A colleague mentioned you'), `${mention.byAgentName || mention.byAgentId}: ${mention.text}`, mention.conversationId);
    this.changed();
  }

  setMentions(unreadTotal) {
    this.mentions = unreadTotal;
    this.changed();
  }

  read(conversationId) {
    if (this.counts.delete(conversationId)) this.changed();
  }

  changed() {
    sessionStorage.setItem(storageKey, JSON.stringify([...this.counts]));
    this.render();
    this.onChange?.();
  }

  render() {
    const total = this.total();
    document.title = this.preferences.titleBadge && total > 0 ? `(${total}) ${pageTitle()}` : pageTitle();
  }

  alert(title, body, conversationId) {
    if (this.preferences.sound) this.beep();
    if (this.preferences.desktop && document.hidden && 'Notification' in window && Notification.permission === 'granted') {
      const shown = new Notification(title, { body: body.slice(0, 200), tag: conversationId });
      shown.onclick = () => window.focus();
    }
  }

  // A short two-tone chime, synthesised: no sound file to serve. Browsers allow audio once the agent has used the page.
  beep() {
    try {
      this.audio ??= new AudioContext();
      const start = this.audio.currentTime;
      for (const [i, frequency] of [880, 660].entries()) {
        const tone = this.audio.createOscillator();
        const gain = this.audio.createGain();
        tone.frequency.value = frequency;
        gain.gain.setValueAtTime(0.08, start + (i * 0.12));
        gain.gain.exponentialRampToValueAtTime(0.001, start + (i * 0.12) + 0.11);
        tone.connect(gain).connect(this.audio.destination);
        tone.start(start + (i * 0.12));
        tone.stop(start + (i * 0.12) + 0.12);
      }
    } catch {
      // No audio device, or the browser refuses before any gesture: the other signals remain.
    }
  }

  /// Asked from a click (browsers grant permission only then).
  static async askPermission() {
    if ('Notification' in window && Notification.permission === 'default') await Notification.requestPermission();
  }
}
