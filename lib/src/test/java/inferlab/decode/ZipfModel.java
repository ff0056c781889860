package inferlab.decode;

import inferlab.model.LanguageModel;
import inferlab.model.Session;
import inferlab.model.Tokenizer;
import java.util.Optional;

/**
 * A language model with a known next-token distribution, for testing samplers: after token t the logits are
 * z_i = −s(t) · ln(r_t(i)), a Zipf law with exponent s(t) ∈ [1.0, 1.5) over ranks r_t(i) = ((i + 31 t) mod V) + 1.
 */
public final class ZipfModel implements LanguageModel {
    private final int vocab;

    public ZipfModel(int vocab) {
        this.vocab = vocab;
    }

    public static double exponent(int token) {
        return 1.0 + 0.5 * ((token * 2654435761L & 0xffff) / 65536.0);
    }

    public float[] logits(int token) {
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
        return new inferlab.model.HistorySession((history, length) -> logits(history[length - 1]), vocab);
    }
}
