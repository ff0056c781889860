package inferlab.task;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Four-option multiple choice, offline: cloze questions from corpus sentences. One content word is blanked
 * and three distractors come from the same rough word class (same suffix family: -ly, -ing, -ed,
 * -tion/-ment/-ness/-ity, plural -s, other), drawn from words seen at least 3 times in the same text.
 * <pre>
 * Q: Fill in the blank: The ___ of the public debt is a duty.
 * (A) payment (B) treaty (C) harbor (D) settlement
 * A: payment, so the answer is (A).
 * </pre>
 * The gold answer names the chosen option before its letter: choosing the word that fits is what a language
 * model does well, and the letter then only has to be looked up in the prompt. Graded as the course grades it
 * ({@link CourseChoice}): {@code The answer is (B)}, {@code The answer is \boxed{B}}, {@code Answer: $B$} and
 * the other forms its grader reads as the letter score 1, anything else 0. {@link #parseLetter} is a more
 * lenient reader for systems that vote on letters. {@link #loadCourse} converts the course's real MMLU-style
 * data (CSV or JSONL) into the same format when a student has it locally.
 */
public final class MultipleChoice implements Task {
    public static final String NAME = "multiple-choice";
    public static final String LETTERS = "ABCD";
    private static final Pattern ANSWER_IS = Pattern.compile("answer is\\s*:?\\s*\\(?([A-D])\\b");
    private static final Pattern PAREN = Pattern.compile("\\(([A-D])\\)");
    /** A prompt of {@link #item}: question, then the options line, then {@code A:}. */
    private static final Pattern PROMPT = Pattern.compile("(?s)\\AQ: (.*)\n\\(A\\) ([^\n]+) \\(B\\) ([^\n]+) \\(C\\) ([^\n]+) \\(D\\) ([^\n]+)\nA:\\z");
    private static final String CLOZE = "Fill in the blank:";
    private static final String BLANK = "___";
    private static final Pattern LEADING = Pattern.compile("^\\s*\\(?([A-D])(?![A-Za-z])");
    private static final Set<String> STOP = Set.of("that", "this", "with", "from", "have", "been", "were", "which",
        "their", "there", "they", "will", "would", "should", "could", "shall", "must", "upon", "than", "then",
        "them", "these", "those", "what", "when", "where", "while", "also", "such", "into", "only", "other",
        "some", "more", "most", "very", "much", "many", "each", "every", "being", "does", "made", "make",
        "your", "ours", "over", "under", "after", "before", "because", "about", "against", "between", "through");

    private final List<String> sentences;
    private final Map<String, List<String>> classes = new HashMap<>();
    private final Set<String> vocabulary;

    /** @param corpusText text to draw questions from (a corpus split); "" gives a grader that cannot generate */
    public MultipleChoice(String corpusText) {
        this.sentences = Sentences.of(corpusText, 8, 25);
        Map<String, Integer> freq = new HashMap<>();
        Matcher m = Pattern.compile("\\b[a-z]+\\b").matcher(corpusText);
        while (m.find()) freq.merge(m.group(), 1, Integer::sum);
        List<String> words = new ArrayList<>();
        for (Map.Entry<String, Integer> e : freq.entrySet()) if (e.getValue() >= 3 && candidate(e.getKey())) words.add(e.getKey());
        words.sort(null); // HashMap order is not part of the seed contract
        for (String w : words) classes.computeIfAbsent(wordClass(w), k -> new ArrayList<>()).add(w);
        this.vocabulary = Set.copyOf(words);
    }

    private static boolean candidate(String w) {
        return w.length() >= 4 && !STOP.contains(w);
    }

    /** A rough part-of-speech class from the suffix. */
    static String wordClass(String w) {
        if (w.endsWith("ly")) return "ly";
        if (w.endsWith("ing")) return "ing";
        if (w.endsWith("ed")) return "ed";
        if (w.matches(".*(tion|sion|ment|ness|ity)")) return "noun";
        if (w.endsWith("s")) return "s";
        return "other";
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Item> generate(int n, RandomGenerator rng) {
        if (sentences.size() < 10) throw new IllegalStateException("corpus text has too few clean sentences");
        List<Item> items = new ArrayList<>(n);
        while (items.size() < n) {
            String s = sentences.get(rng.nextInt(sentences.size()));
            List<String> words = new ArrayList<>();
            Matcher m = Pattern.compile("\\b[a-z]+\\b").matcher(s);
            while (m.find()) if (vocabulary.contains(m.group()) && classes.get(wordClass(m.group())).size() >= 20) words.add(m.group());
            if (words.isEmpty()) continue;
            String answer = words.get(rng.nextInt(words.size()));
            List<String> pool = classes.get(wordClass(answer));
            List<String> options = new ArrayList<>(List.of(answer));
            String lower = s.toLowerCase(Locale.ROOT);
            while (options.size() < 4) {
                String d = pool.get(rng.nextInt(pool.size()));
                if (!options.contains(d) && !Pattern.compile("\\b" + d + "\\b").matcher(lower).find()) options.add(d);
            }
            int correct = rng.nextInt(4);
            options.set(0, options.get(correct));
            options.set(correct, answer);
            String question = CLOZE + " " + s.replaceFirst("\\b" + answer + "\\b", BLANK);
            JsonObject meta = new JsonObject();
            meta.addProperty("word", answer);
            items.add(item(NAME + "-" + items.size(), question, options, correct, meta));
        }
        return items;
    }

    /** An item in the common format from a question, four options and the index of the correct one. */
    public static Item item(String id, String question, List<String> options, int correct, JsonObject meta) {
        StringBuilder p = new StringBuilder("Q: ").append(question.strip()).append('\n');
        for (int i = 0; i < 4; i++) p.append(i == 0 ? "" : " ").append('(').append(LETTERS.charAt(i)).append(") ").append(options.get(i).strip());
        JsonObject m = meta == null ? new JsonObject() : meta.deepCopy();
        JsonArray opts = new JsonArray();
        options.forEach(o -> opts.add(o.strip()));
        m.add("options", opts);
        return new Item(id, NAME, p.append("\nA:").toString(), answer(options.get(correct), correct), m);
    }

    /** The answer in the trained format for option {@code index}: {@code "<option>, so the answer is (X)."}. */
    public static String answer(String option, int index) {
        return option.strip() + ", so the answer is (" + LETTERS.charAt(index) + ").";
    }

    /** The four answers of an item in the trained format, A to D (from meta {@code options}). */
    public static List<String> answers(Item item) {
        if (item.meta() == null || !item.meta().has("options")) throw new IllegalArgumentException("item " + item.id() + " has no options in its meta");
        List<String> options = new ArrayList<>();
        item.meta().getAsJsonArray("options").forEach(o -> options.add(o.getAsString()));
        return answers(options);
    }

    /** The answers in the trained format for {@code options}, A to D; empty for no options. */
    public static List<String> answers(List<String> options) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < options.size(); i++) out.add(answer(options.get(i), i));
        return out;
    }

    /**
     * The four options read back from a prompt in this task's format (its last line before {@code A:} is
     * {@code (A) .. (B) .. (C) .. (D) ..}); empty if the prompt has no such line.
     */
    public static List<String> options(String prompt) {
        Matcher m = PROMPT.matcher(prompt);
        if (!m.find()) return List.of();
        return List.of(m.group(2), m.group(3), m.group(4), m.group(5));
    }

    /**
     * The answers a decoder constrained to the options may write ({@link inferlab.system.ConstrainedChoice}), A to
     * D. For a fill-in-the-blank question, its sentence restated with the blank filled, then the letter:
     * {@code "The payment of the public debt is a duty, so the answer is (A)."}, so the option is chosen right
     * after the words before the blank. Otherwise the trained answers ({@link #answer}). Empty if the prompt is not
     * in this task's format.
     */
    public static List<String> guidedChoices(String prompt) {
        Matcher m = PROMPT.matcher(prompt);
        if (!m.find()) return List.of();
        String question = m.group(1).strip();
        if (question.startsWith(CLOZE)) question = question.substring(CLOZE.length()).strip();
        String sentence = question.replaceFirst("[.!?]$", "");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String option = m.group(i + 2);
            out.add(sentence.contains(BLANK) && sentence.indexOf(BLANK) == sentence.lastIndexOf(BLANK)
                    ? sentence.replace(BLANK, option) + ", so the answer is (" + LETTERS.charAt(i) + ")."
                    : answer(option, i));
        }
        return out;
    }

    /**
     * The chosen letter: after "answer is" if present, else the first "(X)", else a leading letter
     * ({@code "B"}, {@code "B) ..."}); null if none.
     */
    public static Character parseLetter(String output) {
        for (Pattern p : List.of(ANSWER_IS, PAREN, LEADING)) {
            Matcher m = p.matcher(output);
            if (m.find()) return m.group(1).charAt(0);
        }
        return null;
    }

    /** What the course's grader reads from {@code output} (a letter, or a number that counts as wrong); null if nothing. */
    @Override
    public String parse(String output) {
        return CourseChoice.answer(output);
    }

    @Override
    public Score check(Item item, String output) {
        Character gold = parseLetter(item.answer());
        if (gold == null) throw new IllegalArgumentException("item " + item.id() + " has no answer letter: " + item.answer());
        String got = CourseChoice.answer(output);
        if (got == null) return Score.of(false, "no answer the course's grader reads");
        return Score.of(got.equals(gold.toString()), "expected " + gold + ", got " + got);
    }

    /**
     * The course's multiple-choice data from a local file, in this task's format. Accepted:
     * <ul>
     * <li>{@code .csv}, MMLU style: rows {@code question,A,B,C,D,answer} (answer a letter A–D or index 0–3),
     * RFC 4180 quoting, an optional header row whose last cell is {@code answer};</li>
     * <li>{@code .jsonl}: objects with {@code question}, options as {@code choices} (array of 4) or keys
     * {@code A}..{@code D}, and {@code answer} as a letter or index.</li>
     * </ul>
     * Ids are {@code <file name>-<row>}; meta {@code source} names the file.
     */
    public static List<Item> loadCourse(Path file) {
        String name = file.getFileName().toString();
        List<Item> items = new ArrayList<>();
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            if (name.endsWith(".csv")) {
                for (List<String> row : Csv.parse(text)) {
                    if (row.size() == 1 && row.get(0).isBlank()) continue;
                    if (row.size() != 6) throw new IllegalArgumentException(name + ": expected 6 columns, got " + row.size() + ": " + row);
                    if (items.isEmpty() && row.get(5).strip().equalsIgnoreCase("answer")) continue;
                    items.add(courseItem(name, items.size(), row.get(0), row.subList(1, 5), row.get(5)));
                }
            } else if (name.endsWith(".jsonl")) {
                for (String line : text.split("\n")) {
                    if (line.isBlank()) continue;
                    JsonObject o = JsonParser.parseString(line).getAsJsonObject();
                    List<String> options = new ArrayList<>();
                    if (o.has("choices")) {
                        JsonArray a = o.getAsJsonArray("choices");
                        for (JsonElement e : a) options.add(e.getAsString());
                    } else {
                        for (char c : LETTERS.toCharArray()) if (o.has(String.valueOf(c))) options.add(o.get(String.valueOf(c)).getAsString());
                    }
                    items.add(courseItem(name, items.size(), o.get("question").getAsString(), options, o.get("answer").getAsString()));
                }
            } else {
                throw new IllegalArgumentException("course data must be .csv or .jsonl: " + file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return items;
    }

    private static Item courseItem(String source, int row, String question, List<String> options, String answer) {
        if (options.size() != 4) throw new IllegalArgumentException(source + " row " + row + ": need 4 options, got " + options.size());
        String a = answer.strip().toUpperCase(Locale.ROOT);
        int correct = a.length() == 1 && LETTERS.indexOf(a.charAt(0)) >= 0 ? LETTERS.indexOf(a.charAt(0))
                : a.matches("[0-3]") ? Integer.parseInt(a) : -1;
        if (correct < 0) throw new IllegalArgumentException(source + " row " + row + ": answer must be A-D or 0-3, got " + answer);
        JsonObject meta = new JsonObject();
        meta.addProperty("source", source);
        return item(source + "-" + row, question, options, correct, meta);
    }

    /** Minimal RFC 4180 CSV reader: quoted fields may hold commas, newlines and doubled quotes. */
    static final class Csv {
        private Csv() {}

        static List<List<String>> parse(String text) {
            List<List<String>> rows = new ArrayList<>();
            List<String> row = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') { field.append('"'); i++; }
                    else if (c == '"') quoted = false;
                    else field.append(c);
                } else if (c == '"') quoted = true;
                else if (c == ',') { row.add(field.toString()); field.setLength(0); }
                else if (c == '\n' || c == '\r') {
                    if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') i++;
                    row.add(field.toString());
                    field.setLength(0);
                    rows.add(row);
                    row = new ArrayList<>();
                } else field.append(c);
            }
            if (field.length() > 0 || !row.isEmpty()) { row.add(field.toString()); rows.add(row); }
            return rows;
        }
    }
}
