"use strict";
// Progressive enhancement only: hovering or focusing a stance, in the list or in the text,
// lights up its holder, target and cue. Without this script the page loses nothing else.
for (const element of document.querySelectorAll("[data-stance]")) {
  const selector = `[data-stance="${CSS.escape(element.dataset.stance)}"]`;
  const light = (on) => {
    for (const part of document.querySelectorAll(selector)) part.classList.toggle("linked", on);
  };
  element.addEventListener("mouseenter", () => light(true));
  element.addEventListener("mouseleave", () => light(false));
  element.addEventListener("focusin", () => light(true));
  element.addEventListener("focusout", () => light(false));
}

// Run pages (`nkru view --run`): a checkbox per outcome kind, hidden until this script runs,
// toggles hide-<kind> on the text and on the error table, whose stylesheet rules hide that kind.
const outcomeFilter = document.querySelector("fieldset.outcomes");
if (outcomeFilter) {
  const filtered = document.querySelectorAll("[data-outcome-filtered]");
  for (const box of outcomeFilter.querySelectorAll("input[data-outcome-filter]")) {
    const apply = () => {
      for (const container of filtered) container.classList.toggle(`hide-${box.dataset.outcomeFilter}`, !box.checked);
    };
    box.addEventListener("change", apply);
    apply();  // a box the browser restored unchecked (back to the page) hides its kind at once
  }
  outcomeFilter.hidden = false;
}
