"""Random sentences from the per-language grammars in ../grammar/*.txt (format documented there)."""
import re
from pathlib import Path

GRAMMAR_DIR = Path(__file__).resolve().parent.parent / "grammar"
LANGUAGES = ("en", "ru")
_REF = re.compile(r"\{(\w+)(\?)?\}")


def load_grammar(language):
    rules, current = {}, None
    for raw in (GRAMMAR_DIR / f"{language}.txt").read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("@"):
            current = line[1:]
            rules[current] = []
        else:
            rules[current].append(line)
    for name, alternatives in rules.items():
        for alt in alternatives:
            for ref, _ in _REF.findall(alt):
                if ref not in rules:
                    raise ValueError(f"{language}: @{name} refers to unknown @{ref}")
    return rules


class Grammar:
    def __init__(self, language):
        self.language = language
        self.rules = load_grammar(language)

    def sentence(self, rng):
        return " ".join(self._expand("{sentence}", rng).split())

    def _expand(self, text, rng):
        def replace(match):
            name, optional = match.group(1), match.group(2)
            if optional and rng.random() < 0.5:
                return ""
            alternatives = self.rules[name]
            return self._expand(alternatives[rng.randrange(len(alternatives))], rng)

        return _REF.sub(replace, text)

    def vocabulary(self):
        """Every word any expansion can produce."""
        words = set()
        for alternatives in self.rules.values():
            for alt in alternatives:
                words.update(w for w in _REF.sub(" ", alt).split())
        return sorted(words)
