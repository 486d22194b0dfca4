// GOV.UK Frontend styles its JavaScript components only when the body has these classes.
// Its page template sets them with an inline script, which our Content Security Policy
// forbids, so this file does the same from the page's first lines of <body>.
document.body.className +=
  " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
