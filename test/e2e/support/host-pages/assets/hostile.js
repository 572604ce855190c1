// The JavaScript real sites carry: analytics wrapping fetch, an old library extending built-in
// prototypes, a zone.js-style addEventListener patch, an AMD loader, and globals with common names.
(function () {
  'use strict';
  var originalFetch = window.fetch;
  window.__hostFetchCalls = 0;
  window.fetch = function (input, init) {
    window.__hostFetchCalls += 1;
    return originalFetch.call(this, input, init);
  };

  // Enumerable, assigned the old way (Prototype.js / MooTools style): breaks naive for...in loops.
  Array.prototype.last = function () {
    return this[this.length - 1];
  };
  Array.prototype.remove = function (item) {
    var at = this.indexOf(item);
    if (at >= 0) this.splice(at, 1);
    return this;
  };
  Object.prototype.hostExtension = function hostExtension() {
    return 'host';
  };
  Object.defineProperty(Object.prototype, 'polyfilled', { value: true, writable: true, configurable: true });
  String.prototype.capitalize = function () {
    return this.charAt(0).toUpperCase() + this.slice(1);
  };

  window.__hostListenerCalls = 0;
  var originalAddEventListener = EventTarget.prototype.addEventListener;
  EventTarget.prototype.addEventListener = function (type, listener, options) {
    window.__hostListenerCalls += 1;
    return originalAddEventListener.call(this, type, listener, options);
  };

  // An AMD loader on the page: UMD bundles that see define.amd register a module instead of running.
  window.define = function () {
    window.__amdDefineCalls = (window.__amdDefineCalls || 0) + 1;
  };
  window.define.amd = { jQuery: true };
  window.h = function () {
    throw new Error('host page h() called');
  };
  window.preact = { host: true };
  window.DifyChatbot = { host: true };
  window.signals = 'host';
})();
