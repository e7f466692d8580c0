/* The wave board: drag a card to another column to ask for that transition (the API answers 200 or 409 with
   what is missing); the buttons on each card do the same without a script. */
(function () {
  'use strict';
  function csrf() {
    var m = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    if (m) { return decodeURIComponent(m[1]); }
    var input = document.querySelector('input[name=csrfmiddlewaretoken]');
    return input ? input.value : '';
  }
  function start() {
    var board = document.querySelector('[data-board]');
    if (!board) { return; }
    var error = document.querySelector('[data-board-error]');
    var dragged = null;
    board.querySelectorAll('[data-card]').forEach(function (card) {
      card.addEventListener('dragstart', function (e) { dragged = card; e.dataTransfer.setData('text/plain', card.dataset.card); });
    });
    board.querySelectorAll('[data-drop]').forEach(function (zone) {
      zone.addEventListener('dragover', function (e) { e.preventDefault(); });
      zone.addEventListener('drop', function (e) {
        e.preventDefault();
        if (!dragged || dragged.dataset.state === zone.dataset.drop) { return; }
        var card = dragged;
        fetch(card.dataset.transitionUrl, {
          method: 'POST', credentials: 'same-origin',
          headers: {'Content-Type': 'application/json', 'X-CSRFToken': csrf(), 'Accept': 'application/json'},
          body: JSON.stringify({to: zone.dataset.drop, comment: ''})
        }).then(function (r) { return r.json().then(function (body) { return {status: r.status, body: body}; }); })
          .then(function (res) {
            if (res.status === 200) { window.location.reload(); return; }
            var items = (res.body.missing || []).map(function (m) { return m.message; });
            if (!items.length) { items = [res.body.detail || String(res.status)]; }
            error.textContent = '';
            var list = document.createElement('ul');
            list.className = 'mb-0';
            items.forEach(function (text) { var li = document.createElement('li'); li.textContent = text; list.appendChild(li); });
            error.appendChild(list);
            error.classList.remove('d-none');
          });
      });
    });
  }
  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', start); } else { start(); }
})();
