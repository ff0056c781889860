package inferlab.task;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The answer the course's multiple-choice grader ({@code final-project/example_code/eval/grader.py}) reads
 * from an output, the string it compares with the gold letter:
 * <ol>
 * <li>after {@code The answer is}, case-insensitive, an optional '(' and one letter A–Z, upper-cased
 * ({@code "the answer is (b)"} → B; note {@code "The answer is probably C"} → P);</li>
 * <li>else what {@code math_verify.parse} (0.8.0) extracts first, on the stripped text, by its priorities:
 * a {@code \boxed{...}} (the boxes near the last one joined with ',') or "final answer ... is X", the later
 * ending; then LaTeX ({@code $B$}, {@code $$B$$}, {@code \(B\)}, {@code \[B\]}, {@code " [B] "},
 * {@code \frac{1}{2}}, several joined by and/or/commas into "B and C") or a number within 50 characters
 * after "answer:", then after "answer"; then any LaTeX or number, the one ending last winning within a
 * priority. A number found first makes the answer wrong, as there.</li>
 * </ol>
 * The comparison is exact, so {@code \boxed{(B)}}, {@code $\text{B}$}, {@code \fbox{B}}, a bare {@code B},
 * {@code (B)} or {@code The answer is: B} earn nothing, exactly as in the course. Checked against the real
 * math_verify on fuzzed outputs (test resource course-grader/fuzzed-samples.jsonl); its rarer patterns
 * ("final answer is ... I hope", percentages) are left out.
 */
final class CourseChoice {
    private CourseChoice() {}

    private static final int UNICODE = Pattern.UNICODE_CHARACTER_CLASS;
    /** Python's \\s in a str pattern is str.isspace(), which also holds the separators U+001C..U+001F. */
    private static final String S = "[\\s\\x1c-\\x1f]";
    private static final Pattern ANSWER_IS = Pattern.compile("The answer is" + S + "*\\(?([A-Z])\\)?", Pattern.CASE_INSENSITIVE | UNICODE);
    private static final String ENV = "(?:(?<!\\\\)\\$\\$((?:[^$]|\\$(?!\\$))+?)(?<!\\\\)\\$\\$"
            + "|(?<!\\\\)\\\\\\[((?:[^\\\\]|\\\\(?!\\]))+?)(?<!\\\\)\\\\\\]"
            + "|(?<![\\\\\\d])\\$((?:\\\\[$]|[^\\n$])+?)(?<!\\\\)\\$"
            + "|(?<!\\\\)\\\\\\(((?:[^\\\\\\n]|\\\\(?!\\)))+?)(?<!\\\\)\\\\\\)"
            + "|\\s\\[([^\\n\\]\\[]+?)\\]\\s"
            + "|(-?\\\\frac\\{-?\\d+(?:[.,]\\d+)?\\}\\{-?\\d+(?:[.,]\\d+)?\\}))"; // a plain \frac{1}{2} is an answer too
    /** Capture groups in {@link #ENV}. */
    private static final int ENV_GROUPS = 6;
    /** Up to six environments joined by and/or/commas form one answer, "B and C" (math_verify's next groups). */
    private static final String LATEX = ENV + ("(?:\\s*(?:,?and|,?or|,)\\s*" + ENV + ")?").repeat(5);
    private static final String NUMBER = "(?:^|\\s|=)(?:\\*\\*)?[$€£¥₹]?(?<number>-?\\d+(?:[.,]\\d+)?)";
    /** math_verify's "final answer ... is X", which competes with \\boxed at its priority (the later-ending wins). */
    private static final Pattern FINAL_IS = Pattern.compile(("(?i:final answer.{0,100}?)\\s+is:?\\s*" + LATEX).replace("\\s", S),
            Pattern.DOTALL | Pattern.UNICODE_CHARACTER_CLASS);
    /** (LaTeX pattern, number pattern) per priority, highest first. */
    private static final List<Pattern[]> PRIORITIES = List.of(
            pair("(?i:answer):.{0,50}?" + LATEX, "(?i:answer):(?:.{0,100}=\\s*|.{0,50}?)" + NUMBER + "(?!\\s*=)"),
            pair("(?i:answer).{0,50}?" + LATEX, "(?i:answer)(?:.{0,100}=\\s*|.{0,50}?)" + NUMBER + "(?!\\s*=)"),
            pair(LATEX, NUMBER));

    private static Pattern[] pair(String latex, String number) {
        return new Pattern[] {Pattern.compile(latex.replace("\\s", S), Pattern.DOTALL | UNICODE), Pattern.compile(number.replace("\\s", S), UNICODE)};
    }

    /** The string the course compares with the gold letter, or null when it extracts nothing. */
    static String answer(String output) {
        if (output == null || output.isBlank()) return null;
        Matcher m = ANSWER_IS.matcher(output);
        if (m.find()) return m.group(1).toUpperCase(Locale.ROOT);
        output = pyStrip(output); // parse_mmlu strips the response before math_verify: " [B] " at the very end is no answer
        String boxed = lastBoxed(output);
        int boxedEnd = boxed == null ? -1 : output.lastIndexOf('}') + 1;
        Matcher f = FINAL_IS.matcher(output);
        String finalIs = null;
        int finalEnd = -1;
        while (f.find()) {
            if (f.end() > finalEnd) {
                finalEnd = f.end();
                finalIs = joined(f);
            }
        }
        if (finalIs != null && finalEnd > boxedEnd) return finalIs;
        if (boxed != null) return normalize(boxed);
        for (Pattern[] p : PRIORITIES) {
            String best = null;
            int bestEnd = -1, bestStart = 0;
            for (int kind = 0; kind < 2; kind++) {
                Matcher x = p[kind].matcher(output);
                while (x.find()) {
                    if (x.end() > bestEnd || x.end() == bestEnd && x.start() < bestStart) {
                        bestEnd = x.end();
                        bestStart = x.start();
                        best = kind == 1 ? x.group("number") : joined(x);
                    }
                }
            }
            if (best != null) return best;
        }
        return null;
    }

    /** The contents of the environments a LaTeX match holds, normalized, joined with " and " as math_verify does. */
    private static String joined(Matcher m) {
        List<String> parts = new ArrayList<>();
        for (int g = 1; g <= m.groupCount(); g += ENV_GROUPS) {
            for (int k = g; k < g + ENV_GROUPS; k++) {
                if (m.group(k) != null) {
                    parts.add(normalize(extractBoxed(m.group(k)))); // normalize_latex unboxes: $\\boxed{C}$ reads C
                    break;
                }
            }
        }
        return String.join(" and ", parts);
    }

    private static String pyStrip(String t) {
        int a = 0, b = t.length();
        while (a < b && isPySpace(t.charAt(a))) a++;
        while (b > a && isPySpace(t.charAt(b - 1))) b--;
        return t.substring(a, b);
    }

    /**
     * math_verify's boxed answer: its pattern {@code \\boxed\{.+\}} needs a literal {@code \boxed{} (no space,
     * not {@code \fbox}) and runs to the text's last '}'; within that, latex2sympy2_extended's
     * extract_boxed_content (mode "last") walks {@code \boxed}/{@code \fbox} from the right, keeps earlier
     * boxes that follow closely (fewer than 10 characters apart, or fewer than 70 with and/or/,/; between and a
     * different content) and joins them with ',', so {@code \boxed{A} and \boxed{B}} reads "A,B". Null if none.
     */
    private static String lastBoxed(String text) {
        int first = text.indexOf("\\boxed{"), lastClose = text.lastIndexOf('}');
        if (first < 0 || lastClose < first + 8) return null;
        return extractBoxed(text.substring(first, lastClose + 1));
    }

    /** latex2sympy2_extended's extract_boxed_content(t, "last"); {@code t} itself when it holds no box. */
    private static String extractBoxed(String t) {
        List<String> results = new ArrayList<>();
        int current = t.length(), max = t.length(), lastStart = -1;
        while (true) {
            int boxed = t.lastIndexOf("\\boxed", current - 1), fbox = t.lastIndexOf("\\fbox", current - 1);
            if (boxed < 0 && fbox < 0) break;
            int start = Math.max(boxed, fbox), next = start + (boxed > fbox ? 6 : 5);
            while (next < max && isPySpace(t.charAt(next))) next++;
            if (next >= max) break;
            if (t.charAt(next) != '{') {
                if (results.isEmpty()) results.add(t.substring(next));
                break;
            }
            int end = -1, open = 1;
            for (int i = next + 1; i < max; i++) {
                if (t.charAt(i) == '{') open++;
                else if (t.charAt(i) == '}' && --open == 0) { end = i; break; }
            }
            if (end < 0) {
                if (results.isEmpty()) results.add(t.substring(next));
                break;
            }
            String content = t.substring(next + 1, end).strip();
            if (lastStart >= 0) {
                String between = t.substring(Math.min(end + 1, lastStart), lastStart);
                String following = results.get(results.size() - 1);
                boolean ok = between.length() < 10 || !following.equals(content) && between.length() < 70
                        && Pattern.compile("and|or|,|;").matcher(between).find();
                if (!ok) break;
            }
            results.add(content);
            lastStart = start;
            max = start;
            current = start;
        }
        if (results.isEmpty()) return t;
        Collections.reverse(results);
        return String.join(",", results);
    }

    private static boolean isPySpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u0085';
    }

    /** math_verify's clean-up of an extracted LaTeX string, as far as it can touch a single letter. */
    private static String normalize(String latex) {
        return latex.replaceAll("\\\\displaystyle|\\\\!\\s*|\\$|(?<!\\\\)[\"']", "")
                .replaceAll("\\\\m?(?:left|right)([()\\[\\]|])", "$1")
                .replace('\n', ' ').replace('\t', ' ').strip();
    }
}
