"""Exercise set 10b: greedy decoding and beam search (chapter 10b).

A decoder is given as a step function, one output token at a time:
    log_probs, new_state = step(token, state)
token is the previous output token (an int; BOS before the first), state the decoder's state
(an array); log_probs (V,) holds log p(next token | the tokens so far) for each of the V tokens.
An output is finished by its EOS token, which is part of it. Its score is the chain rule's
    log p(y) = sum over its tokens (EOS included) of log p(y_i | y_<i).
Return tokens as an integer array, and log p as a float.
"""
import numpy as np


def greedy_decode(step, state, bos, eos, max_length):
    """At every step take the most probable token, and feed it back as the next input. Stop after
    producing EOS, or after max_length tokens.

    Returns (tokens, log p(tokens)).
    """
    raise NotImplementedError("exercise `greedy_decode` in exercises/ex10b_decoding.py: replace this line with your code")


def beam_search(step, state, bos, eos, beam_width, max_length):
    """Keep the beam_width most probable partial outputs (hypotheses) instead of one. At every
    step, extend each live hypothesis by every token, and keep the beam_width extensions with the
    largest log p among all of them (EOS-ending ones included). An extension ending in EOS is
    finished and leaves the beam; the others stay live. Stop when no hypothesis is live, or after
    max_length steps, when the live ones count as finished too. With beam_width 1 this is greedy
    decoding.

    Returns (tokens, log p(tokens)) of the finished hypothesis with the largest log p.
    """
    raise NotImplementedError("exercise `beam_search` in exercises/ex10b_decoding.py: replace this line with your code")
