"""Exercise set 6b: measuring and sampling a language model (chapter 6b).

A character model gives scores (logits) z for the next character at every step; its
probabilities are p = softmax(z). Shapes: logits (T, B, V) for T steps of B streams over a
vocabulary of V characters, targets (T, B) integers in [0, V).
"""
import numpy as np


def perplexity(logits, targets):
    """The model's perplexity on the targets: the exponential of the mean cross-entropy,
        perplexity = exp( (1/N) sum over t and b of -log softmax(logits[t, b])[targets[t, b]] ),
    with N = T*B. Uniform guessing over V characters scores V. It must not overflow for scores of
    size 1000. Returns a float.
    """
    ### BEGIN SOLUTION
    shifted = logits - logits.max(axis=-1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
    picked = np.take_along_axis(log_p, targets[..., None], axis=-1)
    return float(np.exp(-picked.mean()))
    ### END SOLUTION


def sample_with_temperature(logits, temperature, uniforms):
    """One token per row, drawn from p = softmax(logits / temperature) with the given uniform
    draws: row b takes the first token i whose cumulative probability p_0 + ... + p_i exceeds
    uniforms[b] (the inverse CDF). Temperature 0 means greedy: the largest score. It must not
    overflow when the temperature is tiny.

    logits: (B, V); temperature: a number >= 0; uniforms: (B,) in [0, 1).
    Returns (B,) integer tokens.
    """
    ### BEGIN SOLUTION
    if temperature == 0:
        return logits.argmax(axis=-1)
    scaled = logits / temperature
    p = np.exp(scaled - scaled.max(axis=-1, keepdims=True))
    p /= p.sum(axis=-1, keepdims=True)
    below = (np.cumsum(p, axis=-1) <= uniforms[:, None]).sum(axis=-1)
    return np.minimum(below, logits.shape[-1] - 1)
    ### END SOLUTION
