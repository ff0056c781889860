package inferlab.rerank;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sentence BLEU (Papineni et al., 2002) of a hypothesis against one reference. Tokens are runs of letters and
 * digits and single punctuation marks (as sacreBLEU's 13a tokenizer splits punctuation off words), so
 * {@code [[0,1,6]]} is nine tokens, not one:
 * <pre>
 *   BLEU = BP · exp( (1/4) sum_{n=1}^{4} log p_n ),   BP = min(1, exp(1 − r/c)),
 *   p_1 = m_1 / l_1,   p_n = (m_n + 1) / (l_n + 1) for n = 2..4,
 * </pre>
 * where m_n counts the hypothesis' n-grams matched in the reference (each clipped to its count there), l_n is
 * the number of hypothesis n-grams, c and r the hypothesis and reference lengths. The add-one on n ≥ 2 is
 * Lin and Och's (2004) smoothing: one missing 4-gram no longer zeroes a short sentence's score. No unigram
 * match, or an empty hypothesis, gives 0.
 */
public final class Bleu implements MbrReranker.Utility {

    public static final int MAX_ORDER = 4;

    @Override
    public double utility(String hypothesis, String reference) {
        return score(hypothesis, reference);
    }

    public static double score(String hypothesis, String reference) {
        List<String> hyp = tokens(hypothesis), ref = tokens(reference);
        if (hyp.isEmpty()) return 0;
        double logSum = 0;
        for (int n = 1; n <= MAX_ORDER; n++) {
            Map<List<String>, Integer> refCounts = ngrams(ref, n);
            int matched = 0, total = 0;
            for (Map.Entry<List<String>, Integer> e : ngrams(hyp, n).entrySet()) {
                matched += Math.min(e.getValue(), refCounts.getOrDefault(e.getKey(), 0));
                total += e.getValue();
            }
            if (n == 1 && matched == 0) return 0;
            logSum += n == 1 ? Math.log((double) matched / total) : Math.log((matched + 1.0) / (total + 1.0));
        }
        double bp = Math.min(1, Math.exp(1 - (double) ref.size() / hyp.size()));
        return bp * Math.exp(logSum / MAX_ORDER);
    }

    private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}_]+|[^\\p{L}\\p{N}_\\s]");

    static List<String> tokens(String s) {
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(s);
        while (m.find()) out.add(m.group());
        return out;
    }

    private static Map<List<String>, Integer> ngrams(List<String> words, int n) {
        Map<List<String>, Integer> counts = new HashMap<>();
        for (int i = 0; i + n <= words.size(); i++) counts.merge(words.subList(i, i + n), 1, Integer::sum);
        return counts;
    }
}
