"""A training loop with a progress bar: the part of every experiment that is always the same."""
from tqdm.auto import tqdm


def fit(step, steps, description="training", every=10):
    """Call step() `steps` times; step() runs one update and returns the loss (a float).
    Shows a progress bar with the running mean of the last `every` losses; returns all losses."""
    losses = []
    bar = tqdm(range(steps), desc=description, leave=False)
    for _ in bar:
        losses.append(float(step()))
        if len(losses) % every == 0:
            bar.set_postfix(loss=f"{sum(losses[-every:]) / every:.4f}")
    return losses
