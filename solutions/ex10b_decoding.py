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
    ### BEGIN SOLUTION
    tokens, log_p, token = [], 0.0, bos
    for _ in range(max_length):
        log_probs, state = step(token, state)
        token = int(np.argmax(log_probs))
        tokens.append(token)
        log_p += float(log_probs[token])
        if token == eos:
            break
    return np.array(tokens), log_p
    ### END SOLUTION


def beam_search(step, state, bos, eos, beam_width, max_length):
    """Keep the beam_width most probable partial outputs (hypotheses) instead of one. At every
    step, extend each live hypothesis by every token, and keep the beam_width extensions with the
    largest log p among all of them (EOS-ending ones included). An extension ending in EOS is
    finished and leaves the beam; the others stay live. Stop when no hypothesis is live, or after
    max_length steps, when the live ones count as finished too. With beam_width 1 this is greedy
    decoding.

    Returns (tokens, log p(tokens)) of the finished hypothesis with the largest log p.
    """
    ### BEGIN SOLUTION
    live, finished = [([], 0.0, state)], []
    for _ in range(max_length):
        extensions = []
        for tokens, log_p, hidden in live:
            log_probs, new_state = step(tokens[-1] if tokens else bos, hidden)
            extensions += [(tokens + [token], log_p + log_probs[token], new_state)
                           for token in range(len(log_probs))]
        extensions.sort(key=lambda hypothesis: -hypothesis[1])
        live = []
        for hypothesis in extensions[:beam_width]:
            (finished if hypothesis[0][-1] == eos else live).append(hypothesis)
        if not live:
            break
    tokens, log_p, _ = max(finished + live, key=lambda hypothesis: hypothesis[1])
    return np.array(tokens), float(log_p)
    ### END SOLUTION
