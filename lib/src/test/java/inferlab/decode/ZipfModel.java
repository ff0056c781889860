package inferlab.decode;

import inferlab.model.LanguageModel;
import inferlab.model.Session;
import inferlab.model.Tokenizer;
import java.util.Arrays;
import java.util.Optional;

/**
 * A language model with a known next-token distribution, for testing samplers: after token t the logits are
 * z_i = −s(t) · ln(r_t(i)), a Zipf law with exponent s(t) ∈ [1.0, 1.5) over ranks r_t(i) = ((i + 31 t) mod V) + 1.
 */
final class ZipfModel implements LanguageModel {
    private final int vocab;

    ZipfModel(int vocab) {
        this.vocab = vocab;
    }

    static double exponent(int token) {
        return 1.0 + 0.5 * ((token * 2654435761L & 0xffff) / 65536.0);
    }

    float[] logits(int token) {
        float[] z = new float[vocab];
        double s = exponent(token);
        for (int i = 0; i < vocab; i++) z[i] = (float) (-s * Math.log(((i + 31L * token) % vocab) + 1));
        return z;
    }

    @Override
    public int vocabSize() {
        return vocab;
    }

    @Override
    public Optional<Tokenizer> tokenizer() {
        return Optional.empty();
    }

    @Override
    public int eosTokenId() {
        return -1;
    }

    @Override
    public Session newSession() {
        return new ZipfSession(new int[0]);
    }

    private final class ZipfSession implements Session {
        private int[] tokens;

        ZipfSession(int[] tokens) {
            this.tokens = tokens;
        }

        @Override
        public int length() {
            return tokens.length;
        }

        @Override
        public int[] tokens() {
            return tokens.clone();
        }

        @Override
        public float[][] append(int... ids) {
            float[][] out = new float[ids.length][];
            for (int i = 0; i < ids.length; i++) out[i] = logits(ids[i]);
            int n = tokens.length;
            tokens = Arrays.copyOf(tokens, n + ids.length);
            System.arraycopy(ids, 0, tokens, n, ids.length);
            return out;
        }

        @Override
        public Session fork() {
            return new ZipfSession(tokens.clone());
        }

        @Override
        public void truncate(int length) {
            tokens = Arrays.copyOf(tokens, length);
        }

        @Override
        public void close() {}
    }
}
