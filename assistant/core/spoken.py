"""Numbers and durations as words, because every line is read aloud by a synthesiser."""

_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def number_in_words(number: int) -> str:
    """0..999 in words: 45 -> 'forty-five'."""
    if not 0 <= number < 1000:
        return str(number)
    if number < 20:
        return _ONES[number]
    if number < 100:
        tens, ones = divmod(number, 10)
        return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")
    hundreds, rest = divmod(number, 100)
    head = f"{_ONES[hundreds]} hundred"
    return f"{head} and {number_in_words(rest)}" if rest else head


def _unit(count: int, singular: str) -> str:
    return f"{number_in_words(count)} {singular}{'' if count == 1 else 's'}"


def duration_in_words(seconds: float) -> str:
    """A spoken duration rounded the way people say it: 'two minutes and thirty seconds'."""
    total = max(0, round(seconds))
    if total < 60:
        rounded = total if total <= 10 else 5 * round(total / 5)
        return _unit(rounded, "second")
    minutes, rest = divmod(total, 60)
    rest = 10 * round(rest / 10)
    if rest == 60:
        minutes, rest = minutes + 1, 0
    if rest == 0:
        return _unit(minutes, "minute")
    return f"{_unit(minutes, 'minute')} and {_unit(rest, 'second')}"


def about_minutes(seconds: float) -> str:
    """A whole technique's length: 'about four minutes'."""
    minutes = max(1, round(seconds / 60))
    return f"about {_unit(minutes, 'minute')}"


def join_words(items: list[str]) -> str:
    """'a, b and c', as said aloud."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
