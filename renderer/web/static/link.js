"use strict";
/* The link between the player (the audience's window) and the Live Class (the presenter's).
 * Served pages talk over a BroadcastChannel; pages opened from file:// (where every file is
 * an origin of its own) talk with postMessage between the window that opened the other and
 * the window it opened. Messages are plain objects with a `type`. */
window.RvLink = function RvLink(onMessage) {
  const channel = location.protocol !== "file:" && "BroadcastChannel" in window
    ? new BroadcastChannel("render-video-live") : null;
  let peer = window.opener || null;
  if (channel) {
    channel.onmessage = (event) => onMessage(event.data || {});
  }
  window.addEventListener("message", (event) => {
    const message = event.data && event.data.renderVideo;
    if (!message || typeof message !== "object") return;
    if (event.source && event.source !== window) peer = event.source;
    if (!channel) onMessage(message);
  });
  return {
    setPeer(other) { peer = other; },
    send(message) {
      if (channel) channel.postMessage(message);
      else if (peer && !peer.closed) peer.postMessage({ renderVideo: message }, "*");
    },
  };
};

/* One formatter of times for every page: m:ss, or mm:ss with `pad`. */
window.rvClock = function rvClock(seconds, pad) {
  const whole = Math.max(0, Math.floor(seconds));
  const minutes = Math.floor(whole / 60);
  const rest = String(whole % 60).padStart(2, "0");
  return `${pad ? String(minutes).padStart(2, "0") : minutes}:${rest}`;
};

/* The languages a page holds (every language rendered into its folder), in the page's
 * order (the article as written first): each one's page data, parsed when first asked for;
 * the one the address asks for with `?lang=`, else the first; and the page put in one. */
window.RvLanguages = function RvLanguages() {
  const scripts = [...document.querySelectorAll("script.page-data")];
  const codes = scripts.map((script) => script.dataset.lang);
  const parsed = new Map();
  const find = (code) => codes.find((c) => c.toLowerCase() === String(code || "").toLowerCase());
  return {
    codes,
    initial: find(new URLSearchParams(location.search).get("lang")) || codes[0],
    find,
    data(code) {
      if (!parsed.has(code)) parsed.set(code, JSON.parse(scripts[codes.indexOf(code)].textContent));
      return parsed.get(code);
    },
    /* The language's own name for itself ("English", "हिन्दी"), else its code. */
    name(code) {
      try {
        return new Intl.DisplayNames([code], { type: "language" }).of(code) || code;
      } catch (error) {
        return code;
      }
    },
    /* The page in `code`: its lang and dir, the choice in `select`, and `?lang=` in the
     * address (none for the first language), the hash kept. */
    apply(code, select) {
      const data = this.data(code);
      document.documentElement.lang = data.language;
      document.documentElement.dir = data.direction;
      if (!select.options.length) {
        for (const c of codes) select.append(new Option(this.name(c), c));
      }
      select.value = code;
      select.hidden = codes.length < 2;
      if (select.labels) for (const label of select.labels) label.hidden = select.hidden;
      const url = new URL(location.href);
      if (code === codes[0]) url.searchParams.delete("lang");
      else url.searchParams.set("lang", code);
      if (url.href !== location.href) {
        try { history.replaceState(null, "", url.href); } catch (error) { /* file:// may refuse */ }
      }
    },
  };
};

/* A phrase of the page's words with its `{name}`s filled in from `values`. */
window.rvSay = function rvSay(phrase, values) {
  return String(phrase).replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
};

/* The page's own words in the language shown: each `[data-word]` element's text (its
 * `[[key]]`s drawn as keys of the keyboard), `[data-word-title]`'s title (with its
 * shortcut, `data-key`) and `[data-word-label]`'s accessible name. */
window.rvWords = function rvWords(words) {
  for (const element of document.querySelectorAll("[data-word]")) {
    const parts = String(words[element.dataset.word] || "").split(/\[\[(.+?)\]\]/);
    element.replaceChildren(...parts.map((part, i) => {
      if (i % 2 === 0) return document.createTextNode(part);
      const key = document.createElement("kbd");
      key.textContent = part;
      return key;
    }));
  }
  for (const element of document.querySelectorAll("[data-word-title]")) {
    const key = element.dataset.key ? ` (${element.dataset.key})` : "";
    element.title = `${words[element.dataset.wordTitle]}${key}`;
  }
  for (const element of document.querySelectorAll("[data-word-label]")) {
    element.setAttribute("aria-label", words[element.dataset.wordLabel]);
  }
};
