package inferlab.task;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One yes/no, programmatically checkable instruction. {@code text} is the word or phrase the kind needs and
 * {@code min..max} its count bounds (unused fields are "" / 0).
 */
public record Requirement(Kind kind, String text, int min, int max) {
    public enum Kind { WORDS, INCLUDE, EXCLUDE, STARTS_WITH, ENDS_WITH, LOWERCASE, SENTENCES, BULLETS }

    public static Requirement words(int min, int max) { return new Requirement(Kind.WORDS, "", min, max); }
    public static Requirement include(String word) { return new Requirement(Kind.INCLUDE, word, 0, 0); }
    public static Requirement exclude(String word) { return new Requirement(Kind.EXCLUDE, word, 0, 0); }
    public static Requirement startsWith(String word) { return new Requirement(Kind.STARTS_WITH, word, 0, 0); }
    public static Requirement endsWith(String phrase) { return new Requirement(Kind.ENDS_WITH, phrase, 0, 0); }
    public static Requirement lowercase() { return new Requirement(Kind.LOWERCASE, "", 0, 0); }
    public static Requirement sentences(int n) { return new Requirement(Kind.SENTENCES, "", n, n); }
    public static Requirement bullets(int n) { return new Requirement(Kind.BULLETS, "", n, n); }

    /** How the requirement reads in a prompt. */
    public String describe() {
        return switch (kind) {
            case WORDS -> min + " to " + max + " words";
            case INCLUDE -> "use the word \"" + text + "\"";
            case EXCLUDE -> "do not use the word \"" + text + "\"";
            case STARTS_WITH -> "start with \"" + text + "\"";
            case ENDS_WITH -> "end with \"" + text + "\"";
            case LOWERCASE -> "all lowercase";
            case SENTENCES -> "exactly " + min + (min == 1 ? " sentence" : " sentences");
            case BULLETS -> "a list of " + min + " bullets starting with \"- \"";
        };
    }

    /** Whether {@code response} meets the requirement (words compared case-insensitively). */
    public boolean test(String response) {
        String r = response.strip();
        return switch (kind) {
            case WORDS -> {
                int n = Sentences.words(r).size();
                yield n >= min && n <= max;
            }
            case INCLUDE -> containsWord(r, text);
            case EXCLUDE -> !containsWord(r, text);
            case STARTS_WITH -> {
                var words = Sentences.words(r);
                yield !words.isEmpty() && bare(words.get(0)).equalsIgnoreCase(text);
            }
            case ENDS_WITH -> r.endsWith(text);
            case LOWERCASE -> r.chars().anyMatch(Character::isLetter) && r.equals(r.toLowerCase(Locale.ROOT));
            case SENTENCES -> Sentences.count(r) == min;
            case BULLETS -> r.lines().filter(l -> l.strip().startsWith("- ")).count() == min;
        };
    }

    private static boolean containsWord(String response, String word) {
        return Pattern.compile("\\b" + Pattern.quote(word) + "\\b", Pattern.CASE_INSENSITIVE).matcher(response).find();
    }

    /** A word without surrounding punctuation. */
    static String bare(String word) {
        return word.replaceAll("^[^\\p{L}\\p{N}]+|[^\\p{L}\\p{N}]+$", "");
    }
}
