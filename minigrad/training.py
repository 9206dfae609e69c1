"""A training loop with a progress bar: the part of every experiment that is always the same."""
from tqdm.auto import tqdm


def fit(step, steps, description="training", every=10):
    """Call step() `steps` times; step() runs one update and returns the loss: a number, or the
    loss tensor itself (one element). Shows a progress bar with the running mean of the last
    `every` losses; returns all losses as floats."""
    losses = []
    bar = tqdm(range(steps), desc=description, leave=False)
    for _ in bar:
        losses.append(_loss_value(step()))
        if len(losses) % every == 0:
            bar.set_postfix(loss=f"{sum(losses[-every:]) / every:.4f}")
    return losses


def _loss_value(loss):
    """The loss as a float; holding on to a tensor would keep its whole graph alive."""
    try:
        return float(loss)
    except (TypeError, ValueError):
        raise TypeError(f"fit: step() must return the loss, one number (a float, or a tensor "
                        f"with one element), got {loss!r:.80}. End it with `return loss.item()` "
                        f"or `return loss`; reduce a loss of many numbers with .mean().") from None
