document.documentElement.classList.add("js-enabled");
if ("noModule" in HTMLScriptElement.prototype) {
  document.addEventListener("DOMContentLoaded", () => document.body.classList.add("js-enabled", "nhsuk-frontend-supported"));
}
