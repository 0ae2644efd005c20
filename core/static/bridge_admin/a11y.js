// The admin's rich text editors (Draftail) and tag inputs draw a text box with no accessible
// name. Give each the label of its field, so screen readers announce what it is for (WCAG 4.1.2).
(function () {
  function labelFor(box) {
    // The editor stands in for a hidden input; its <label for> may sit in the panel heading.
    const wrapper = box.closest("[data-field-wrapper], .w-field__wrapper, .w-field");
    const input = wrapper && wrapper.querySelector("input[id], textarea[id]");
    let label = input && document.querySelector(`label[for="${input.id}"]`);
    if (!label && wrapper) label = wrapper.querySelector("label, legend");
    if (!label) {
      const panel = box.closest("section.w-panel, .w-panel");
      label = panel && panel.querySelector(".w-panel__heading");
    }
    return label ? label.textContent.replace(/\s*\*\s*$/, "").trim() : "";
  }
  function name(root) {
    root.querySelectorAll("[contenteditable=true][role=textbox], input.ui-autocomplete-input").forEach((box) => {
      if (box.getAttribute("aria-label") || box.getAttribute("aria-labelledby")) return;
      if (box.labels && box.labels.length) return;
      const text = labelFor(box);
      if (text) box.setAttribute("aria-label", text);
    });
  }
  // A stream field's plain blocks (a step, an option) draw an input with no label: name it after
  // its block, as its header shows ("Step", "Option").
  function nameBlocks(root) {
    root.querySelectorAll("[data-streamfield-child] input:not([type=hidden]), [data-streamfield-child] textarea").forEach((input) => {
      if (input.labels && input.labels.length) return;
      if (input.getAttribute("aria-label") || input.getAttribute("aria-labelledby")) return;
      const child = input.closest("[data-streamfield-child]");
      const heading = child && child.querySelector("[data-panel-heading-text], .w-panel__heading");
      const text = heading ? heading.textContent.trim() : "";
      if (text) input.setAttribute("aria-label", text);
    });
  }
  // The editor's minimap links to each block by its heading; a block whose heading is still
  // empty (a film not yet titled) gives an empty link: name it after the block's type.
  function nameMinimap(root) {
    root.querySelectorAll("a.w-minimap-item").forEach((link) => {
      if (link.textContent.trim() || link.getAttribute("aria-label")) return;
      const href = link.getAttribute("href") || "";
      const target = href.length > 1 ? document.getElementById(href.slice(1)) : null;
      const panel = target && target.closest(".w-panel");
      const type = panel && panel.querySelector(".w-panel__heading [data-panel-heading-text], .w-panel__heading");
      const text = (type && type.textContent.trim()) || "Block";
      link.setAttribute("aria-label", text);
    });
    // The same for the "link to this section" anchor in an untitled block's header.
    root.querySelectorAll("a.w-panel__anchor").forEach((link) => {
      if (link.textContent.trim() || link.getAttribute("aria-label")) return;
      const labelled = link.getAttribute("aria-labelledby");
      const named = labelled && document.getElementById(labelled);
      if (named && named.textContent.trim()) return;
      const panel = link.closest(".w-panel");
      const type = panel && panel.querySelector(".w-panel__heading");
      const what = (type && type.textContent.trim()) || "this section";
      link.setAttribute("aria-label", `Link to ${what}`);
    });
  }
  function start() {
    name(document);
    nameBlocks(document);
    nameMinimap(document);
    // Batched: at most one pass per frame, however many changes the editors make.
    let queued = false;
    const pass = () => { queued = false; name(document); nameBlocks(document); nameMinimap(document); };
    new MutationObserver(() => { if (!queued) { queued = true; requestAnimationFrame(pass); } })
      .observe(document.body, { childList: true, subtree: true });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
