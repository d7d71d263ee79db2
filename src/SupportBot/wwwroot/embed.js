// SupportBot's embed snippet: Microsoft's Web Chat, talking to this host's Direct Line, on any page.
//
//   <div id="supportbot-chat" style="height: 600px"></div>
//   <script src="https://support.example.com/embed.js" data-user-token="SIGNED-USER-TOKEN" data-locale="id-ID"></script>
//
// Attributes (all optional): data-target (the element's id, default supportbot-chat), data-user-token (the user
// token your server signed for a signed-in customer; or define window.supportBotUserToken as a function returning
// one, or a promise of one), data-locale (default: the browser's), data-error (the id of an element for a message
// when the chat cannot start; default: the chat's own element), data-autofocus (put the cursor in the send box).
//
// When the customer signs out of your site, call window.SupportBot.signOut() (it returns a promise): the chat's
// tokens are revoked on the host, the chat disconnects and the saved conversation is forgotten.
//
// The page asks the host for a token (the Direct Line secret never reaches the browser). An anonymous visitor's
// id is kept in localStorage, so a returning visitor is recognised; token and conversation are kept in
// sessionStorage, so a reloaded page resumes the same conversation and shows its history.
(function () {
  'use strict';
  var script = document.currentScript;
  var host = new URL(script.src, window.location.href).origin;
  var data = script.dataset;
  var sessionKey = 'supportbot.directline';
  var visitorKey = 'supportbot.visitor';
  var refreshMarginMs = 60 * 1000;

  function payload(jwt) {
    try {
      var part = window.atob(jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'));
      return JSON.parse(new TextDecoder().decode(Uint8Array.from(part, function (c) { return c.charCodeAt(0); })));
    } catch (e) {
      return {};
    }
  }

  function read(storage, key) {
    try {
      return storage.getItem(key);
    } catch (e) {
      return null;
    }
  }

  function write(storage, key, value) {
    try {
      storage.setItem(key, value);
    } catch (e) {
      // Storage may be off (private mode, blocked third-party storage): the chat works, without resuming.
    }
  }

  function forget(storage, key) {
    try {
      storage.removeItem(key);
    } catch (e) {
      // Nothing was kept.
    }
  }

  async function signedUserToken() {
    var source = window.supportBotUserToken;
    if (typeof source === 'function') {
      return (await source()) || null;
    }
    return data.userToken || source || null;
  }

  // A saved session is resumed only while its token is fresh and only for the same person: the anonymous visitor,
  // or the signed-in customer the user token's sub names (with another DirectLine:UserTokens:UserIdClaim the
  // chat still works, but each page starts a new conversation).
  function saved(userId) {
    try {
      var value = JSON.parse(read(window.sessionStorage, sessionKey) || 'null');
      return value && value.userId === userId && value.expiresAt > Date.now() + refreshMarginMs ? value : null;
    } catch (e) {
      return null;
    }
  }

  async function newSession(userToken, visitor) {
    var body = {};
    if (userToken) {
      body.userToken = userToken;
    }
    if (visitor) {
      body.user = { id: visitor };
    }
    var response = await fetch(host + '/api/directline/token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body)
    });
    if (response.status === 400 && visitor && !userToken) {
      // The stored id is not one this host accepts (edited, or from an older version): start afresh.
      forget(window.localStorage, visitorKey);
      return newSession(null, null);
    }
    if (!response.ok) {
      var problem = await response.json().catch(function () { return {}; });
      throw new Error(problem.detail || 'the chat service did not give a token (HTTP ' + response.status + ').');
    }
    var result = await response.json();
    var userId = payload(result.token).user;
    if (!userToken) {
      write(window.localStorage, visitorKey, userId);
    }
    return { token: result.token, conversationId: result.conversationId, userId: userId, started: false, expiresAt: Date.now() + result.expires_in * 1000 };
  }

  var chat = null;

  function revoke(token) {
    return fetch(host + '/v3/directline/tokens/revoke', { method: 'POST', headers: { Authorization: 'Bearer ' + token } })
      .catch(function () { /* Offline: the token still expires by itself. */ });
  }

  // Disconnects, then revokes the token the chat started with and the one Web Chat refreshed it to, if any.
  async function signOut() {
    var current = chat;
    chat = null;
    forget(window.sessionStorage, sessionKey);
    if (!current) {
      return;
    }
    var tokens = [current.session.token];
    if (current.directLine.token && current.directLine.token !== current.session.token) {
      tokens.push(current.directLine.token);
    }
    // Disconnect first, so Web Chat does not try to reconnect with a token that is being revoked.
    current.directLine.end();
    await Promise.all(tokens.map(revoke));
  }

  window.SupportBot = Object.assign(window.SupportBot || {}, { signOut: signOut });

  function loadWebChat() {
    if (window.WebChat) {
      return Promise.resolve();
    }
    return new Promise(function (resolve, reject) {
      var tag = document.createElement('script');
      tag.src = host + '/lib/webchat/webchat.js';
      tag.onload = resolve;
      tag.onerror = function () { reject(new Error('Web Chat could not be loaded from ' + host + '.')); };
      document.head.appendChild(tag);
    });
  }

  async function start(target) {
    var userToken = await signedUserToken();
    var visitor = read(window.localStorage, visitorKey);
    var session = saved(userToken ? payload(userToken).sub : visitor) || (await newSession(userToken, visitor));
    write(window.sessionStorage, sessionKey, JSON.stringify(session));
    await loadWebChat();
    var locale = data.locale || navigator.language || 'en-US';
    var directLine = window.WebChat.createDirectLine({
      token: session.token,
      // Only a conversation that was started can be resumed; otherwise Direct Line starts it.
      conversationId: session.started ? session.conversationId : undefined,
      domain: host + '/v3/directline',
      webSocket: true,
      // Sent when the conversation starts, so that even the welcome is in the page's language.
      conversationStartProperties: { locale: locale }
    });
    directLine.connectionStatus$.subscribe(function (status) {
      if (status === 2 && !session.started) {
        session.started = true;
        write(window.sessionStorage, sessionKey, JSON.stringify(session));
      }
      if (status === 3 || status === 5) {
        forget(window.sessionStorage, sessionKey);
      }
    });
    chat = { directLine: directLine, session: session };
    window.WebChat.renderWebChat(
      {
        directLine: directLine,
        locale: locale,
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
      target
    );
    if (data.autofocus !== undefined) {
      target.querySelector('input, textarea')?.focus();
    }
  }

  function run() {
    var target = document.getElementById(data.target || 'supportbot-chat');
    if (!target) {
      throw new Error('SupportBot: no element with id "' + (data.target || 'supportbot-chat') + '" for the chat.');
    }
    if (target.clientHeight === 0) {
      target.style.height = '600px';
    }
    start(target).catch(function (error) {
      var box = (data.error && document.getElementById(data.error)) || target;
      box.textContent = 'The chat could not start: ' + error.message;
      box.hidden = false;
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', run);
  } else {
    run();
  }
})();
