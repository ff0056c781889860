package inferlab.agent;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Okapi BM25 (Robertson and Zaragoza, 2009), the ranking function of classic search engines. A document d
 * scores for a query q
 * <pre>
 * score(q, d) = Σ_{t ∈ q} idf(t) · f(t, d) · (k1 + 1) / (f(t, d) + k1 · (1 − b + b · |d| / avgdl))
 * idf(t)      = ln(1 + (N − n(t) + 0.5) / (n(t) + 0.5))
 * </pre>
 * with f(t, d) the count of term t in d, |d| its length in terms, avgdl the mean length, N the number of
 * documents and n(t) how many contain t. The count saturates (a tenth "tariff" adds little) and long
 * documents are discounted by b. Query terms count once each; terms are lower-cased runs of letters and
 * digits.
 */
public final class Bm25 {
    private static final Pattern TERM = Pattern.compile("[\\p{L}\\p{N}]+");

    /** A ranked document: its index in the indexed list and its score. */
    public record Hit(int doc, double score) {}

    private final double k1, b;
    private final int[] lengths;
    private final double avgLength;
    /** term → (doc → count). */
    private final Map<String, Map<Integer, Integer>> postings = new HashMap<>();

    /** The usual parameters, k1 = 1.2 and b = 0.75. */
    public Bm25(List<String> documents) {
        this(documents, 1.2, 0.75);
    }

    public Bm25(List<String> documents, double k1, double b) {
        if (documents.isEmpty()) throw new IllegalArgumentException("nothing to index");
        if (!(k1 >= 0) || !(b >= 0 && b <= 1)) throw new IllegalArgumentException("need k1 >= 0 and 0 <= b <= 1, got " + k1 + ", " + b);
        this.k1 = k1;
        this.b = b;
        this.lengths = new int[documents.size()];
        long total = 0;
        for (int d = 0; d < documents.size(); d++) {
            List<String> terms = terms(documents.get(d));
            lengths[d] = terms.size();
            total += terms.size();
            for (String t : terms) postings.computeIfAbsent(t, k -> new HashMap<>()).merge(d, 1, Integer::sum);
        }
        this.avgLength = (double) total / documents.size();
    }

    public static List<String> terms(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = TERM.matcher(text.toLowerCase(Locale.ROOT));
        while (m.find()) out.add(m.group());
        return out;
    }

    /** idf(t); a term in no document gets the largest idf, ln(1 + (N + 0.5) / 0.5). */
    public double idf(String term) {
        int n = postings.getOrDefault(term, Map.of()).size();
        return Math.log(1 + (lengths.length - n + 0.5) / (n + 0.5));
    }

    /** score(q, d) for one document. */
    public double score(String query, int doc) {
        if (doc < 0 || doc >= lengths.length) throw new IllegalArgumentException("no document " + doc + " among " + lengths.length);
        double s = 0;
        for (String t : new LinkedHashSet<>(terms(query))) {
            Integer f = postings.getOrDefault(t, Map.of()).get(doc);
            if (f != null) s += idf(t) * saturation(f, doc);
        }
        return s;
    }

    /** f·(k1 + 1) / (f + k1·(1 − b + b·|d| / avgdl)): a term's weight grows with f but saturates, per length. */
    private double saturation(int f, int doc) {
        return f * (k1 + 1) / (f + k1 * (1 - b + b * lengths[doc] / avgLength));
    }

    /** The {@code k} best documents with a positive score, best first; ties go to the earlier document. */
    public List<Hit> search(String query, int k) {
        if (k < 0) throw new IllegalArgumentException("k must be >= 0, got " + k);
        Map<Integer, Double> scores = new HashMap<>();
        for (String t : new LinkedHashSet<>(terms(query))) {
            Map<Integer, Integer> post = postings.get(t);
            if (post == null) continue;
            double idf = idf(t);
            post.forEach((d, f) -> scores.merge(d, idf * saturation(f, d), Double::sum));
        }
        return scores.entrySet().stream()
                .map(e -> new Hit(e.getKey(), e.getValue()))
                .sorted(Comparator.comparingDouble(Hit::score).reversed().thenComparingInt(Hit::doc))
                .limit(k).toList();
    }
}
