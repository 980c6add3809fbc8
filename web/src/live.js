// live.js - one polite live region for results that arrive later ("Saved.",
// "12 entries loaded."), so a screen reader hears them where the user is.
let region = null;
let timer = null;

export function mountLiveRegion(el) {
  region = el;
}

export function announce(text) {
  if (!region) return;
  clearTimeout(timer);
  region.textContent = '';
  // a changed text is announced; the same text twice needs the pause between
  timer = setTimeout(() => {
    region.textContent = text;
  }, 50);
}
