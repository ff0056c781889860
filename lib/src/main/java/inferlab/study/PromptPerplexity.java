package inferlab.study;

import inferlab.decode.Generation;
import inferlab.decode.Greedy;
import inferlab.model.LanguageModel;
import inferlab.model.Tokenizer;
import java.util.Arrays;

/**
 * How perplexed a model is by its own greedy continuation of a prompt (the course's "How perplexed can you get?"):
 * the continuation x_1..x_T (up to EOS or the token budget), each token's perplexity 1/p(x_t | x_&lt;t) and the
 * sequence's exp(-1/T sum_t log p(x_t | x_&lt;t)). The mean of per-token perplexities is at least the sequence
 * perplexity (Jensen: the mean of exp is at least exp of the mean), and a few surprising tokens pull it far up,
 * which is why the two can rank prompts differently; the median shows the typical token.
 *
 * @param expected the experimenter's guess before running ("low" or "high"), kept beside the measurement
 */
public record PromptPerplexity(String prompt, String expected, String continuation, int tokens,
                               double meanTokenPerplexity, double medianTokenPerplexity, double sequencePerplexity) {

    /**
     * Greedy decoding of {@code prompt} for at most {@code maxNewTokens} tokens or until EOS, then the three
     * figures. The empty prompt starts from the end-of-text token, the boundary the model saw between documents.
     */
    public static PromptPerplexity greedy(LanguageModel model, Tokenizer tokenizer, String prompt, String expected,
                                          int maxNewTokens) {
        Generation.Result r = Generation.of(maxNewTokens).withEos(model.eosTokenId()).withTokenizer(tokenizer)
                .run(model, prompt.isEmpty() ? new int[] {model.eosTokenId()} : tokenizer.encode(prompt), new Greedy());
        double[] perToken = new double[r.logProbs().length];
        double sum = 0;
        for (int t = 0; t < perToken.length; t++) {
            perToken[t] = Math.exp(-r.logProbs()[t]);
            sum += r.logProbs()[t];
        }
        double[] sorted = perToken.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return new PromptPerplexity(prompt, expected, r.text(), n, Arrays.stream(perToken).average().orElseThrow(),
                median, Math.exp(-sum / n));
    }
}
