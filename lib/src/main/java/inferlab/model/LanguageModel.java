package inferlab.model;

import java.util.List;
import java.util.Optional;

/**
 * An autoregressive language model: p(x_1..x_T) = prod_t p(x_t | x_{<t}).
 *
 * <p>Everything that runs a model incrementally goes through {@link Session}, so every decoder works on
 * every model and every cache.
 */
public interface LanguageModel extends AutoCloseable {

    /** Size V of the vocabulary; logits rows have this length. */
    int vocabSize();

    /** The tokenizer, where the model has one. */
    Optional<Tokenizer> tokenizer();

    /** End-of-sequence token id, or -1 when the model has none. */
    int eosTokenId();

    /** Every token that ends generation (Hugging Face's {@code eos_token_id} list); by default {@link #eosTokenId()}. */
    default int[] eosTokenIds() {
        return eosTokenId() < 0 ? new int[0] : new int[] {eosTokenId()};
    }

    /**
     * The longest sequence, prompt and generated tokens together, the model takes: a transformer's learned or
     * trained positions. Unbounded ({@link Integer#MAX_VALUE}) by default, for models without positions, such as
     * n-gram models, whose context is a fixed window that slides.
     */
    default int contextLength() {
        return Integer.MAX_VALUE;
    }

    /** A new, empty session (its cache holds nothing yet). */
    Session newSession();

    /**
     * Teacher-forced log-probabilities: element t-1 is log p(tokens[t] | tokens[<t]) for t = 1..T-1.
     * The first token is the context and is not scored.
     */
    default float[] score(int[] tokens) {
        if (tokens.length < 2) {
            throw new IllegalArgumentException("scoring needs at least two tokens, got " + tokens.length);
        }
        try (Session s = newSession()) {
            float[][] logits = s.append(tokens);
            float[] out = new float[tokens.length - 1];
            for (int t = 1; t < tokens.length; t++) {
                out[t - 1] = inferlab.prob.Softmax.logSoftmax(logits[t - 1], tokens[t]);
            }
            return out;
        }
    }

    /**
     * Advances several sessions of this model by one token each, as one batch where the implementation can,
     * and returns the next-token logits of each. Beam search and best-of-N use this for their step.
     */
    default float[][] appendBatch(List<? extends Session> sessions, int[] tokens) {
        if (sessions.size() != tokens.length) {
            throw new IllegalArgumentException(sessions.size() + " sessions but " + tokens.length + " tokens");
        }
        float[][] out = new float[tokens.length][];
        for (int i = 0; i < tokens.length; i++) {
            out[i] = sessions.get(i).append(tokens[i])[0];
        }
        return out;
    }

    /** The model's own decoding settings; {@link GenerationConfig#DEFAULTS} unless its files say otherwise. */
    default GenerationConfig generationConfig() {
        return GenerationConfig.DEFAULTS;
    }

    @Override
    default void close() {}
}
