// Runs first thing in <body>: tells the NHS.UK styles and scripts that JavaScript is available.
document.body.classList.add("js-enabled");
if ("noModule" in HTMLScriptElement.prototype) {
  document.body.classList.add("nhsuk-frontend-supported");
}
