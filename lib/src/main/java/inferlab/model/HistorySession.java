package inferlab.model;

import java.util.Arrays;

/**
 * The session of a model whose next-token logits are a function of the token history alone (n-gram models,
 * small test models): the session is just its tokens, forking copies them and truncating drops them.
 */
public final class HistorySession implements Session {

    /** Next-token logits after {@code history[0..length)}; the array may be longer than {@code length}. */
    @FunctionalInterface
    public interface NextLogits {
        float[] after(int[] history, int length);
    }

    private final NextLogits next;
    private final int vocabSize;
    private int[] tokens;
    private int length;

    public HistorySession(NextLogits next, int vocabSize) {
        this(next, vocabSize, new int[0]);
    }

    private HistorySession(NextLogits next, int vocabSize, int[] prefix) {
        this.next = next;
        this.vocabSize = vocabSize;
        this.tokens = Arrays.copyOf(prefix, Math.max(16, prefix.length));
        this.length = prefix.length;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public int[] tokens() {
        return Arrays.copyOf(tokens, length);
    }

    @Override
    public float[][] append(int... ids) {
        float[][] out = new float[ids.length][];
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= vocabSize) throw new IllegalArgumentException("token " + ids[i] + " outside the vocabulary [0, " + vocabSize + ")");
            if (length == tokens.length) tokens = Arrays.copyOf(tokens, 2 * length);
            tokens[length++] = ids[i];
            out[i] = next.after(tokens, length);
        }
        return out;
    }

    @Override
    public Session fork() {
        return new HistorySession(next, vocabSize, tokens());
    }

    @Override
    public void truncate(int newLength) {
        if (newLength < 0 || newLength > length) throw new IllegalArgumentException("cannot truncate " + length + " tokens to " + newLength);
        length = newLength;
    }

    @Override
    public void close() {}
}
