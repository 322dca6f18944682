/* global EventSource */
// The playground page: plain JavaScript, no build step. Messages arrive only through the conversation's
// event stream (GET /playground/api/events), so replies and later, unprompted messages take the same path.
(function () {
  'use strict';

  var userSelect = document.getElementById('user');
  var localeSelect = document.getElementById('locale');
  var rolesText = document.getElementById('roles');
  var log = document.getElementById('log');
  var composer = document.getElementById('composer');
  var input = document.getElementById('text');
  var sendButton = document.getElementById('send');
  var status = document.getElementById('status');

  var users = [];
  // The server's conversation: its id and the key that makes its messages and event stream this page's alone.
  var conversation = null;
  var events = null;
  var connecting = 0;
  // Rendered messages by activity id, so an update replaces a card in place.
  var messages = new Map();
  // After a card click, focus moves to the next card (the clicked button is gone once the card is answered).
  var focusNextCard = false;

  // ---- Markdown ------------------------------------------------------------------------------------
  // Card text from data arrives backslash-escaped for markdown (src/cards/text.ts). The page renders a
  // minimal markdown: backslash escapes, **bold**, _italic_ / *italic*, `code` and line breaks. Everything
  // is HTML-escaped first, so no text can become markup.
  var ESCAPABLE = /\\([\\`*_[\]<>~|#+\-=.)!{}()])/g;
  function escapeHtml(text) {
    return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  }
  function renderMarkdown(text) {
    var literals = [];
    var protectedText = String(text)
      .replace(/[\uE000\uE001]/g, '')
      .replace(ESCAPABLE, function (_m, c) {
        literals.push(c);
        return '\uE000' + (literals.length - 1) + '\uE001';
      });
    var html = escapeHtml(protectedText)
      .replace(/`([^`\n]+)`/g, '<code>$1</code>')
      .replace(/\*\*([^*\n]+)\*\*/g, '<strong>$1</strong>')
      .replace(/(^|[^\w])_([^_\n]+)_(?!\w)/g, '$1<em>$2</em>')
      .replace(/(^|[^*])\*([^*\n]+)\*(?!\*)/g, '$1<em>$2</em>')
      .replace(/\n/g, '<br>');
    return html.replace(/\uE000(\d+)\uE001/g, function (_m, i) {
      return escapeHtml(literals[Number(i)] || '');
    });
  }
  window.renderPlaygroundMarkdown = renderMarkdown;

  AdaptiveCards.AdaptiveCard.onProcessMarkdown = function (text, result) {
    result.outputHtml = renderMarkdown(text);
    result.didProcess = true;
  };

  // ---- Talking to the bot --------------------------------------------------------------------------
  function refusal(res) {
    return res.json().then(
      function (body) {
        return body && body.error ? body.error : 'HTTP ' + res.status;
      },
      function () {
        return 'HTTP ' + res.status;
      },
    );
  }

  function post(fields) {
    // The selected language travels as the activity's locale, as Teams sends the client's and Slack's adapter the user's.
    var activity = Object.assign(
      { type: 'message', locale: localeSelect.value, from: { id: userSelect.value }, conversation: { id: conversation.id, key: conversation.key } },
      fields,
    );
    status.textContent = 'Sending…';
    return fetch('/playground/api/messages', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(activity) })
      .then(function (res) {
        if (res.ok) {
          status.textContent = '';
          return;
        }
        return refusal(res).then(function (error) {
          status.textContent = 'Not sent: ' + error;
        });
      })
      .catch(function () {
        status.textContent = 'Not sent: the bot cannot be reached.';
      });
  }

  function connect() {
    if (events) events.close();
    events = null;
    conversation = null;
    log.textContent = '';
    messages.clear();
    setComposerEnabled(false);
    var attempt = ++connecting;
    fetch('/playground/api/conversations', { method: 'POST' })
      .then(function (res) {
        if (!res.ok) {
          return refusal(res).then(function (error) {
            status.textContent = 'No conversation: ' + error;
          });
        }
        return res.json().then(function (created) {
          // The user was switched meanwhile: a newer conversation is being opened.
          if (attempt === connecting) listen(created);
        });
      })
      .catch(function () {
        status.textContent = 'The bot cannot be reached.';
      });
  }

  function listen(created) {
    conversation = created;
    events = new EventSource('/playground/api/events?conversation=' + encodeURIComponent(created.id) + '&key=' + encodeURIComponent(created.key));
    events.onopen = function () {
      setComposerEnabled(true);
      status.textContent = '';
    };
    events.onerror = function () {
      // Refused for good (the bot restarted and forgot this conversation): start a new one.
      if (events && events.readyState === EventSource.CLOSED) {
        status.textContent = 'The conversation ended; starting a new one…';
        connect();
        return;
      }
      status.textContent = 'Connection to the bot lost; reconnecting…';
    };
    events.addEventListener('activity', function (e) {
      showMessage(JSON.parse(e.data).activity);
    });
    events.addEventListener('update', function (e) {
      replaceMessage(JSON.parse(e.data).activity);
    });
    events.addEventListener('delete', function (e) {
      var item = messages.get(JSON.parse(e.data).id);
      if (item) item.remove();
    });
  }

  function setComposerEnabled(enabled) {
    input.disabled = !enabled;
    sendButton.disabled = !enabled;
  }

  // ---- Rendering -----------------------------------------------------------------------------------
  function renderContent(container, activity) {
    container.textContent = '';
    if (activity.text) {
      var text = document.createElement('div');
      text.className = 'text';
      text.innerHTML = renderMarkdown(activity.text);
      container.appendChild(text);
    }
    (activity.attachments || []).forEach(function (attachment) {
      if (attachment.contentType !== 'application/vnd.microsoft.card.adaptive') return;
      var card = new AdaptiveCards.AdaptiveCard();
      card.parse(attachment.content);
      card.onExecuteAction = function (action) {
        if (action instanceof AdaptiveCards.SubmitAction) {
          focusNextCard = true;
          // The renderer merges the inputs into the action's data; replyToId names the card answered.
          post({ value: action.data || {}, replyToId: activity.id });
        } else if (action instanceof AdaptiveCards.OpenUrlAction && /^https?:/.test(action.url || '')) {
          window.open(action.url, '_blank', 'noopener,noreferrer');
        }
      };
      var rendered = card.render();
      var holder = document.createElement('div');
      holder.className = 'card';
      if (rendered) holder.appendChild(rendered);
      container.appendChild(holder);
    });
  }

  function bubble(who, mine) {
    var item = document.createElement('li');
    item.className = mine ? 'message me' : 'message';
    var label = document.createElement('span');
    label.className = 'who';
    label.textContent = who;
    item.appendChild(label);
    var body = document.createElement('div');
    item.appendChild(body);
    log.appendChild(item);
    return { item: item, body: body };
  }

  function scrollToEnd() {
    log.parentElement.scrollTop = log.parentElement.scrollHeight;
  }

  function showMessage(activity) {
    if (activity.type !== 'message') return;
    var parts = bubble('Reservation Desk', false);
    parts.item.dataset.activityId = activity.id;
    renderContent(parts.body, activity);
    messages.set(activity.id, parts.item);
    scrollToEnd();
    if (focusNextCard) {
      var target = parts.body.querySelector('.card input, .card select, .card textarea, .card button');
      if (target) {
        focusNextCard = false;
        target.focus();
      }
    }
  }

  function replaceMessage(activity) {
    var item = messages.get(activity.id);
    if (!item) return showMessage(activity);
    var hadFocus = item.contains(document.activeElement);
    renderContent(item.lastChild, activity);
    // The answered card lost its buttons: keep keyboard users in the page, not on <body>.
    if (hadFocus && !focusNextCard) input.focus();
  }

  // ---- Language ------------------------------------------------------------------------------------
  // The page starts in the browser's language when the bot speaks it (German for de-*), and remembers a choice.
  var LOCALE_KEY = 'reservation-desk.locale';
  function optionFor(tag) {
    var language = String(tag || '')
      .toLowerCase()
      .split('-')[0];
    return Array.prototype.find.call(localeSelect.options, function (option) {
      return option.value.toLowerCase().split('-')[0] === language;
    });
  }
  function remembered() {
    try {
      return window.localStorage.getItem(LOCALE_KEY);
    } catch {
      return null;
    }
  }
  var initial = optionFor(remembered()) || optionFor((window.navigator.languages && window.navigator.languages[0]) || window.navigator.language);
  if (initial) localeSelect.value = initial.value;
  localeSelect.addEventListener('change', function () {
    try {
      window.localStorage.setItem(LOCALE_KEY, localeSelect.value);
    } catch {
      // Storage refused (private mode): the choice lasts for this page only.
    }
  });

  // ---- Users ---------------------------------------------------------------------------------------
  function showRoles() {
    var user = users.find(function (u) {
      return u.id === userSelect.value;
    });
    rolesText.textContent = user ? 'Roles: ' + (user.roles.length ? user.roles.join(', ') : 'none') : '';
  }

  fetch('/playground/api/roster')
    .then(function (res) {
      if (res.ok) return res.json();
      return refusal(res).then(function (error) {
        status.textContent = error;
        return { users: [] };
      });
    })
    .then(function (body) {
      if (!(body.users || []).length && status.textContent) return;
      users = body.users || [];
      if (!users.length) {
        status.textContent = 'No users: the playground acts as users of the sandbox roster (PROVIDER=sandbox).';
        return;
      }
      users.forEach(function (u) {
        var option = document.createElement('option');
        option.value = u.id;
        option.textContent = u.displayName + ' (' + u.id + ')';
        userSelect.appendChild(option);
      });
      showRoles();
      connect();
    });

  userSelect.addEventListener('change', function () {
    showRoles();
    connect();
  });

  composer.addEventListener('submit', function (e) {
    e.preventDefault();
    var text = input.value.trim();
    if (!text || !conversation) return;
    input.value = '';
    focusNextCard = false;
    var mine = bubble('You', true);
    mine.body.textContent = text;
    scrollToEnd();
    post({ text: text });
  });
})();
