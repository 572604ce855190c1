// Shared by every demo page: shows the real proxy origin in the code samples and wires the page's
// buttons to the widget's JS API. The widget may not have loaded yet when a button is pressed, so
// calls go through the documented pre-load queue.
(function () {
  'use strict';

  function callWidget(method) {
    var args = Array.prototype.slice.call(arguments, 1);
    var api = window.DifyWidget;
    if (api && typeof api[method] === 'function') {
      api[method].apply(api, args);
      return;
    }
    window.DifyWidget = api || { q: [] };
    window.DifyWidget.q.push([method].concat(args));
  }
  window.demoSite = { callWidget: callWidget };

  document.querySelectorAll('[data-proxy-origin]').forEach(function (element) {
    element.textContent = location.origin;
  });

  document.querySelectorAll('[data-widget-action]').forEach(function (button) {
    button.addEventListener('click', function () {
      callWidget(button.getAttribute('data-widget-action'));
    });
  });

  document.querySelectorAll('[data-widget-send]').forEach(function (button) {
    button.addEventListener('click', function () {
      callWidget('open');
      callWidget('send', button.getAttribute('data-widget-send'));
    });
  });
})();
