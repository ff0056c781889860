package inferlab.decode;

/**
 * One step of reshaping next-token logits before a token is chosen, as Hugging Face's
 * {@code LogitsProcessor}/{@code LogitsWarper}: a pure function of the history and the logits.
 *
 * <p>Implementations never modify their inputs; a removed token gets logit −∞, so softmax gives it
 * probability 0.
 */
@FunctionalInterface
public interface LogitsProcessor {

    /** New logits for the next token, given every token so far ({@code history}: prompt and generated). */
    float[] apply(int[] history, float[] logits);
}
