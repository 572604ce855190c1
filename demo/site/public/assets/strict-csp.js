// Shows the policy this page was really served with, and counts CSP violations live, so a visitor
// can see the widget needs no exception to it.
(function () {
  'use strict';
  var headerTarget = document.querySelector('[data-csp-header]');
  var countTarget = document.querySelector('[data-violation-count]');
  var dot = document.querySelector('[data-violation-dot]');
  var violations = 0;

  document.addEventListener('securitypolicyviolation', function (event) {
    violations += 1;
    if (dot) dot.classList.add('bad');
    if (countTarget) {
      countTarget.textContent =
        violations +
        ' CSP violation' +
        (violations === 1 ? '' : 's') +
        ' (last: ' +
        event.violatedDirective +
        ' blocked ' +
        (event.blockedURI || 'inline') +
        ')';
    }
  });

  fetch(location.href, { method: 'HEAD', cache: 'no-store' })
    .then(function (response) {
      var policy = response.headers.get('content-security-policy');
      if (headerTarget) headerTarget.textContent = policy ? policy.split(/;\s*/).join(';\n') : '(no Content-Security-Policy header)';
    })
    .catch(function () {
      if (headerTarget) headerTarget.textContent = '(could not read the header)';
    });
})();
