/* The launcher of a course exported from Bridge as a SCORM package.
 *
 * It finds the LMS's SCORM runtime (API for SCORM 1.2, API_1484_11 for 2004), keeps a random
 * token in the LMS's record of this learner (cmi.suspend_data), opens the course in Bridge with it,
 * and writes Bridge's answer - completion, pass, score and progress - back through the runtime.
 * It asks at every launch, so a course finished after the LMS window was closed is reported the
 * next time the learner opens it. It sends Bridge only the token and, at launch, the LMS's learner
 * id and name; it never sends or receives a cookie. */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("bridge-dispatch").textContent);
  var scorm12 = config.version === "1.2";
  var statusBox = document.getElementById("bridge-status");
  var openWrap = document.getElementById("bridge-open-wrap");
  var openLink = document.getElementById("bridge-open");
  var api = null, token = null, finished = false, polling = null, reported = false;

  function say(text, kind) {
    statusBox.className = kind ? "bridge-" + kind : "";
    statusBox.innerHTML = "";
    var p = document.createElement("p");
    p.textContent = text;
    statusBox.appendChild(p);
  }

  // The ADL search: up the frames this page sits in, then the window that opened it.
  function search(win, name) {
    for (var depth = 0; win && depth < 8; depth++) {
      try { if (win[name]) { return win[name]; } } catch (e) { return null; }
      if (win.parent === win) { break; }
      win = win.parent;
    }
    return null;
  }
  function findApi() {
    var name = scorm12 ? "API" : "API_1484_11";
    var found = search(window, name);
    if (!found && window.opener) { found = search(window.opener, name); }
    return found;
  }

  var lms = {
    init: function () { return scorm12 ? api.LMSInitialize("") : api.Initialize(""); },
    get: function (key) { return scorm12 ? api.LMSGetValue(key) : api.GetValue(key); },
    set: function (key, value) {
      return scorm12 ? api.LMSSetValue(key, String(value)) : api.SetValue(key, String(value));
    },
    commit: function () { return scorm12 ? api.LMSCommit("") : api.Commit(""); },
    finish: function () { return scorm12 ? api.LMSFinish("") : api.Terminate(""); }
  };

  function newToken() {
    var bytes = new Uint8Array(32);
    window.crypto.getRandomValues(bytes);
    var text = "";
    for (var i = 0; i < bytes.length; i++) { text += String.fromCharCode(bytes[i]); }
    return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function savedToken() {
    try {
      var saved = JSON.parse(lms.get("cmi.suspend_data") || "{}");
      if (saved && /^[A-Za-z0-9_-]{43}$/.test(saved.bridge || "")) { return saved.bridge; }
    } catch (e) { /* not ours, or empty: start afresh */ }
    return null;
  }

  function percent(fraction) { return Math.round(fraction * 100); }

  function report(status) {
    if (!status.linked) {
      say("Open the course in Bridge to begin. You sign in with your NHS account the first time.");
      return;
    }
    if (scorm12) {
      if (status.completed) {
        lms.set("cmi.core.lesson_status", status.passed ? "passed" : "completed");
      } else if (lms.get("cmi.core.lesson_status") === "not attempted") {
        lms.set("cmi.core.lesson_status", "incomplete");
      }
      if (status.score !== null) {
        lms.set("cmi.core.score.min", "0");
        lms.set("cmi.core.score.max", "100");
        lms.set("cmi.core.score.raw", String(percent(status.score)));
      }
    } else {
      lms.set("cmi.completion_status", status.completed ? "completed" : "incomplete");
      lms.set("cmi.progress_measure", String(status.progress));
      if (status.completed) { lms.set("cmi.success_status", status.passed ? "passed" : "failed"); }
      if (status.score !== null) {
        lms.set("cmi.score.scaled", String(status.score));
        lms.set("cmi.score.min", "0");
        lms.set("cmi.score.max", "100");
        lms.set("cmi.score.raw", String(percent(status.score)));
      }
    }
    lms.commit();
    if (status.completed) {
      reported = true;
      stopPolling();
      var when = status.completed_at ? new Date(status.completed_at).toLocaleDateString("en-GB",
        { day: "numeric", month: "long", year: "numeric" }) : "";
      say("Completed" + (when ? " on " + when : "") + (status.score !== null ?
        ", with a score of " + percent(status.score) + "%" : "") + ". Your result has been sent to " +
        config.lms_name + ".", "done");
      openLink.firstChild.nodeValue = "See the course and your certificate in Bridge";
    } else {
      say("In progress: " + percent(status.progress) + "% of the course done. Your result is " +
        "sent to " + config.lms_name + " when you finish it in Bridge.");
      openLink.firstChild.nodeValue = "Continue the course in Bridge";
    }
  }

  function ask() {
    return fetch(config.bridge + "/scorm/status/" + token + "/", {
      credentials: "omit", cache: "no-store", headers: { Accept: "application/json" }
    }).then(function (response) {
      if (response.status === 410) {
        stopPolling();
        openWrap.hidden = true;
        say("This course package has been withdrawn. Ask your learning and development team " +
          "for the current one.", "problem");
        return;
      }
      if (!response.ok) { throw new Error("status " + response.status); }
      return response.json().then(report);
    }).catch(function () {
      say("Bridge cannot be reached just now. Your result will be sent the next time you open " +
        "this course.", "problem");
    });
  }

  function startPolling() {
    if (polling || reported) { return; }
    var until = Date.now() + 4 * 60 * 60 * 1000;
    polling = window.setInterval(function () {
      if (Date.now() > until) { stopPolling(); return; }
      ask();
    }, config.poll_seconds * 1000);
  }
  function stopPolling() { if (polling) { window.clearInterval(polling); polling = null; } }

  function finish() {
    if (finished || !api) { return; }
    finished = true;
    // Always "suspend", even once reported: the LMS keeps this attempt and its suspend data, so
    // the next launch finds the same token (a new attempt would start without it).
    lms.set(scorm12 ? "cmi.core.exit" : "cmi.exit", "suspend");
    lms.commit();
    lms.finish();
  }

  api = findApi();
  if (!api) {
    say("Open this course from your learning system: it reports your result through it.", "problem");
    return;
  }
  if (String(lms.init()) !== "true") {
    say("Your learning system did not start this course. Close it and open it again.", "problem");
    return;
  }
  token = savedToken();
  if (!token) {
    token = newToken();
    lms.set("cmi.suspend_data", JSON.stringify({ bridge: token }));
    lms.set(scorm12 ? "cmi.core.exit" : "cmi.exit", "suspend");
    lms.commit();
  }
  var learner = lms.get(scorm12 ? "cmi.core.student_id" : "cmi.learner_id");
  var name = lms.get(scorm12 ? "cmi.core.student_name" : "cmi.learner_name");
  openLink.href = config.bridge + "/scorm/launch/" + config.dispatch + "/?r=" + token +
    "&learner=" + encodeURIComponent(learner) + "&name=" + encodeURIComponent(name);
  openWrap.hidden = false;
  openLink.addEventListener("click", startPolling);
  window.addEventListener("focus", function () { if (!reported) { ask(); } });
  window.addEventListener("pagehide", finish);
  ask();
})();
