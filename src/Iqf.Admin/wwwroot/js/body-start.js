// Runs first thing in <body> (a file, not inline, so the Content-Security-Policy can forbid inline
// script): tells GOV.UK Frontend's styles that JavaScript is on and modules are supported.
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');
