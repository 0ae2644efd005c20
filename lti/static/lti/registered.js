// Dynamic registration is done: the platform that opened this page (a frame or a window) closes it.
(window.opener || window.parent).postMessage({ subject: "org.imsglobal.lti.close" }, "*");
