package inferlab.hardware;

/**
 * Parameters of a transformer by component.
 *
 * @param embedding  token embedding V x d
 * @param positions  learned position table (0 with rotary positions)
 * @param attention  all layers' Q, K, V, O projections and their biases
 * @param mlp        all layers' MLP matrices and their biases
 * @param norms      the 2L block norms and the final norm
 * @param lmHead     the output matrix V x d (0 when tied to the embedding)
 */
public record ParameterCount(long embedding, long positions, long attention, long mlp, long norms, long lmHead) {

    public long total() {
        return embedding + positions + attention + mlp + norms + lmHead;
    }

    /** Parameters outside the embedding and position tables (Kaplan et al.'s N). */
    public long nonEmbedding() {
        return attention + mlp + norms + lmHead;
    }
}
