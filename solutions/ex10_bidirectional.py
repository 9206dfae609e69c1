"""Exercise set 10: a bidirectional RNN wrapper (chapter 10)."""
import numpy as np


def bidirectional(xs, forward_step, backward_step, h0_forward, h0_backward):
    """Run two recurrent cells over xs (T, B, I), one from the first step to the last and one
    from the last to the first, and return their states concatenated per step: (T, B, 2H), where
    out[t] = [forward state after reading x_0..x_t,  backward state after reading x_{T-1}..x_t].

    forward_step(x_t, h) and backward_step(x_t, h) each return the next state (B, H).
    Hint: collect the backward states, then put them back in time order before concatenating.
    """
    ### BEGIN SOLUTION
    forward, h = [], h0_forward
    for x in xs:
        h = forward_step(x, h)
        forward.append(h)
    backward, h = [], h0_backward
    for x in xs[::-1]:
        h = backward_step(x, h)
        backward.append(h)
    return np.concatenate([np.stack(forward), np.stack(backward[::-1])], axis=-1)
    ### END SOLUTION
