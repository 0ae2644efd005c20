// Dynamic registration is done: the platform that opened this page closes it.
if (window.parent !== window) window.parent.postMessage({ subject: "org.imsglobal.lti.close" }, "*");
