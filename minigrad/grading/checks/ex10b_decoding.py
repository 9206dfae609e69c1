"""Checks for exercises/ex10b_decoding.py: greedy decoding and beam search, in NumPy, against a
small recurrent decoder the grader builds (child/makers.py's toy_decoder)."""
import numpy as np

from ..child.wire import Make
from ..exercise import Array, Case, Exercise, Mistake, Returns, Scalar, materialize
from .tools import sizes


def random_decoder(rng):
    vocabulary, hidden = sizes(rng, 2, low=5, high=9)
    bos, eos = (int(t) for t in rng.choice(vocabulary, size=2, replace=False))
    decoder = Make("toy_decoder", embedding=rng.normal(size=(vocabulary, hidden)),
                   W_hh=rng.normal(size=(hidden, hidden)) * 0.8,
                   W_hy=rng.normal(size=(vocabulary, hidden)) * 1.5,
                   b_y=rng.normal(size=vocabulary))
    return decoder, rng.normal(size=hidden) * 0.5, bos, eos, vocabulary


def decoding_cases(rng, beam_width=None):
    """A decoder whose greedy output ends in EOS within max_length, on which a beam of 3 finds a
    more probable output than greedy, and each known mistake (of greedy decoding and of beam
    search) gives an output of its own; and the same decoder with a max_length short enough to
    cut the output."""
    while True:         # the cheap conditions first: most decoders fail one of them
        decoder, state, bos, eos, vocabulary = random_decoder(rng)
        max_length = int(rng.integers(8, 12))
        step = materialize(decoder)
        tokens, log_p = greedy(step, state, bos, eos, max_length)
        if tokens[-1] != eos:
            continue
        best, best_log_p = beam(step, state, bos, eos, 3, max_length)
        if best_log_p < log_p + 0.1:
            continue
        outputs = [tokens, best]
        outputs += [greedy(step, state, bos, eos, max_length, **{mistake: False})[0]
                    for mistake in ("feed_back", "carry_state", "keep_eos")]
        outputs += [beam(step, state, bos, eos, 3, max_length, **mistake)[0]
                    for mistake in ({"eos_ends": False}, {"per_token": True})]
        if not any(np.array_equal(a, b) for k, a in enumerate(outputs) for b in outputs[k + 1:]):
            break
    width = () if beam_width is None else (beam_width,)
    cut = min(3, len(tokens) - 1)
    return [Case((decoder, state, bos, eos) + width + (max_length,),
                 f"a decoder over {vocabulary} tokens (BOS {bos}, EOS {eos}), max_length "
                 f"{max_length}" + (f", beam width {beam_width}" if width else "")),
            Case((decoder, state, bos, eos) + width + (cut,),
                 f"the same decoder with max_length {cut}, shorter than its output")]


def greedy(step, state, bos, eos, max_length, feed_back=True, carry_state=True, keep_eos=True):
    """Greedy decoding, or one of its known mistakes."""
    tokens, log_p, token, start = [], 0.0, bos, state
    for _ in range(max_length):
        log_probs, new_state = step(token, state)
        best = int(np.argmax(log_probs))
        if best == eos and not keep_eos:
            break
        tokens.append(best)
        log_p += float(log_probs[best])
        token = best if feed_back else bos
        state = new_state if carry_state else start
        if best == eos:
            break
    return np.array(tokens), log_p


def greedy_decode(step, state, bos, eos, max_length):
    return greedy(step, state, bos, eos, max_length)


def beam(step, state, bos, eos, beam_width, max_length, eos_ends=True, per_token=False):
    """Beam search as chapter 10b defines it, or one of its known mistakes."""
    live, finished = [([], 0.0, state)], []
    for _ in range(max_length):
        candidates = []
        for tokens, log_p, hidden in live:
            log_probs, new_state = step(tokens[-1] if tokens else bos, hidden)
            candidates += [(tokens + [token], log_p + float(log_probs[token]), new_state)
                           for token in range(len(log_probs))]
        candidates.sort(key=lambda c: -c[1])
        live = []
        for candidate in candidates[:beam_width]:
            (finished if eos_ends and candidate[0][-1] == eos else live).append(candidate)
        if not live:
            break
    finished += live
    best = max(finished, key=lambda c: c[1] / len(c[0]) if per_token else c[1])
    return np.array(best[0]), best[1]


def beam_search(step, state, bos, eos, beam_width, max_length):
    return beam(step, state, bos, eos, beam_width, max_length)


TOKENS = "the tokens (EOS included, if produced)"
LOG_P = "log p"

EXERCISES = [
    Exercise(
        name="greedy_decode", file="ex10b_decoding.py", chapter="10b",
        cases=decoding_cases, reference=greedy_decode,
        answer=Returns(Array(TOKENS, "feed BOS, then each chosen token; stop after EOS or "
                                     "max_length tokens", rtol=0, atol=0),
                       Scalar(LOG_P, "log p(y) = sum of the chosen tokens' log-probabilities, "
                                     "EOS included")),
        points=1, keeps_inputs=True,
        mistakes=(
            Mistake("EOS is missing from the output: it is the last token, and its log-probability "
                    "counts (it says the output is complete)",
                    computes=lambda *a: greedy(*a, keep_eos=False), part=TOKENS),
            Mistake("every step started from the first state: feed each step the state the "
                    "previous step returned", computes=lambda *a: greedy(*a, carry_state=False)),
            Mistake("every step was fed BOS: feed back the token just chosen",
                    computes=lambda *a: greedy(*a, feed_back=False)),
            Mistake("log p is a probability: add the log-probabilities, do not multiply or exp "
                    "them",
                    computes=lambda *a: (greedy_decode(*a)[0], float(np.exp(greedy_decode(*a)[1]))),
                    part=LOG_P),
        ),
        hints=(
            "One call of step per output token: step(previous token, state) returns the "
            "log-probabilities of the next token and the new state. The first previous token is "
            "BOS.",
            "Take the argmax, append it, add its log-probability, and feed it (with the new state)"
            " to the next call.",
            "Stop right after appending EOS, or once max_length tokens are out; return "
            "(np.array(tokens), total log-probability).",
        )),
    Exercise(
        name="beam_search", file="ex10b_decoding.py", chapter="10b",
        cases=lambda rng: decoding_cases(rng, beam_width=3), reference=beam_search,
        answer=Returns(Array(TOKENS, "the most probable finished hypothesis", rtol=0, atol=0),
                       Scalar(LOG_P, "its log p(y), EOS included")),
        points=2, keeps_inputs=True,
        mistakes=(
            Mistake("this is greedy decoding's output: keep the beam_width best extensions over "
                    "all live hypotheses at every step, not only the best token",
                    computes=lambda step, state, bos, eos, width, length:
                    greedy(step, state, bos, eos, length)),
            Mistake("a hypothesis ending in EOS was extended further: EOS finishes it; set it "
                    "aside and keep searching with the others",
                    computes=lambda *a: beam(*a, eos_ends=False)),
            Mistake("the best hypothesis was chosen by its log-probability per token: choose by "
                    "the total log p(y) (chapter 10b does not normalise by length)",
                    computes=lambda *a: beam(*a, per_token=True)),
        ),
        hints=(
            "A hypothesis is (tokens, log p, state). Start with one: no tokens, log p = 0, the "
            "given state; its next input is BOS.",
            "Each step, extend every live hypothesis by every token (one step call per hypothesis "
            "gives all V log-probabilities), and keep the beam_width best of all those extensions "
            "by total log p.",
            "An extension ending in EOS is finished: move it to a list of finished hypotheses; the"
            " others stay live. Stop when none is live or after max_length steps (then the live "
            "ones count as finished too).",
            "Return the finished hypothesis with the largest log p: (np.array(tokens), log p). "
            "With beam_width 1 this is greedy decoding, a good test.",
        )),
]
