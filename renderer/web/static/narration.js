"use strict";
/* The narration as the player's clock, seekable however the folder is opened.
 *
 * The player moves by seeking the <audio> element. A browser can seek a file read from disk,
 * or one from a server that answers HTTP Range requests (206). A server that ignores them
 * (`python3 -m http.server`, some static hosts) answers with the whole file (200), which
 * Chromium treats as a stream it cannot seek: every seek lands on 0.
 *
 * So once the element knows its duration, it is asked whether it can seek: `audio.seekable`
 * is the browser's own statement of "the ranges of the media resource to which it is
 * possible for the user agent to seek" (HTML), decided from how the server answered its first
 * request, with no extra request and no guess about the server. Chromium reports [0, duration]
 * for a file or a 206 and [0, 0] for a stream it cannot seek. When the ranges do not cover
 * the whole track, the narration is fetched once, whole, into memory (a few MB for minutes of
 * AAC) and played from a blob: URL, which is always seekable. Until it is there, a time asked
 * for is kept here (and reported as the current time), and taken, playing if asked to, once
 * it is. A page opened from disk never fetches (fetch() of a file:// URL fails in Chromium):
 * the browser seeks files itself.
 *
 * Another track (another language's narration) takes the element's place with swap(): it
 * starts where it is asked to, playing on if the element was playing, by the same check.
 *
 * RvNarration(audio) -> { time, paused, source, seek(seconds), play() -> Promise, pause(),
 *   swap(url, seconds) } */
window.RvNarration = function RvNarration(audio) {
  /* "checking": no duration yet; "direct": the element seeks; "loading": the whole file is on
   * its way (or being swapped in); "whole": playing from memory, or as good as it gets. */
  let mode = "checking";
  let wanted = null;  /* seconds asked for that the element has not taken yet */
  let waiting = [];  /* play() calls to settle once `wanted` is taken: [resolve, reject] */
  let track = 0;  /* which track the element holds: a whole file that comes for an earlier one
                   * is dropped */
  let held = "";  /* the blob: URL of the whole file in memory, if any */
  let source = audio.getAttribute("src") || "";  /* the track's own address */

  function ready() { return mode === "direct" || mode === "whole"; }

  function seeksEverywhere() {
    const ranges = audio.seekable;
    if (!ranges.length) return false;
    return ranges.start(0) <= 0 && ranges.end(ranges.length - 1) >= audio.duration - 0.05;
  }

  /* The element can seek now: give it the time asked for, and play if that was asked too. */
  function take() {
    if (wanted !== null) audio.currentTime = wanted;
    wanted = null;
    const asked = waiting.splice(0);
    if (!asked.length) return;
    audio.play().then(() => asked.forEach(([resolve]) => resolve()),
      (error) => asked.forEach(([, reject]) => reject(error)));
  }

  /* Stop the element until a time asked for is taken, to play on from there. */
  function hold() {
    if (audio.paused) return;
    waiting.push([() => {}, () => {}]);
    audio.pause();
  }

  async function loadWhole() {
    mode = "loading";
    const asked = track;
    let url = "";
    try {
      /* Past the HTTP cache: the element's own download of the same file, paused once it has
       * enough, holds the cache's entry, and a fetch through the cache would wait behind it
       * (for good, seen with an 8-minute narration). The element plays on from its stream
       * meanwhile; its download ends when the whole file takes its place. */
      const response = await fetch(audio.currentSrc || audio.src, { cache: "no-store" });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const blob = await response.blob();
      if (asked !== track) return;
      url = URL.createObjectURL(blob);
    } catch (error) {
      if (asked !== track) return;
      console.warn(`The narration cannot move from this server: ${error.message || error}`);
      mode = "whole";
      take();
      return;
    }
    /* Swap the source where the stream is now, without losing a time asked for meanwhile. */
    if (wanted === null) wanted = audio.currentTime;
    hold();
    held = url;
    audio.src = url;
  }

  /* Both the served file's metadata and the whole file's come here (the first may also have
   * come before this script ran: then `readyState` says so below). */
  audio.addEventListener("loadedmetadata", () => {
    if (mode === "checking") checked();
    else if (mode === "loading" && audio.currentSrc.startsWith("blob:")) {
      mode = "whole";
      take();
    }
  });

  /* One seek at a time: a time asked for during a seek (a key held down, or pressed again
   * quickly) is taken when it ends, the last one only. Seeks piled onto one another can leave
   * Chromium's audio stalled, playing but never advancing. */
  audio.addEventListener("seeked", () => {
    if (ready() && wanted !== null) take();
  });

  function checked() {
    if (seeksEverywhere() || location.protocol === "file:") {
      mode = "direct";
      take();
    } else {
      loadWhole();
    }
  }
  if (audio.readyState >= HTMLMediaElement.HAVE_METADATA) checked();

  return {
    /* The narration's time: the element's, or the one asked for while it cannot seek. */
    get time() { return wanted !== null ? wanted : audio.currentTime; },
    /* Paused, and not waiting to play once a time is taken. */
    get paused() { return audio.paused && !waiting.length; },
    /* The track's address (the file, also while it plays from memory). */
    get source() { return source; },
    seek(seconds) {
      if (ready() && !audio.seeking) {
        audio.currentTime = seconds;
        return;
      }
      wanted = seconds;
      if (!ready()) hold();
    },
    play() {
      /* Where nothing is asked, the element is where it should be (an element that cannot
       * seek plays on from there, and is swapped for the whole file at its place). */
      if (wanted === null) {
        return audio.play().catch((error) => {
          if (error.name === "AbortError" && waiting.length) return undefined;  /* held */
          throw error;
        });
      }
      return new Promise((resolve, reject) => waiting.push([resolve, reject]));
    },
    pause() {
      waiting.splice(0).forEach(([resolve]) => resolve());
      audio.pause();
    },
    swap(url, seconds) {
      track += 1;
      source = url;
      hold();
      wanted = seconds;
      mode = "checking";
      audio.src = url;
      if (held) URL.revokeObjectURL(held);
      held = "";
    },
  };
};
