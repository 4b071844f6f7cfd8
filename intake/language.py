"""Which language a proposal is written in, so its draft lands in that language's tree.

The form's own language is a weak hint: a Brussels official may open the Dutch form and write in French. The
words decide: short function words ("de", "het", "the", "les", …) are frequent in every text and belong to one
language each. A text with too few of them (a title alone, a list of names) keeps the form's language.
"""

import re


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


FUNCTION_WORDS = {
    "nl": _words(
        "de het een en van in op is dat die met voor zijn niet ook aan bij om er te door naar als maar wordt werd "
        "deze dit wat we wij ons onze ze hun hebben heeft kan kunnen meer nog tot uit over jaar gemeente"
    ),
    "en": _words(
        "the a an and of in on is that with for are not also at by to from as but was were this these what we "
        "our they their have has can more still into over year town council"
    ),
    "fr": _words(
        "le la les un une et des du de en dans sur est que qui avec pour sont pas aussi au aux par à comme mais "
        "été cette ces nous notre ils leur ont peut plus encore année commune"
    ),
}
WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# At least this many function words, and a clear lead over the runner-up, before the words overrule the form.
MIN_HITS = 4
MIN_LEAD = 1.5


def written_language(text: str, *, default: str) -> str:
    """'nl', 'en' or 'fr': the language most of the text's function words belong to, else `default`."""
    words = [word.casefold() for word in WORD.findall(text or "")]
    hits = {language: sum(word in vocabulary for word in words) for language, vocabulary in FUNCTION_WORDS.items()}
    ranked = sorted(hits.items(), key=lambda item: item[1], reverse=True)
    (best, best_hits), (_second, second_hits) = ranked[0], ranked[1]
    if best_hits >= MIN_HITS and best_hits >= MIN_LEAD * second_hits:
        return best
    return default
