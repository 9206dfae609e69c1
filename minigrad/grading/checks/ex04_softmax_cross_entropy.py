"""Checks for exercises/ex04_softmax_cross_entropy.py: softmax cross-entropy, forward and
backward, and its stability."""
from ... import functional as F
from ...tensor import Tensor
from ..exercise import Array, Case, Exercise, Mistake, Returns, Scalar, finite_everywhere
from .tools import sizes


def softmax_cross_entropy_cases(rng):
    rows, classes = sizes(rng, 2, low=3, high=8)
    cases = []
    for scale, what in ((1.0, "ordinary logits"), (1000.0, "huge logits (stability)")):
        logits = rng.normal(size=(rows, classes)) * scale
        targets = rng.integers(0, classes, size=rows)
        cases.append(Case((logits, targets), f"{what}, logits ({rows}, {classes}) times {scale:g}"))
    return cases


def softmax_cross_entropy(logits, targets):
    """minigrad's fused cross-entropy and its gradient."""
    scores = Tensor(logits, dtype="float64", requires_grad=True)
    loss = F.cross_entropy(scores, targets)
    loss.backward()
    return loss.item(), scores.grad


def gradient_not_averaged(logits, targets):
    loss, dlogits = softmax_cross_entropy(logits, targets)
    return loss, dlogits * len(targets)


def summed_loss(logits, targets):
    loss, dlogits = softmax_cross_entropy(logits, targets)
    return loss * len(targets), dlogits


EXERCISES = [
    Exercise(
        name="softmax_cross_entropy", file="ex04_softmax_cross_entropy.py", chapter="04",
        cases=softmax_cross_entropy_cases, reference=softmax_cross_entropy,
        answer=Returns(Scalar("the loss", "loss = mean over rows of -log softmax(logits)[row, target]"),
                       Array("dlogits", "dlogits = (softmax(logits) - one_hot(targets)) / N")),
        points=2,
        mistakes=(
            Mistake("the result contains inf or nan: subtract each row's maximum before "
                    "exponentiating, so that exp never overflows",
                    matches=lambda value, args: not finite_everywhere(value)),
            Mistake("dlogits is not divided by N: the loss is a mean over the batch, so each row's "
                    "gradient is (softmax - one_hot) / N", computes=gradient_not_averaged,
                    part="dlogits"),
            Mistake("the loss is summed over the batch: it is the mean over rows",
                    computes=summed_loss, part="the loss"),
        ),
        hints=(
            "Softmax is unchanged when a constant is subtracted from a row: subtract the row's "
            "maximum, so that the largest exponent is 0.",
            "log softmax(z) = z - max(z) - log(sum(exp(z - max(z)))): compute the "
            "log-probabilities directly, then pick each row's target with fancy indexing, "
            "[np.arange(N), targets].",
            "The gradient is softmax minus one at each row's target, all divided by N: p = "
            "np.exp(log_p); p[np.arange(N), targets] -= 1; return loss, p / N.",
        )),
]
