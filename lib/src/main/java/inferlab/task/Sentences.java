package inferlab.task;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Clean sentences from corpus text, the raw material of the corpus-based tasks. */
public final class Sentences {
    private Sentences() {}

    /** A sentence: starts with a capital, ends with . ! or ?, has no other terminal mark inside. */
    private static final Pattern SENTENCE = Pattern.compile("[A-Z][^.!?]*[.!?](?=\\s|$)");
    /** Plain characters only, so word and sentence counts are unambiguous. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9 ,;'-]+[.!?]");

    /**
     * Sentences of {@code text} with {@code minWords..maxWords} words and only plain characters (letters,
     * digits, spaces, {@code , ; ' -}); abbreviations like "Mr." split a sentence and the fragments mostly
     * fail the filter, which is fine for task material.
     */
    public static List<String> of(String text, int minWords, int maxWords) {
        List<String> out = new ArrayList<>();
        Matcher m = SENTENCE.matcher(text);
        while (m.find()) {
            String s = m.group();
            int words = words(s).size();
            if (words >= minWords && words <= maxWords && PLAIN.matcher(s).matches()) out.add(s);
        }
        return out;
    }

    /** Whitespace-separated tokens that contain a letter or digit (bullet markers do not count). */
    public static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        for (String w : text.strip().split("\\s+")) {
            if (w.chars().anyMatch(Character::isLetterOrDigit)) out.add(w);
        }
        return out;
    }

    /** Number of sentences: maximal runs ending in . ! or ? (or the text's end) that contain a letter. */
    public static int count(String text) {
        int n = 0;
        for (String part : text.split("[.!?]+")) {
            if (part.chars().anyMatch(Character::isLetter)) n++;
        }
        return n;
    }
}
