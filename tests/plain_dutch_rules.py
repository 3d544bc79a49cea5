"""The plain-Dutch rules in one place, for the bot's texts and for the handbook.

tests/test_plain_dutch.py applies them to every text a parent sees; tests/test_handleiding.py
applies them to docs/handleiding.md, which volunteers and coordinators read. One module so the
two cannot drift apart (and no test module imports another).
"""

from __future__ import annotations

import re

# A sentence ends at its mark, or at a line break (the lines of a list in one message).
SENTENCE_END = re.compile(r"[.!?]+(?=[\s\"'”’»)]|$)|\n")
WORDLIKE = re.compile(r"[^\W_]")

FORMAL = re.compile(r"(?<![\w'’-])(u|uw)(?![\w'’-])", re.IGNORECASE)
JARGON = re.compile(
    r"\b(co-?parenting|co-?ouderschap|(gelijkwaardig|betrokken|gedeeld)e?\s+ouderschap|rolpatro\w*|"
    r"ouderrol\w*|gezinsondersteuner\w*|kwetsba+r\w*)",
    re.IGNORECASE,
)
MUST = re.compile(r"\b(moet|moeten|zou\s+moeten|hoort)\b", re.IGNORECASE)
MOTHER_FATHER = re.compile(r"\b((je|jouw)\s+(man|vrouw)|als\s+(mama|papa))\b", re.IGNORECASE)
# Word forms with brackets, such as "kind(eren)" or "(ex-)partner": weaker readers and screen
# readers stumble over them; write "je kind" and "de andere ouder".
BRACKETED = re.compile(r"\w\((?:\w|-)+\)|\((?:\w|-)+\)\w", re.IGNORECASE)
ABBREVIATION = re.compile(
    r"(?<![\w.])(bv|bijv|vb|enz|etc|tel|nr|ca|evt|resp|o\.a|d\.w\.z|m\.a\.w|i\.p\.v|t\.e\.m|z\.o\.z)\.(?=\s|$)"
    r"|\d\.\d",
    re.IGNORECASE,
)


def sentences(text: str) -> list[str]:
    """The sentences of a text, each with its end mark; pieces without a word are dropped."""
    out, start = [], 0
    for match in SENTENCE_END.finditer(text):
        out.append(text[start : match.end()])
        start = match.end()
    out.append(text[start:])
    return [s.strip() for s in out if words(s)]


def words(sentence: str) -> list[str]:
    return [token for token in sentence.split() if WORDLIKE.search(token)]
