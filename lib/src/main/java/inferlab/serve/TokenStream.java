package inferlab.serve;

import java.util.List;
import java.util.Map;

/**
 * Where a served {@link Job}'s output goes as it is generated. Calls for one job come from one thread at a time
 * and must not block: they run on the engine's scheduler. After {@link #onComplete} or {@link #onError} nothing
 * more is called.
 */
public interface TokenStream {

    /** One token of a choice, with its log-probability (null for an echoed first prompt token) and top alternatives. */
    record Token(String text, Double logprob, Map<String, Double> top) {}

    /**
     * New text of a choice and the tokens behind it. The tokens are listed only where log-probabilities were asked;
     * text can lag its tokens (an unfinished UTF-8 character or a possible stop string is held back).
     */
    record Delta(String text, List<Token> tokens) {}

    void onDelta(int choice, Delta delta);

    /** Choice {@code choice} ended: "stop" (end of sequence or a stop string) or "length". */
    void onFinish(int choice, String reason);

    /** Every choice has finished; token counts for the usage report (prompt tokens count once per prompt). */
    void onComplete(int promptTokens, int completionTokens);

    /** The job failed; its other choices are cancelled. */
    void onError(RuntimeException e);
}
