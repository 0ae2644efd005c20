import { initAll } from "/static/wagtailnhsukfrontend/js/nhsuk-frontend-10.4.2.min.js";
try { initAll(); } catch (e) { /* the page works without the enhancements */ }
