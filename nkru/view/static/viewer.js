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
