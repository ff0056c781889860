package inferlab.task;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Open-ended continuation: a passage of about 30 words of running corpus text (starting at a sentence start
 * and, when possible, ending at a sentence end within 25–45 words) and the true next 40 words as reference.
 * <pre>
 * Q: Continue: The progress of public credit is witnessed by ...
 * A: and the revenues allotted for this ...
 * </pre>
 * Meta {@code prefix} is the passage alone, for feeding a plain language model. There is no single right
 * answer, so the score is not binary: it is distinct-2 of the output's words ({@link TextStats}), a measure
 * of degeneration, with distinct-1/2/3, rep/16 and unigram overlap with the reference in the reason.
 */
public final class Continuation implements Task {
    public static final String NAME = "continuation";
    private static final int MIN_PREFIX = 25, MAX_PREFIX = 45, REFERENCE_WORDS = 40;

    /** All words of the text in order, and for each whether a document (corpus line) starts there. */
    private final String[] words;
    private final boolean[] docStart;

    /** @param corpusText text to cut passages from (a corpus split, one document per line); "" grades only */
    public Continuation(String corpusText) {
        List<String> all = new ArrayList<>();
        List<Integer> starts = new ArrayList<>();
        for (String doc : corpusText.split("\n")) {
            if (doc.isBlank()) continue;
            starts.add(all.size());
            all.addAll(List.of(doc.strip().split("\\s+")));
        }
        words = all.toArray(String[]::new);
        docStart = new boolean[words.length + 1];
        for (int s : starts) docStart[s] = true;
        docStart[words.length] = true;
    }

    @Override
    public String name() {
        return NAME;
    }

    private boolean sentenceStart(int i) {
        return Character.isUpperCase(words[i].charAt(0)) && (docStart[i] || words[i - 1].matches(".*[.!?][\"')]*"));
    }

    /** True if words [from, to) lie in one document. */
    private boolean oneDocument(int from, int to) {
        for (int i = from + 1; i < to; i++) if (docStart[i]) return false;
        return to <= words.length;
    }

    @Override
    public List<Item> generate(int n, RandomGenerator rng) {
        if (words.length < 1000) throw new IllegalStateException("corpus text too short for continuation passages");
        List<Item> items = new ArrayList<>(n);
        while (items.size() < n) {
            int i = rng.nextInt(words.length - MAX_PREFIX - REFERENCE_WORDS);
            while (i < words.length && !sentenceStart(i)) i++;
            int end = i + 30;
            for (int j = i + MIN_PREFIX; j <= i + MAX_PREFIX; j++) {
                if (words[j - 1].matches(".*[.!?][\"')]*")) { end = j; break; }
            }
            if (!oneDocument(i, end + REFERENCE_WORDS)) continue;
            String prefix = String.join(" ", Arrays.asList(words).subList(i, end));
            String reference = String.join(" ", Arrays.asList(words).subList(end, end + REFERENCE_WORDS));
            JsonObject meta = new JsonObject();
            meta.addProperty("prefix", prefix);
            items.add(new Item(NAME + "-" + items.size(), NAME, "Q: Continue: " + prefix + "\nA:", reference, meta));
        }
        return items;
    }
    /** The continuation up to a line starting with {@code "Q:"}, stripped; never null. */
    @Override
    public String parse(String output) {
        return Instructions.response(output);
    }

    @Override
    public Score check(Item item, String output) {
        List<String> words = TextStats.words(parse(output));
        List<String> ref = TextStats.words(item.answer());
        long overlap = words.stream().distinct().filter(ref::contains).count();
        String reason = String.format("distinct-1/2/3 %.2f/%.2f/%.2f, rep/16 %.2f, %d reference words reused",
                TextStats.distinct(words, 1), TextStats.distinct(words, 2), TextStats.distinct(words, 3),
                TextStats.repetitionRate(words, 16), overlap);
        return new Score(TextStats.distinct(words, 2), reason);
    }
}
