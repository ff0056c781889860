package inferlab.task;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Degeneration statistics for generated text (HW2's decoder comparisons). Tokens are any list: words from
 * {@link #words}, or token ids.
 * <ul>
 * <li>distinct-n (Li et al., 2016) = |unique n-grams| / |n-grams|; over a set of texts the counts are
 * pooled, so repeating the same phrase across samples also lowers it.</li>
 * <li>repetition rate (Welleck et al., 2019, "rep/ℓ") = fraction of tokens that already occur among the
 * ℓ tokens before them.</li>
 * </ul>
 */
public final class TextStats {
    private TextStats() {}

    /** Lower-cased words: runs of letters, digits and apostrophes. */
    public static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}']+")) if (!w.isEmpty()) out.add(w);
        return out;
    }

    /** distinct-n of one text; 0 when it has no n-gram. */
    public static double distinct(List<?> tokens, int n) {
        return distinctPooled(List.of(tokens), n);
    }

    /** distinct-n pooled over several texts (n-grams never span two texts). */
    public static double distinctPooled(Collection<? extends List<?>> texts, int n) {
        if (n < 1) throw new IllegalArgumentException("n must be >= 1");
        Set<List<?>> unique = new HashSet<>();
        long total = 0;
        for (List<?> t : texts) {
            for (int i = 0; i + n <= t.size(); i++) {
                unique.add(List.copyOf(t.subList(i, i + n)));
                total++;
            }
        }
        return total == 0 ? 0 : (double) unique.size() / total;
    }

    public static double distinct(int[] ids, int n) {
        return distinct(boxed(ids), n);
    }

    /** rep/ℓ: fraction of positions i ≥ 1 whose token occurs in tokens[max(0, i−ℓ), i); 0 for ≤ 1 token. */
    public static double repetitionRate(List<?> tokens, int window) {
        if (window < 1) throw new IllegalArgumentException("window must be >= 1");
        if (tokens.size() < 2) return 0;
        int repeats = 0;
        for (int i = 1; i < tokens.size(); i++) {
            if (tokens.subList(Math.max(0, i - window), i).contains(tokens.get(i))) repeats++;
        }
        return (double) repeats / (tokens.size() - 1);
    }

    public static double repetitionRate(int[] ids, int window) {
        return repetitionRate(boxed(ids), window);
    }

    private static List<Integer> boxed(int[] ids) {
        List<Integer> out = new ArrayList<>(ids.length);
        for (int id : ids) out.add(id);
        return out;
    }
}
