package inferlab.system;

import inferlab.model.LanguageModel;
import inferlab.model.Session;
import inferlab.model.Tokenizer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A byte-level test model that continues a fixed script: the next byte is the one that follows the longest
 * suffix of the context found in the script. Digits in the script get a rival: every other digit has
 * logit {@code sharpness - digitGap}, so sampling sometimes writes a wrong digit (a noisy solver), while
 * greedy decoding always follows the script.
 */
public final class ScriptModel implements LanguageModel {
    static final int EOS = 256;
    private final byte[] script;
    private final float sharpness;
    private final float digitGap;

    public ScriptModel(String script, float sharpness, float digitGap) {
        this.script = script.getBytes(StandardCharsets.UTF_8);
        this.sharpness = sharpness;
        this.digitGap = digitGap;
    }

    @Override
    public int vocabSize() {
        return 257;
    }

    @Override
    public Optional<Tokenizer> tokenizer() {
        return Optional.of(new Tokenizer() {
            @Override
            public int[] encode(String text) {
                byte[] b = text.getBytes(StandardCharsets.UTF_8);
                int[] ids = new int[b.length];
                for (int i = 0; i < b.length; i++) ids[i] = b[i] & 0xff;
                return ids;
            }

            @Override
            public String decode(int[] ids) {
                byte[] b = new byte[ids.length];
                for (int i = 0; i < ids.length; i++) b[i] = (byte) ids[i];
                return new String(b, StandardCharsets.UTF_8);
            }

            @Override
            public int vocabSize() {
                return 257;
            }
        });
    }

    @Override
    public int eosTokenId() {
        return EOS;
    }

    @Override
    public Session newSession() {
        return new inferlab.model.HistorySession(this::next, 257);
    }

    /** Logits after the given context. */
    float[] next(int[] context, int length) {
        int bestEnd = -1, bestLen = -1;
        for (int end = 0; end <= script.length; end++) {
            int len = 0;
            while (len < length && len < end && (script[end - 1 - len] & 0xff) == context[length - 1 - len]) len++;
            if (len > bestLen) {
                bestLen = len;
                bestEnd = end;
            }
        }
        float[] logits = new float[257];
        int target = bestEnd < script.length ? script[bestEnd] & 0xff : EOS;
        logits[target] = sharpness;
        if (target >= '0' && target <= '9') {
            for (int d = '0'; d <= '9'; d++) if (d != target) logits[d] = sharpness - digitGap;
        }
        return logits;
    }
}
