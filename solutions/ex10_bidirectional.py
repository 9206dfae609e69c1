"""Exercise set 10: a bidirectional RNN wrapper (chapter 10)."""
import numpy as np


def bidirectional(xs, forward_step, backward_step, h0_forward, h0_backward):
    """A bidirectional layer around two recurrent cells: one reads xs from the first step to the
    last, starting from h0_forward; the other from the last step to the first, starting from
    h0_backward. At every step t the two states that describe x_t sit side by side:
        out[t] = [forward state after reading x_0..x_t,  backward state after x_(T-1)..x_t].

    xs: (T, B, I); forward_step(x_t, h) and backward_step(x_t, h) each return the cell's next
    state, (B, H_f) and (B, H_b). Returns out, (T, B, H_f + H_b).
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
