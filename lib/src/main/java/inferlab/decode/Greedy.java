package inferlab.decode;

import inferlab.prob.TopK;

/** Greedy decoding: x_t = argmax_i z_i, the first index on ties (as {@code torch.argmax}). */
public final class Greedy implements Decoder {

    @Override
    public int next(int[] history, float[] logits) {
        return TopK.argmax(logits);
    }
}
