package inferlab.decode;

/**
 * Chooses the next token of one sequence from the model's next-token logits. {@link Generation} runs the
 * loop around it; greedy, sampling and Mirostat differ only here. A decoder may keep state across the steps
 * of one generation (Mirostat does): use a fresh one per sequence.
 */
@FunctionalInterface
public interface Decoder {

    /** The next token, given the tokens so far (prompt and generated) and the model's logits for it. */
    int next(int[] history, float[] logits);

    /** This decoder choosing from logits first reshaped by {@code processor} (e.g. a constraint). */
    default Decoder after(LogitsProcessor processor) {
        return (history, logits) -> next(history, processor.apply(history, logits));
    }
}
