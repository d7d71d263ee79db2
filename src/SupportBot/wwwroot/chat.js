// Connects Microsoft's Web Chat to this host's Direct Line. The page asks the host for a token (the Direct Line
// secret never reaches the browser) and keeps token and conversation in session storage, so a reloaded page
// resumes the same conversation and shows its history.
(function () {
  'use strict';
  var storageKey = 'supportbot.directline';
  var refreshMarginMs = 60 * 1000;

  function saved() {
    try {
      var value = JSON.parse(sessionStorage.getItem(storageKey) || 'null');
      return value && value.expiresAt > Date.now() + refreshMarginMs ? value : null;
    } catch (e) {
      return null;
    }
  }

  function save(value) {
    sessionStorage.setItem(storageKey, JSON.stringify(value));
  }

  async function newToken() {
    var response = await fetch('/api/directline/token', { method: 'POST' });
    if (!response.ok) {
      throw new Error('The chat service did not give a token (HTTP ' + response.status + ').');
    }
    var body = await response.json();
    return { token: body.token, conversationId: body.conversationId, started: false, expiresAt: Date.now() + body.expires_in * 1000 };
  }

  async function start() {
    var session = saved() || (await newToken());
    save(session);
    var directLine = window.WebChat.createDirectLine({
      token: session.token,
      // Only a conversation that was started can be resumed; otherwise Direct Line starts it.
      conversationId: session.started ? session.conversationId : undefined,
      domain: window.location.origin + '/v3/directline',
      webSocket: true
    });
    directLine.connectionStatus$.subscribe(function (status) {
      if (status === 2 && !session.started) {
        session.started = true;
        save(session);
      }
      if (status === 3 || status === 5) {
        sessionStorage.removeItem(storageKey);
      }
    });
    window.WebChat.renderWebChat(
      {
        directLine: directLine,
        locale: navigator.language || 'en-US',
        // While a person has the conversation, the agent's console shows that the customer is typing.
        sendTypingIndicator: true,
        styleOptions: {
          botAvatarInitials: 'LB',
          userAvatarInitials: 'You',
          hideUploadButton: false,
          // A chosen file goes at once, as a message of its own.
          sendAttachmentOn: 'attach',
          bubbleBorderRadius: 8,
          bubbleFromUserBorderRadius: 8
        }
      },
      document.getElementById('webchat')
    );
    document.querySelector('#webchat input, #webchat textarea')?.focus();
  }

  start().catch(function (error) {
    var box = document.getElementById('chat-error');
    box.textContent = 'The chat could not start: ' + error.message;
    box.hidden = false;
  });
})();
