package inferlab.speculative;

import inferlab.model.LanguageModel;
import inferlab.model.Session;
import inferlab.model.Tokenizer;

import java.util.Optional;
import java.util.Random;

/** A first-order Markov chain as a language model: the logits after token a are row a of a table. */
final class MarkovModel implements LanguageModel {
    final float[][] logits;

    MarkovModel(float[][] logits) {
        this.logits = logits;
    }

    /** Random logits of spread {@code scale}; with {@code unigram} every row is the same (no context effect). */
    static MarkovModel random(int vocab, double scale, boolean unigram, long seed) {
        Random r = new Random(seed);
        float[][] t = new float[vocab][vocab];
        for (int a = 0; a < vocab; a++) {
            for (int b = 0; b < vocab; b++) t[a][b] = unigram && a > 0 ? t[0][b] : (float) (scale * r.nextGaussian());
        }
        return new MarkovModel(t);
    }

    /** p(next = b | previous = a) at temperature 1. */
    double p(int a, int b) {
        return Sampling.probabilities(logits[a], 1)[b];
    }

    @Override
    public int vocabSize() {
        return logits.length;
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
        return new inferlab.model.HistorySession((history, length) -> logits[history[length - 1]].clone(), logits.length);
    }
}
