// The demo site's "logged-in visitor" page. Sign-in goes to the demo backend (POST /demo/login), which
// returns an identity token signed with the proxy's IDENTITY_SECRET; the page hands it to the widget.
// It runs before widget.js, so a sign-in kept from earlier reaches the widget's config directly.
(function () {
  'use strict';
  var storageKey = 'dify-widget-demo:visitor';

  function readStoredVisitor() {
    try {
      var visitor = JSON.parse(sessionStorage.getItem(storageKey) || 'null');
      var stillValid = visitor && typeof visitor.identity === 'string' && visitor.expires_at * 1000 > Date.now() + 60000;
      return stillValid ? visitor : null;
    } catch (error) {
      return null;
    }
  }

  var visitor = readStoredVisitor();
  if (visitor) {
    window.difyWidgetConfig = Object.assign({}, window.difyWidgetConfig, { identity: visitor.identity });
  }

  var signedOut = document.querySelector('[data-signed-out]');
  var signedIn = document.querySelector('[data-signed-in]');
  var form = document.querySelector('[data-login-form]');
  var errorLine = document.querySelector('[data-login-error]');

  function render() {
    signedOut.hidden = Boolean(visitor);
    signedIn.hidden = !visitor;
    if (!visitor) return;
    document.querySelector('[data-visitor-name]').textContent = visitor.name;
    document.querySelector('[data-visitor-initial]').textContent = visitor.name.trim().charAt(0).toUpperCase();
    document.querySelector('[data-visitor-user]').textContent = 'user-' + visitor.sub;
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    errorLine.textContent = '';
    var name = form.elements.namedItem('name').value;
    fetch('/demo/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: name }),
    })
      .then(function (response) {
        return response.json().then(function (body) {
          if (!response.ok) throw new Error(body && body.message ? body.message : 'Sign-in failed.');
          return body;
        });
      })
      .then(function (minted) {
        visitor = minted;
        sessionStorage.setItem(storageKey, JSON.stringify(minted));
        render();
        window.demoSite.callWidget('identify', minted.identity);
      })
      .catch(function (error) {
        errorLine.textContent = error.message || 'Sign-in failed. Is the demo server still running?';
      });
  });

  document.querySelector('[data-logout]').addEventListener('click', function () {
    visitor = null;
    sessionStorage.removeItem(storageKey);
    render();
    window.demoSite.callWidget('logout');
    var nameInput = document.getElementById('visitor-name');
    if (nameInput) nameInput.focus();
  });

  render();
})();
