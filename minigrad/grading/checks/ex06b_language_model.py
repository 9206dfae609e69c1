"""Checks for exercises/ex06b_language_model.py: perplexity, and sampling with a temperature from
given uniform draws (so that every honest sampler draws the same tokens)."""
import numpy as np

from ... import functional as F
from ...tensor import Tensor
from ..exercise import Array, Case, Exercise, Mistake, Scalar, finite_everywhere
from .tools import sizes


def perplexity_cases(rng):
    steps, batch, vocabulary = sizes(rng, 3, low=3, high=9)
    cases = []
    for offset, what in ((0.0, "ordinary scores"), (1000.0, "scores near 1000 (stability)")):
        logits = rng.normal(size=(steps, batch, vocabulary)) * 1.5 + offset
        targets = rng.integers(0, vocabulary, size=(steps, batch))
        cases.append(Case((logits, targets), f"{what}: {steps} steps, batch {batch}, "
                                             f"vocabulary {vocabulary}"))
    return cases


def mean_cross_entropy(logits, targets, reduction="mean"):
    return F.cross_entropy(Tensor(logits, dtype="float64"), targets, reduction=reduction).item()


def perplexity(logits, targets):
    return float(np.exp(mean_cross_entropy(logits, targets)))


def mean_of_perplexities(logits, targets):
    shifted = logits - logits.max(axis=-1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
    picked = np.take_along_axis(log_p, targets[..., None], axis=-1)
    return float(np.mean(np.exp(-picked)))


def sampling_cases(rng):
    batch, vocabulary = int(rng.integers(8, 13)), int(rng.integers(3, 8))
    cases = []
    for temperature, scale, what in ((float(rng.uniform(0.2, 0.5)), 1.5, "a temperature below 1"),
                                     (float(rng.uniform(1.5, 3.0)), 1.5, "a temperature above 1"),
                                     (1.0, 1.5, "temperature 1"),
                                     (0.0, 1.5, "temperature 0 (greedy: the largest score)"),
                                     (0.004, 5.0, "temperature 0.004 (exp would overflow without "
                                                  "the max shift)")):
        while True:     # draws on which the known mistakes give answers of their own
            args = (rng.normal(size=(batch, vocabulary)) * scale, temperature, rng.random(batch))
            answers = [sample_with_temperature(*args, scale=s) for s in (None, lambda t: 1 / t,
                                                                         lambda t: 1.0)]
            if cases or not any(np.array_equal(a, b) for k, a in enumerate(answers)
                                for b in answers[k + 1:]):
                break
        cases.append(Case(args, f"{what}, {batch} rows of {vocabulary} scores"))
    return cases


def softmax_with_temperature(logits, temperature):
    scaled = logits / temperature
    weights = np.exp(scaled - scaled.max(axis=-1, keepdims=True))
    return weights / weights.sum(axis=-1, keepdims=True)


def inverse_cdf(p, uniforms):
    """The first token whose cumulative probability exceeds the draw."""
    return np.minimum((p.cumsum(axis=-1) <= uniforms[:, None]).sum(axis=-1), p.shape[-1] - 1)


def sample_with_temperature(logits, temperature, uniforms, scale=None):
    if temperature == 0:
        return logits.argmax(axis=-1)
    effective = temperature if scale is None else scale(temperature)
    return inverse_cdf(softmax_with_temperature(logits, effective), uniforms)


EXERCISES = [
    Exercise(
        name="perplexity", file="ex06b_language_model.py", chapter="06b",
        cases=perplexity_cases, reference=perplexity,
        answer=Scalar("the perplexity", "perplexity = exp(mean over t and batch of "
                                        "-log softmax(logits)[target])"),
        points=1, keeps_inputs=True,
        mistakes=(
            Mistake("the perplexity is inf or nan: compute log softmax with each row's largest "
                    "score subtracted first, so that exp never overflows",
                    matches=lambda value, args: not finite_everywhere(value)),
            Mistake("this is the mean of the per-character perplexities exp(-log p): the "
                    "perplexity is the exponential of the mean cross-entropy, exp(mean(-log p))",
                    computes=mean_of_perplexities),
            Mistake("this is the exponential of the summed cross-entropy: average over the T*B "
                    "predictions first", computes=lambda logits, targets: float(np.exp(
                        mean_cross_entropy(logits, targets, reduction="sum")))),
            Mistake("returned the mean cross-entropy (nats per character): the perplexity is its "
                    "exponential", computes=mean_cross_entropy),
        ),
        hints=(
            "A model that spreads its probability evenly over k symbols has perplexity k: exp(log "
            "k). The perplexity is exp of the mean cross-entropy.",
            "log softmax(z) = z - max(z) - log(sum(exp(z - max(z)))), along the last axis: it "
            "never overflows, even for scores of 1000.",
            "Pick each target's log-probability with np.take_along_axis(log_p, targets[..., None],"
            " axis=-1); the perplexity is np.exp(-(that).mean()).",
        )),
    Exercise(
        name="sample_with_temperature", file="ex06b_language_model.py", chapter="06b",
        cases=sampling_cases, reference=sample_with_temperature,
        answer=Array("the tokens", "token b = the first i with p_0 + ... + p_i > uniforms[b], "
                                   "p = softmax(logits[b] / temperature); the argmax at "
                                   "temperature 0", rtol=0, atol=0),
        points=1, keeps_inputs=True,
        mistakes=(
            Mistake("the scores were multiplied by the temperature: divide them, "
                    "p = softmax(z / temperature), so that a temperature below 1 sharpens",
                    computes=lambda z, t, u: sample_with_temperature(z, t, u, lambda t: 1 / t)),
            Mistake("the temperature was ignored: p = softmax(z / temperature)",
                    computes=lambda z, t, u: sample_with_temperature(z, t, u, lambda t: 1.0)),
            Mistake("each token is one too low: take the first token whose cumulative probability "
                    "exceeds the draw (with p = [0.5, 0.5], u = 0.7 gives token 1)",
                    computes=lambda z, t, u: sample_with_temperature(z, t, u) - (t != 0)),
        ),
        hints=(
            "Divide the scores by the temperature, then take the softmax (subtracting the row's "
            "largest value first). Temperature 0 means greedy: the argmax.",
            "Sampling by the inverse CDF: lay the probabilities end to end on [0, 1); the draw u "
            "falls inside one token's stretch, the first whose cumulative sum exceeds u.",
            "np.cumsum(p, axis=-1) <= u[:, None] is True for the tokens before the chosen one: "
            "count them along the last axis (and keep the count below V, for rounding).",
        )),
]
