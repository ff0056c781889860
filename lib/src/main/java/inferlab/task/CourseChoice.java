package inferlab.task;

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
 * <li>else what {@code math_verify.parse} extracts first, by its priorities: the last {@code \boxed{...}};
 * then LaTeX ({@code $B$}, {@code $$B$$}, {@code \(B\)}, {@code \[B\]}, {@code " [B] "}) or a number within
 * 50 characters after "answer:", then after "answer"; then any LaTeX or number, the one ending last winning
 * within a priority. A number found first makes the answer wrong, as there.</li>
 * </ol>
 * The comparison is exact, so {@code \boxed{(B)}}, {@code $\text{B}$}, a bare {@code B}, {@code (B)} or
 * {@code The answer is: B} earn nothing, exactly as in the course. This reproduces the part of math_verify
 * that can produce a letter (boxed, math delimiters, the "answer" anchors and number pre-emption); its
 * rarer patterns ("final answer is ... I hope", fractions, lists joined by "and") are left out.
 */
final class CourseChoice {
    private CourseChoice() {}

    private static final int UNICODE = Pattern.UNICODE_CHARACTER_CLASS;
    private static final Pattern ANSWER_IS = Pattern.compile("The answer is\\s*\\(?([A-Z])\\)?", Pattern.CASE_INSENSITIVE | UNICODE);
    private static final String ENV = "(?:(?<!\\\\)\\$\\$((?:[^$]|\\$(?!\\$))+?)(?<!\\\\)\\$\\$"
            + "|(?<!\\\\)\\\\\\[((?:[^\\\\]|\\\\(?!\\]))+?)(?<!\\\\)\\\\\\]"
            + "|(?<![\\\\\\d])\\$((?:\\\\[$]|[^\\n$])+?)(?<!\\\\)\\$"
            + "|(?<!\\\\)\\\\\\(((?:[^\\\\\\n]|\\\\(?!\\)))+?)(?<!\\\\)\\\\\\)"
            + "|\\s\\[([^\\n\\]\\[]+?)\\]\\s)";
    private static final String NUMBER = "(?:^|\\s|=)(?:\\*\\*)?[$€£¥₹]?(?<number>-?\\d+(?:[.,]\\d+)?)";
    /** (LaTeX pattern, number pattern) per priority, highest first. */
    private static final List<Pattern[]> PRIORITIES = List.of(
            pair("(?i:answer):.{0,50}?" + ENV, "(?i:answer):(?:.{0,100}=\\s*|.{0,50}?)" + NUMBER + "(?!\\s*=)"),
            pair("(?i:answer).{0,50}?" + ENV, "(?i:answer)(?:.{0,100}=\\s*|.{0,50}?)" + NUMBER + "(?!\\s*=)"),
            pair(ENV, NUMBER));

    private static Pattern[] pair(String latex, String number) {
        return new Pattern[] {Pattern.compile(latex, Pattern.DOTALL | UNICODE), Pattern.compile(number, UNICODE)};
    }

    /** The string the course compares with the gold letter, or null when it extracts nothing. */
    static String answer(String output) {
        if (output == null || output.isBlank()) return null;
        Matcher m = ANSWER_IS.matcher(output);
        if (m.find()) return m.group(1).toUpperCase(Locale.ROOT);
        String boxed = lastBoxed(output);
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
                        best = kind == 1 ? x.group("number") : normalize(firstGroup(x));
                    }
                }
            }
            if (best != null) return best;
        }
        return null;
    }

    private static String firstGroup(Matcher m) {
        for (int g = m.groupCount(); g >= 1; g--) if (m.group(g) != null) return m.group(g);
        return "";
    }

    /** The content of the last {@code \boxed{...}} or {@code \fbox{...}} with balanced braces, else null. */
    private static String lastBoxed(String text) {
        int at = Math.max(text.lastIndexOf("\\boxed"), text.lastIndexOf("\\fbox"));
        if (at < 0) return null;
        int open = text.indexOf('{', at);
        int name = at + (text.startsWith("\\boxed", at) ? 6 : 5);
        if (open < 0 || !text.substring(name, open).isBlank()) return null;
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            if (text.charAt(i) == '{') depth++;
            else if (text.charAt(i) == '}' && --depth == 0) return text.substring(open + 1, i);
        }
        return text.substring(open + 1);
    }

    /** math_verify's clean-up of an extracted LaTeX string, as far as it can touch a single letter. */
    private static String normalize(String latex) {
        return latex.replaceAll("\\\\displaystyle|\\\\!\\s*|\\$|(?<!\\\\)[\"']", "")
                .replaceAll("\\\\m?(?:left|right)([()\\[\\]|])", "$1")
                .replace('\n', ' ').replace('\t', ' ').strip();
    }
}
