"""Pronunciation lexicons: word (or phrase) -> spoken form, or IPA for the offline voice.

A lexicon is a YAML mapping. A value in double brackets, `"[[hˈɛː]]"`, is IPA that piper
speaks as written (use `ɡ`, U+0261, not ASCII g); any other value is a respelling that every
engine reads. Keys match whole words, case-insensitively, longest phrase first.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from renderer.errors import ConfigError
from renderer.narration.words import Unit
from renderer.wordsplit import words_of

Respell = Callable[[str], str]
"""A voice's rewriting of the text its lexicon left alone (transliteration)."""


@dataclass(frozen=True)
class Lexicon:
    """Pronunciations to apply before synthesis."""

    entries: dict[str, str] = field(default_factory=dict)
    _pattern: re.Pattern[str] | None = field(default=None, compare=False, repr=False)

    @classmethod
    def load(cls, path: Path) -> Lexicon:
        """Read a YAML lexicon; errors raise ConfigError naming the file."""
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise ConfigError(f"cannot read lexicon {path}: {exc}") from None
        if not isinstance(data, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in data.items()
        ):
            raise ConfigError(
                f"lexicon {path} must map words to text",
                hint='e.g.  hai: "[[hˈɛː]]"   or   karte: kurtay',
            )
        return cls.of({k.lower().strip(): v.strip() for k, v in data.items()})

    @classmethod
    def of(cls, entries: dict[str, str]) -> Lexicon:
        """A lexicon from a dict, with its matcher compiled."""
        if not entries:
            return cls({})
        words = sorted(entries, key=len, reverse=True)
        pattern = re.compile(
            r"(?<![\w\[])(" + "|".join(re.escape(w) for w in words) + r")(?![\w\]])", re.IGNORECASE
        )
        return cls(dict(entries), pattern)

    @property
    def digest(self) -> str:
        """Hash of the entries (part of the narration cache key)."""
        blob = json.dumps(self.entries, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(blob.encode()).hexdigest()[:16]

    def units(self, text: str, *, ipa: bool, respell: Respell | None = None) -> tuple[Unit, ...]:
        """The sentence as the pieces the voice reads (see `words.Unit`): each text word
        with its own spoken form, and the words of a phrase the lexicon replaces together
        (a Chinese or Japanese piece is read whole, its words its phrases: `wordsplit`)."""
        tokens = _plain(text).split()
        starts, at = [], 0
        joined = " ".join(tokens)
        for token in tokens:
            starts.append(at)
            at += len(token) + 1
        ends = {}  # token index -> end offset of a lexicon phrase starting there
        if self._pattern is not None:
            for match in self._pattern.finditer(joined):
                if match.start() in starts:
                    ends[starts.index(match.start())] = match.end()
        out: list[Unit] = []
        i = 0
        while i < len(tokens):
            j = i
            if i in ends:
                while j + 1 < len(tokens) and starts[j + 1] < ends[i]:
                    j += 1
            said = " ".join(tokens[i : j + 1])
            words = tuple(word for token in tokens[i : j + 1] for word in words_of(token))
            out.append(Unit(self.apply(said, ipa=ipa, respell=respell), words))
            i = j + 1
        return tuple(out)

    def apply(self, text: str, *, ipa: bool, respell: Respell | None = None) -> str:
        """Replace known words; IPA entries only when the engine speaks IPA (`ipa=True`).
        `respell` (a voice's transliteration) rewrites the text the lexicon left alone: the
        lexicon always wins. Only the lexicon may inject phonemes: `[[` and `]]` written in
        the text itself are made plain brackets first, so an engine always reads the text
        as text."""
        text = _plain(text)
        same: Respell = respell or (lambda part: part)
        if self._pattern is None:
            return same(text)
        pieces: list[str] = []
        at = 0
        for match in self._pattern.finditer(text):
            value = self.entries[match.group(0).lower()]
            if value.startswith("[[") and not ipa:  # phonemes this engine cannot read
                value = same(match.group(0))
            pieces += [same(text[at : match.start()]), value]
            at = match.end()
        out = "".join([*pieces, same(text[at:])])
        # Keep punctuation right after a block inside it (piper then pauses on it), and join
        # neighbouring blocks (piper puts a space around each block, which would double up).
        out = re.sub(r"\]\]([,.;:!?]+)", r"\1]]", out)
        return re.sub(r"\]\]\s+\[\[", " ", out)


def _plain(text: str) -> str:
    """`[[` and `]]` written in the text made plain brackets (only the lexicon injects
    phonemes)."""
    return re.sub(r"\]{2,}", "]", re.sub(r"\[{2,}", "[", text))
