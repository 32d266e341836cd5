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
